import type { JobQueue, JobQueueConfig } from '../../jobs/job-queue.port.js';
import { BullmqJobQueue } from './bullmq-job-queue.js';
import { InProcessJobQueue } from './in-process-job-queue.js';

export interface CreateJobQueueConfig extends JobQueueConfig {
  /** Set: jobs live in Redis (BullMQ) and any number of processes share them. Unset: in process, single machine. */
  readonly redisUrl?: string | undefined;
  /** In process only: what queues the jobs again after a stop (see InProcessJobQueueConfig). */
  readonly abandonedJobsRecreatedBy?: string;
}

/** Picks the implementation from config, as matrix-hookshot picks its message queue. */
export function createJobQueue(config: CreateJobQueueConfig): JobQueue {
  const { redisUrl, abandonedJobsRecreatedBy, ...rest } = config;
  if (redisUrl !== undefined && redisUrl !== '') {
    config.log.info({ prefix: config.prefix, backend: 'redis' }, 'job queue on Redis (BullMQ)');
    return new BullmqJobQueue({ ...rest, redisUrl });
  }
  config.log.info({ prefix: config.prefix, backend: 'in-process' }, 'job queue in process (no REDIS_URL): jobs do not survive a restart');
  return new InProcessJobQueue({ ...rest, ...(abandonedJobsRecreatedBy ? { abandonedJobsRecreatedBy } : {}) });
}
