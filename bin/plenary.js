#!/usr/bin/env node
// Entry point of the `plenary` command. Plenary needs Node >= 22.12; on an
// older Node this re-runs itself with the one scripts/ensure-node.sh provides.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  const found = spawnSync('bash', [join(root, 'scripts/ensure-node.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (found.status !== 0) process.exit(found.status ?? 1);
  const node = join(found.stdout.trim(), 'node');
  const r = spawnSync(node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const { register } = await import('tsx/esm/api');
register();
await import(pathToFileURL(join(root, 'src/bots/cli/main.ts')).href);
