import { describe, expect, it } from 'vitest';
import { restShare, shardIds } from '../../../src/adapters/discord/sharding.js';
import { parseShards, SHARD_ENTRY } from '../../../src/bots/cli/shards.js';

describe('sharding', () => {
  it('WHEN ShardingManager sets SHARDS to one id (as it does for each process) THEN that is the shard, and the REST share follows', () => {
    expect(shardIds({ SHARDS: '1', SHARD_COUNT: '2' })).toEqual([1]);
    expect(shardIds({ SHARDS: '[0,3]' })).toEqual([0, 3]);
    expect(shardIds({})).toEqual([0]);
    expect(shardIds({ SHARDS: 'x' })).toEqual([0]);
    expect(shardIds({ SHARDS: '[1.5]' })).toEqual([0]);
    expect(restShare({ SHARDS: '1', SHARD_COUNT: '2' })).toBe(25);
  });

  it('WHEN --shards is given THEN auto or 1..1000 is taken, anything else is refused with what it takes', () => {
    expect(parseShards('auto')).toEqual({ ok: true, total: 'auto' });
    expect(parseShards('2')).toEqual({ ok: true, total: 2 });
    expect(parseShards('1000')).toEqual({ ok: true, total: 1000 });
    for (const bad of ['0', '1001', '-1', '2.5', 'two', '', ' 2']) expect(parseShards(bad)).toMatchObject({ ok: false, message: expect.stringContaining('--shards is auto') as unknown });
  });

  it('the manager spawns the shard entry file, not the CLI', () => {
    expect(SHARD_ENTRY).toMatch(/bin\/plenary-shard\.js$/);
  });
});
