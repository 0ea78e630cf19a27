/** Discord's REST budget for one bot token, across every process that uses it. */
export const GLOBAL_REQUESTS_PER_SECOND = 50;

/**
 * This process's share of the global REST budget. discord.js paces requests
 * per route and globally, but only within one process; under
 * `ShardingManager` each shard process runs its own REST queue, so each gets
 * its share. `SHARDS` (this process's shard ids, JSON) and `SHARD_COUNT` are
 * set by ShardingManager for the processes it spawns, and read by discord.js
 * itself from the same variables.
 */
export function restShare(env: Readonly<Record<string, string | undefined>>): number {
  const count = Number(env.SHARD_COUNT);
  if (!Number.isInteger(count) || count <= 1) return GLOBAL_REQUESTS_PER_SECOND;
  return Math.max(1, Math.floor((GLOBAL_REQUESTS_PER_SECOND * shardIds(env).length) / count));
}

/**
 * This process's shard ids. ShardingManager sets `SHARDS` to one id ("1") for
 * the processes it spawns; a JSON list ("[0,1]") is accepted too. None: [0].
 */
export function shardIds(env: Readonly<Record<string, string | undefined>>): number[] {
  try {
    const ids: unknown = JSON.parse(env.SHARDS ?? '[0]');
    if (Number.isInteger(ids)) return [ids as number];
    return Array.isArray(ids) && ids.length > 0 && ids.every((n) => Number.isInteger(n)) ? (ids as number[]) : [0];
  } catch {
    return [0];
  }
}
