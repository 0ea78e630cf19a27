import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { BullmqJobQueue } from '../../../src/adapters/queue/bullmq-job-queue.js';
import { describeJobQueueConformance } from '../../support/job-queue.conformance.js';
import { deleteKeysUnder } from '../../support/redis-keys.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const admin = new Redis(redisUrl);

afterAll(async () => {
  await admin.quit();
});

describeJobQueueConformance({
  implementation: 'BullMQ on Redis',
  create: (options) => new BullmqJobQueue({ ...options, redisUrl }),
  // Each test has its own prefix; deleting its keys leaves Redis as it began.
  cleanup: (prefix) => deleteKeysUnder(admin, prefix),
});
