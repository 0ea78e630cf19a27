import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { Queue } from 'bullmq';
import type { Hono } from 'hono';
import { Redis } from 'ioredis';

export interface BullBoardConfig {
  readonly redisUrl: string;
  /** PLENARY_QUEUE_PREFIX: the same key prefix the workers use. */
  readonly prefix: string;
  /** Lane names: one BullMQ queue each. */
  readonly lanes: readonly string[];
  /** Where the web app mounts it (bull-board writes it into its page's <base>). */
  readonly basePath: string;
}

export interface BullBoard {
  readonly app: Hono;
  close(): Promise<void>;
}

/**
 * bull-board (the maintained BullMQ dashboard) over Plenary's lanes, on its
 * own Redis connection so the web view never borrows the workers'. Read-only:
 * jobs come from outbox rows and the deadline sweep, which re-queue missing
 * work themselves; a button that deletes or promotes a job would bypass that.
 */
export function openBullBoard(config: BullBoardConfig): BullBoard {
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, connectionName: `${config.prefix}:dashboard`, lazyConnect: true });
  redis.on('error', () => undefined); // bull-board reports an unreachable Redis on the page itself
  const queues = config.lanes.map((lane) => new Queue(lane, { connection: redis, prefix: config.prefix }));
  const server = new HonoAdapter(serveStatic).setBasePath(config.basePath);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: true, allowRetries: false })),
    serverAdapter: server,
    options: { uiConfig: { boardTitle: 'Plenary jobs' } },
  });
  return {
    app: server.registerPlugin(),
    async close() {
      await Promise.all(queues.map((q) => q.close()));
      redis.disconnect();
    },
  };
}
