import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BullmqJobQueue } from '../../../src/adapters/queue/bullmq-job-queue.js';
import { createJobQueue } from '../../../src/adapters/queue/create-job-queue.js';
import { defineJob } from '../../../src/jobs/define-job.js';
import { handleJob } from '../../../src/jobs/job-handler.js';
import { recordingLogger } from '../../support/recording-logger.js';
import { deleteKeysUnder } from '../../support/redis-keys.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ping = defineJob({ name: 'ping', version: 1, payload: z.object({}) });

describe('createJobQueue with a Redis URL', () => {
  it('GIVEN REDIS_URL THEN jobs go through BullMQ on that Redis', async () => {
    const prefix = `plenary-test-create-${process.pid}`;
    const queue = createJobQueue({ redisUrl, prefix, log: recordingLogger(), retention: { completedMaxCount: 0 } });
    try {
      expect(queue).toBeInstanceOf(BullmqJobQueue);
      let ran = false;
      await queue.add(ping, {}, { jobId: 'once' });
      await queue.work([handleJob(ping, () => { ran = true; })], { concurrency: 1 });
      await queue.whenIdle();
      expect(ran).toBe(true);
    } finally {
      await queue.close();
      const admin = new Redis(redisUrl);
      await deleteKeysUnder(admin, prefix);
      await admin.quit();
    }
  });
});
