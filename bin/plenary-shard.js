#!/usr/bin/env node
// One shard process of `plenary start --shards`: spawned by discord.js
// ShardingManager (src/bots/cli/shards.ts) over an IPC channel. It never
// re-runs itself under another Node (as bin/plenary.js does on an old one):
// the re-run would be a grandchild without the manager's IPC channel. The
// manager runs on Node >= 22.12 and spawns this file with that same Node.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`a Plenary shard needs Node >= 22.12, got ${process.versions.node}: start it with plenary start --shards\n`);
  process.exit(1);
}
if (!process.send) {
  process.stderr.write('bin/plenary-shard.js is spawned by plenary start --shards (it needs the sharding manager\'s IPC channel); run that instead\n');
  process.exit(2);
}
const { register } = await import('tsx/esm/api');
register();
await import(pathToFileURL(join(root, 'src/bots/shard-main.ts')).href);
