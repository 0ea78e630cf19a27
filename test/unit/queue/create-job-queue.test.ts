import { describe, expect, it } from 'vitest';
import { createJobQueue } from '../../../src/adapters/queue/create-job-queue.js';
import { InProcessJobQueue } from '../../../src/adapters/queue/in-process-job-queue.js';
import { recordingLogger } from '../../support/recording-logger.js';

describe('createJobQueue', () => {
  it('GIVEN no REDIS_URL (unset or empty) THEN it runs jobs in process and says they do not survive a restart', async () => {
    for (const redisUrl of [undefined, '']) {
      const log = recordingLogger();
      const queue = createJobQueue({ redisUrl, prefix: 'p', log });
      expect(queue).toBeInstanceOf(InProcessJobQueue);
      expect(log.entries[0]).toMatchObject({ level: 'info', fields: { backend: 'in-process' } });
      await queue.close();
    }
  });
});
