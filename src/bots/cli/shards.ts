import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ShardingManager } from 'discord.js';
import type { Logger } from '../../core/ports/logger.port.js';
import type { Config } from '../config.js';

/** The file ShardingManager spawns per shard: not the CLI (which may re-run itself and lose the IPC channel). */
export const SHARD_ENTRY = join(dirname(fileURLToPath(import.meta.url)), '../../../bin/plenary-shard.js');

/** `--shards auto|N` → discord.js's totalShards, or a message saying what is wrong. */
export function parseShards(value: string): { ok: true; total: number | 'auto' } | { ok: false; message: string } {
  if (value === 'auto') return { ok: true, total: 'auto' };
  const n = Number(value);
  if (/^\d+$/.test(value) && n >= 1 && n <= 1000) return { ok: true, total: n };
  return { ok: false, message: '--shards is auto (Discord recommends a count) or a whole number of shards from 1 to 1000' };
}

/** Why the configuration cannot run several shard processes, or null. */
export function shardingRefusal(config: Config): string | null {
  if (!config.DISCORD_TOKEN) return 'Sharding is for the Discord bot: set DISCORD_TOKEN and DISCORD_APPLICATION_ID.';
  if (!config.DATABASE_URL)
    return 'Sharding runs one process per shard, and the embedded store (PGlite in PLENARY_DATA_DIR) serves one process: two would overwrite each other\'s files. Set DATABASE_URL to a PostgreSQL server (and REDIS_URL, so every shard works one queue and one Discord send lane), then run plenary migrate.';
  return null;
}

export interface ShardsOptions {
  readonly total: number | 'auto';
  /** Resolves to stop the shards (default: SIGINT / SIGTERM). */
  readonly until?: Promise<void>;
  /** Told once every shard is spawned and ready. */
  readonly onReady?: (manager: ShardingManager) => Promise<void> | void;
}

/**
 * `plenary start --shards auto|N`: discord.js ShardingManager spawns one
 * process per shard running bin/plenary-shard.js (each a `plenary start` for
 * its shards, over the shared PostgreSQL), respawns one that dies, and stops
 * them all on SIGINT/SIGTERM. The embedded store is refused.
 */
export async function runShards(config: Config, log: Logger, o: ShardsOptions): Promise<number> {
  const refusal = shardingRefusal(config);
  if (refusal || !config.DISCORD_TOKEN) {
    process.stderr.write(`${refusal}\n`);
    return 2;
  }
  // Each shard process inherits this one's environment (discord.js adds SHARDS, SHARD_COUNT and the token).
  const manager = new ShardingManager(SHARD_ENTRY, { token: config.DISCORD_TOKEN, totalShards: o.total, mode: 'process', respawn: true, execArgv: [] });
  manager.on('shardCreate', (shard) => {
    log.info({ shard: shard.id, of: manager.totalShards }, 'shard spawned');
    shard.on('death', () => log.warn({ shard: shard.id }, 'shard process exited; respawning'));
  });
  await manager.spawn({ timeout: 60_000 });
  log.info({ shards: manager.totalShards }, 'Plenary is running sharded');
  await o.onReady?.(manager);
  await (o.until ??
    new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    }));
  log.info({}, 'stopping the shards');
  manager.respawn = false;
  await Promise.all([...manager.shards.values()].map((s) => stopShard(s)));
  return 0;
}

/** SIGTERM (the shard's `plenary start` closes gracefully), then a kill after 15 s. */
async function stopShard(shard: import('discord.js').Shard): Promise<void> {
  const child = shard.process;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
