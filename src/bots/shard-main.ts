/**
 * One shard process (bin/plenary-shard.js): `plenary start` for the Discord
 * shards discord.js assigned it (SHARDS / SHARD_COUNT, set by
 * ShardingManager; the REST budget share follows them, sharding.ts). Matrix
 * runs only in the process that has shard 0: one Matrix account is served by
 * one process.
 */
import { loadConfig } from './config.js';
import { runStart } from './cli/start.js';
import { createLogger } from './logger.js';
import { installProcessGuards } from './process-guards.js';
import { shardIds } from '../adapters/discord/sharding.js';

const loaded = loadConfig(process.env);
if (!loaded.ok) {
  process.stderr.write(`${loaded.problems.join('\n')}\n`);
  process.exit(2);
}
const ids = shardIds(process.env);
const base = createLogger(loaded.config);
const log = base.child({ shards: ids });
installProcessGuards(log);
const config = ids.includes(0) ? loaded.config : { ...loaded.config, MATRIX_HOMESERVER_URL: undefined, MATRIX_ACCESS_TOKEN: undefined, MATRIX_PASSWORD: undefined };
process.exitCode = await runStart(config, log);
process.exit();
