import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/** What `.env` contributed, for `doctor` (which file, which variables the real environment overrode). */
export type EnvFileLoad =
  | { readonly kind: 'none'; readonly path: string }
  | { readonly kind: 'read'; readonly path: string; readonly applied: readonly string[]; readonly overridden: readonly string[] }
  | { readonly kind: 'error'; readonly path: string; readonly message: string };

/**
 * Loads `.env` from the working directory into `env` the way Node's
 * `--env-file` does (Node's own parser, `util.parseEnv`): a variable already in
 * the environment wins over the file, even when set to the empty string.
 * `.env.example` documents the variables; `.env` is git-ignored, so secrets
 * can live there. A missing file is normal.
 */
export function loadEnvFile(env: NodeJS.ProcessEnv, cwd: string, read: (path: string) => string = (p) => readFileSync(p, 'utf8')): EnvFileLoad {
  const path = resolve(cwd, '.env');
  let text: string;
  try {
    text = read(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none', path };
    return { kind: 'error', path, message: e instanceof Error ? e.message : String(e) };
  }
  const applied: string[] = [];
  const overridden: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (Object.hasOwn(env, name)) overridden.push(name);
    else {
      env[name] = value;
      applied.push(name);
    }
  }
  return { kind: 'read', path, applied, overridden };
}

/** One line for `doctor`. Names only, never values (the file holds tokens). */
export function describeEnvFile(load: EnvFileLoad): string {
  if (load.kind === 'none') return `no ${load.path}: environment variables only (copy .env.example to .env to keep settings there)`;
  if (load.kind === 'error') return `cannot read ${load.path}: ${load.message}`;
  const from = `read ${load.path}: ${load.applied.length} variable(s) from the file${load.applied.length > 0 ? ` (${load.applied.join(', ')})` : ''}`;
  return load.overridden.length > 0 ? `${from}; the environment wins for ${load.overridden.join(', ')}` : from;
}
