import type { AnyJobDefinition, JobDefinition, JobSchema } from './define-job.js';
import type { z } from 'zod';
import type { Logger } from '../core/ports/logger.port.js';

/**
 * Background work (relaying a proposal to 100,000 assemblies, posting to a
 * rate-limited platform) goes through this port, so one machine runs it in
 * process and a fleet runs it on Redis with BullMQ, chosen by config, with
 * the same retry, dedupe and pacing semantics (modelled on BullMQ's).
 */
export interface JobQueue {
  /**
   * Validates the payload against the definition's schema (throws
   * `InvalidJobPayloadError`) and enqueues it. Adding a `jobId` that still
   * exists (waiting, delayed, active, failed, or completed and not yet
   * removed) is a no-op.
   */
  add<S extends JobSchema>(definition: JobDefinition<S>, payload: z.input<S>, options: AddJobOptions): Promise<void>;
  /**
   * Validates every entry first (nothing is added if one is invalid), then
   * adds them lane by lane. `replaceFinished`: a job whose id exists but has
   * completed or failed for good is replaced by the new one (the outbox
   * reconciler re-queues work whose effect is still missing); one still
   * waiting, delayed or active is left alone.
   */
  addBulk(jobs: readonly JobToAdd[], options?: { readonly replaceFinished?: boolean }): Promise<void>;
  /**
   * Starts one worker per lane that the handlers belong to. `concurrency`
   * is per lane and per process. Resolves once the workers are running.
   */
  work(handlers: readonly JobHandler[], options: WorkOptions): Promise<JobWorker>;
  /** Counts for one lane, or summed over every lane this queue has used. */
  counts(lane?: string): Promise<JobCounts>;
  /** Jobs that failed for good, newest first; they stay until the retention bound pushes them out. */
  failed(options?: { readonly lane?: string; readonly limit?: number }): Promise<readonly FailedJob[]>;
  /** Resolves when nothing is waiting, delayed or active; rejects with `JobQueueTimeoutError` after `timeoutMs` (default 30 s). */
  whenIdle(options?: { readonly timeoutMs?: number }): Promise<void>;
  /** Closes workers gracefully (running handlers finish), then the queue. Idempotent. */
  close(): Promise<void>;
}

export interface AddJobOptions {
  /** Deterministic id, unique per job name (e.g. `${proposalId}.${assemblyId}`); no ':'. */
  readonly jobId: string;
  readonly delayMs?: number;
  /** Total tries including the first; default from the queue's retry policy (8). */
  readonly attempts?: number;
  /** Exponential backoff base: the n-th retry waits base * 2^(n-1) ms plus jitter, capped. */
  readonly backoffBaseMs?: number;
}

/** One entry of `addBulk`; build it with `jobToAdd` so the payload is type-checked. */
export interface JobToAdd {
  readonly definition: AnyJobDefinition;
  readonly payload: unknown;
  readonly options: AddJobOptions;
}

export function jobToAdd<S extends JobSchema>(definition: JobDefinition<S>, payload: z.input<S>, options: AddJobOptions): JobToAdd {
  return { definition, payload, options };
}

/** What a handler receives. `attempt` starts at 1; a rate-limited run does not use one up. */
export interface ReceivedJob<P> {
  readonly id: string;
  readonly name: string;
  readonly version: number;
  readonly payload: P;
  readonly attempt: number;
  readonly maxAttempts: number;
}

/** A handler bound to its definition; build it with `handleJob` (it re-validates the payload). */
export interface JobHandler {
  readonly definition: AnyJobDefinition;
  run(job: ReceivedJob<unknown>): Promise<void>;
}

export interface WorkOptions {
  readonly concurrency: number;
  /** Overrides `concurrency` for named lanes (e.g. a strictly paced platform lane). */
  readonly concurrencyByLane?: Readonly<Record<string, number>>;
}

export interface JobWorker {
  readonly lanes: readonly string[];
  /** Stops taking jobs and resolves when the running handlers have finished. */
  close(): Promise<void>;
}

export interface JobCounts {
  readonly waiting: number;
  readonly delayed: number;
  readonly active: number;
  readonly completed: number;
  readonly failed: number;
}

export interface FailedJob {
  readonly id: string;
  readonly name: string;
  readonly version: number;
  readonly lane: string;
  readonly payload: unknown;
  readonly attemptsMade: number;
  readonly reason: string;
  readonly failedAt: number;
}

/** The queue logs through the core's logger port; it needs no child loggers. */
export type JobLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export interface RetryPolicy {
  readonly attempts: number;
  readonly backoffBaseMs: number;
  readonly maxBackoffMs: number;
  /** Extra random delay, as a fraction of the backoff, so 100k jobs failing together do not retry together. */
  readonly jitter: number;
}

/** Completed jobs are removed by age and count so Redis memory stays flat; failed jobs are kept, bounded. */
export interface RetentionPolicy {
  readonly completedMaxCount: number;
  readonly completedMaxAgeMs: number;
  readonly failedMaxCount: number;
}

export interface JobQueueConfig {
  /** Namespaces queue keys (Redis key prefix), so tests and deployments never share jobs. */
  readonly prefix: string;
  /**
   * How long a worker holds a running job before the queue may give it to
   * another (renewed while it runs): after a worker dies, its jobs run again
   * within about twice this. Every handler is idempotent, so a job is retried
   * however often its worker dies. Default 30 s.
   */
  readonly lockMs?: number;
  readonly log: JobLogger;
  readonly retry?: Partial<RetryPolicy>;
  readonly retention?: Partial<RetentionPolicy>;
}
