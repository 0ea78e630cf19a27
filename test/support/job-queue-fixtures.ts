import { z } from 'zod';
import { defineJob } from '../../src/jobs/define-job.js';
import type { JobQueue, RetentionPolicy, RetryPolicy } from '../../src/jobs/job-queue.port.js';
import type { LogEntry } from './recording-logger.js';

export interface OpenQueue {
  readonly queue: JobQueue;
  readonly logs: LogEntry[];
}

/** Opens a queue on a prefix of its own, closed and cleaned up after the test. */
export type OpenQueueFn = (options?: { retry?: Partial<RetryPolicy>; retention?: Partial<RetentionPolicy> }) => OpenQueue;

export const greet = defineJob({ name: 'greet', version: 1, payload: z.object({ name: z.string().min(1) }) });

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
