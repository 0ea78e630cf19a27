import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { BullmqJobQueue } from '../../../src/adapters/queue/bullmq-job-queue.js';
import { describeJobQueueConformance } from '../../support/job-queue.conformance.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const admin = new Redis(redisUrl);

afterAll(async () => {
  await admin.quit();
});

describeJobQueueConformance({
  implementation: 'BullMQ on Redis',
  create: (options) => new BullmqJobQueue({ ...options, redisUrl }),
  // Each test has its own prefix; delete every key under it so Redis ends as it began.
  cleanup: async (prefix) => {
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await admin.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  },
});
