import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/bots/config.js';
import { runShards, shardingRefusal } from '../../../src/bots/cli/shards.js';
import { memoryLog } from '../../support/discord-harness.js';
import { DiscordTwin } from '../../support/discord-twin.js';
import { TEST_ADMIN_URL, testDatabase, type TestDatabase } from '../../support/test-database.js';

describe('GIVEN plenary start --shards', () => {
  it('WHEN there is no DATABASE_URL THEN it refuses the embedded store and says to set DATABASE_URL', () => {
    const embedded = configSchema.parse({ DISCORD_TOKEN: 'x', DISCORD_APPLICATION_ID: '123456789012345678' });
    expect(shardingRefusal(embedded)).toMatch(/embedded store .* serves one process.*Set DATABASE_URL/s);
    expect(shardingRefusal(configSchema.parse({ DATABASE_URL: 'postgresql://u@127.0.0.1/p' }))).toMatch(/DISCORD_TOKEN/);
    expect(shardingRefusal(configSchema.parse({ DATABASE_URL: 'postgresql://u@127.0.0.1/p', DISCORD_TOKEN: 'x', DISCORD_APPLICATION_ID: '123456789012345678' }))).toBeNull();
  });

  describe('WHEN it spawns 2 shards against the twin on PostgreSQL', () => {
    let twin: DiscordTwin;
    let db: TestDatabase;
    const saved = { ...process.env };
    beforeAll(async () => {
      db = await testDatabase();
      twin = await DiscordTwin.start({ users: ['ana'], channels: [{ name: 'town-square' }] });
    });
    afterAll(async () => {
      process.env = saved;
      await twin.stop();
      await db.close();
    });

    it('THEN each shard process is its own shard, answers the manager over IPC, and all stop cleanly', async () => {
      const url = new URL(TEST_ADMIN_URL);
      url.pathname = `/${db.name}`;
      // The shard processes inherit this environment (ShardingManager adds SHARDS and SHARD_COUNT).
      Object.assign(process.env, { DATABASE_URL: url.toString(), DISCORD_TOKEN: twin.twin.botToken, DISCORD_APPLICATION_ID: twin.botUserId, DISCORD_API_URL: twin.api, LOG_LEVEL: 'warn', DISCORD_ELECTORATE_SYNC_MINUTES: '0' });
      delete process.env.REDIS_URL;
      const config = configSchema.parse(process.env);
      let stop!: () => void;
      const until = new Promise<void>((resolve) => (stop = resolve));
      const seen: { ids: unknown[]; count: unknown[]; pids: unknown[] } = { ids: [], count: [], pids: [] };
      const log = memoryLog();
      const code = await runShards(config, log, {
        total: 2,
        until,
        onReady: async (manager) => {
          seen.ids = await manager.fetchClientValues('shard.ids');
          seen.count = await manager.fetchClientValues('shard.count');
          seen.pids = await manager.broadcastEval(() => process.pid);
          stop();
        },
      });
      expect(code).toBe(0);
      expect(seen.ids).toEqual([[0], [1]]);
      expect(seen.count).toEqual([2, 2]);
      expect(new Set(seen.pids).size).toBe(2);
      expect(seen.pids).not.toContain(process.pid);
    }, 180_000);
  });
});
