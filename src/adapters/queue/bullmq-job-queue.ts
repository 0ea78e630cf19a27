import { Queue, UnrecoverableError, Worker, type Job, type RateLimiterOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { parseJobKey, type AnyJobDefinition, type JobDefinition, type JobSchema } from '../../jobs/define-job.js';
import { JobQueueClosedError, JobQueueTimeoutError, RateLimitedJobError, UnrecoverableJobError } from '../../jobs/errors.js';
import type { AddJobOptions, FailedJob, JobCounts, JobHandler, JobQueue, JobQueueConfig, JobToAdd, JobWorker, RetentionPolicy, RetryPolicy, WorkOptions } from '../../jobs/job-queue.port.js';
import { backoffDelayMs, groupHandlersByLane, resolveAdd, resolvePolicies, toError, userJobId, type LaneHandlers, type ResolvedAdd } from '../../jobs/job-policy.js';

export interface BullmqJobQueueConfig extends JobQueueConfig {
  readonly redisUrl: string;
  /** Length cap of each lane's BullMQ event stream; nothing here reads it, so it stays short. */
  readonly eventsMaxLen?: number;
}

// Our backoff (capped exponential plus jitter) is a custom BullMQ strategy:
// jobs carry only the type and base delay; every Worker must register the
// strategy or a retry fails with "Unknown backoff strategy".
const BACKOFF_TYPE = 'plenary-exponential';

// BullMQ honours a rate-limit key set by `queue.rateLimit()` in other workers
// only when the worker has a limiter (moveToActive checks the key against
// `limiter.max`). Lanes without pacing get one that never binds, so a 429
// seen by one worker pauses the lane for all of them.
const NEVER_BINDING_LIMITER: RateLimiterOptions = { max: 1_000_000_000, duration: 1_000 };

const COUNTED_TYPES = ['wait', 'prioritized', 'waiting-children', 'delayed', 'active', 'completed', 'failed'] as const;

/**
 * The job-queue port on Redis through BullMQ, for a fleet of bot processes.
 * One BullMQ queue per lane (not one per job name, nor one for everything):
 * BullMQ's limiter and `rateLimit()` act on a whole queue, and a lane is
 * exactly the set of jobs that share a platform limit, so each platform's
 * pacing stays independent while job types within a lane share it.
 */
export class BullmqJobQueue implements JobQueue {
  private readonly retry: RetryPolicy;
  private readonly retention: RetentionPolicy;
  private readonly producer: Redis;
  private consumer: Redis | undefined;
  private readonly queues = new Map<string, Queue>();
  private readonly workers = new Set<Worker>();
  private closed = false;

  constructor(private readonly config: BullmqJobQueueConfig) {
    ({ retry: this.retry, retention: this.retention } = resolvePolicies(config));
    // Producers keep ioredis' default maxRetriesPerRequest so an add fails fast when Redis is down.
    this.producer = this.connect('producer', {});
  }

  add<S extends JobSchema>(definition: JobDefinition<S>, payload: unknown, options: AddJobOptions): Promise<void> {
    return this.addBulk([{ definition, payload, options }]);
  }

  async addBulk(entries: readonly JobToAdd[], options: { readonly replaceFinished?: boolean } = {}): Promise<void> {
    this.assertOpen();
    const byLane = new Map<string, { definition: AnyJobDefinition; job: ResolvedAdd }[]>();
    for (const entry of entries) {
      const job = resolveAdd(entry.definition, entry.payload, entry.options, this.retry);
      const lane = entry.definition.lane.name;
      const list = byLane.get(lane) ?? [];
      list.push({ definition: entry.definition, job });
      byLane.set(lane, list);
    }
    if (options.replaceFinished) await this.removeFinished(byLane);
    await Promise.all(
      [...byLane].map(([lane, jobs]) =>
        this.queueFor(lane).addBulk(
          jobs.map(({ definition, job }) => ({
            name: definition.key,
            data: job.payload,
            opts: { jobId: job.storedId, attempts: job.attempts, delay: job.delayMs, backoff: { type: BACKOFF_TYPE, delay: job.backoffBaseMs } },
          })),
        ),
      ),
    );
  }

  /** Removes jobs with these ids that completed or failed for good, so adding them again runs them again. */
  private async removeFinished(byLane: ReadonlyMap<string, readonly { job: ResolvedAdd }[]>): Promise<void> {
    for (const [lane, jobs] of byLane) {
      const queue = this.queueFor(lane);
      // Concurrent commands on one connection: ioredis pipelines them (a reconcile may re-check thousands).
      await Promise.all(
        jobs.map(async ({ job }) => {
          const state = await queue.getJobState(job.storedId);
          if (state === 'completed' || state === 'failed') await queue.remove(job.storedId);
        }),
      );
    }
  }

  async work(handlers: readonly JobHandler[], options: WorkOptions): Promise<JobWorker> {
    this.assertOpen();
    const started = [...groupHandlersByLane(handlers, options)].map(([name, group]) => this.startWorker(name, group));
    try {
      await Promise.all(started.map((worker) => worker.waitUntilReady()));
    } catch (error) {
      await Promise.allSettled(started.map((worker) => this.closeWorker(worker)));
      throw error;
    }
    return {
      lanes: started.map((worker) => worker.name),
      close: async () => {
        await Promise.all(started.map((worker) => this.closeWorker(worker)));
      },
    };
  }

  async counts(lane?: string): Promise<JobCounts> {
    const names = lane === undefined ? [...this.queues.keys()] : [lane];
    const total = { waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 };
    for (const name of names) {
      const c = await this.queueFor(name).getJobCounts(...COUNTED_TYPES);
      total.waiting += (c.wait ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0);
      total.delayed += c.delayed ?? 0;
      total.active += c.active ?? 0;
      total.completed += c.completed ?? 0;
      total.failed += c.failed ?? 0;
    }
    return total;
  }

  async failed(options: { readonly lane?: string; readonly limit?: number } = {}): Promise<readonly FailedJob[]> {
    const limit = options.limit ?? 100;
    const names = options.lane === undefined ? [...this.queues.keys()] : [options.lane];
    const result: FailedJob[] = [];
    for (const lane of names) {
      const jobs = (await this.queueFor(lane).getFailed(0, limit - 1)) as Job<unknown, void>[];
      for (const job of jobs) {
        const { name, version } = parseJobKey(job.name);
        result.push({
          id: userJobId(job.id ?? ''),
          name,
          version,
          lane,
          payload: job.data,
          attemptsMade: job.attemptsMade,
          reason: job.failedReason,
          failedAt: job.finishedOn ?? job.timestamp,
        });
      }
    }
    result.sort((a, b) => b.failedAt - a.failedAt);
    return result.slice(0, limit);
  }

  async whenIdle(options: { readonly timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const deadline = Date.now() + timeoutMs;
    // Each getJobCounts is one atomic script per lane, so a job is never seen between two states.
    for (;;) {
      const c = await this.counts();
      if (c.waiting + c.delayed + c.active === 0) return;
      if (Date.now() >= deadline) throw new JobQueueTimeoutError(`not idle after ${timeoutMs} ms: ${JSON.stringify(c)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.workers].map((worker) => this.closeWorker(worker)));
    await Promise.allSettled([...this.queues.values()].map((queue) => queue.close()));
    // BullMQ leaves connections it was handed open: closing them is ours to do.
    await Promise.allSettled([this.producer, this.consumer].map(async (redis) => redis?.quit()));
  }

  private startWorker(lane: string, group: LaneHandlers): Worker {
    const queue = this.queueFor(lane);
    const limit = group.lane.rateLimit;
    const worker = new Worker(lane, (job: Job<unknown, void>) => this.runJob(queue, group, job), {
      connection: this.consumerConnection(),
      prefix: this.config.prefix,
      concurrency: group.concurrency,
      limiter: limit ? { max: limit.max, duration: limit.durationMs } : NEVER_BINDING_LIMITER,
      // A job whose worker died is handed out again once its lock lapses; every
      // handler is idempotent, so it is never failed for having stalled.
      lockDuration: this.config.lockMs ?? 30_000,
      stalledInterval: this.config.lockMs ?? 30_000,
      maxStalledCount: 1_000_000,
      // Applied by the worker when a job finishes; `age` is in seconds in BullMQ.
      removeOnComplete: { age: Math.ceil(this.retention.completedMaxAgeMs / 1000), count: this.retention.completedMaxCount },
      removeOnFail: { count: this.retention.failedMaxCount },
      settings: {
        backoffStrategy: (attemptsMade, _type, _error, job) => {
          const backoff = job?.opts.backoff;
          const base = typeof backoff === 'object' ? (backoff.delay ?? this.retry.backoffBaseMs) : (backoff ?? this.retry.backoffBaseMs);
          return backoffDelayMs(attemptsMade, base, this.retry);
        },
      },
    });
    const log = this.config.log;
    // An EventEmitter 'error' without a listener would crash the process.
    worker.on('error', (error) => {
      log.error({ lane, err: error.message }, 'job worker error');
    });
    worker.on('failed', (job, error) => {
      if (!job) return;
      const fields = { lane, jobId: job.id, attemptsMade: job.attemptsMade, reason: error.message };
      if (job.finishedOn !== undefined) log.warn(fields, 'job failed for good; kept for inspection');
      else log.debug(fields, 'job failed; will retry');
    });
    this.workers.add(worker);
    return worker;
  }

  private async runJob(queue: Queue, group: LaneHandlers, job: Job<unknown, void>): Promise<void> {
    const handler = group.handlers.get(job.name);
    if (!handler) throw new UnrecoverableError(`no handler for ${job.name} in lane ${queue.name}`);
    const { name, version } = parseJobKey(job.name);
    try {
      await handler.run({ id: userJobId(job.id ?? ''), name, version, payload: job.data, attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 });
    } catch (thrown) {
      if (thrown instanceof RateLimitedJobError) {
        // Pauses the lane in Redis for every worker; RateLimitError puts the job
        // back at the head of the wait list without counting an attempt.
        await queue.rateLimit(thrown.retryAfterMs);
        throw Worker.RateLimitError();
      }
      if (thrown instanceof UnrecoverableJobError) throw new UnrecoverableError(thrown.message);
      throw toError(thrown);
    }
  }

  private async closeWorker(worker: Worker): Promise<void> {
    this.workers.delete(worker);
    await worker.close(); // waits for the running handlers
  }

  private queueFor(lane: string): Queue {
    let queue = this.queues.get(lane);
    if (!queue) {
      this.assertOpen();
      queue = new Queue(lane, { connection: this.producer, prefix: this.config.prefix, streams: { events: { maxLen: this.config.eventsMaxLen ?? 1_000 } } });
      queue.on('error', (error) => {
        this.config.log.error({ lane, err: error.message }, 'job queue error');
      });
      this.queues.set(lane, queue);
    }
    return queue;
  }

  private consumerConnection(): Redis {
    // Workers block on Redis; BullMQ requires maxRetriesPerRequest: null so a
    // blocking command is never abandoned mid-wait by ioredis' retry limit.
    this.consumer ??= this.connect('consumer', { maxRetriesPerRequest: null });
    return this.consumer;
  }

  private connect(role: string, options: { maxRetriesPerRequest?: null }): Redis {
    const redis = new Redis(this.config.redisUrl, { ...options, connectionName: `${this.config.prefix}:${role}` });
    redis.on('error', (error: Error) => {
      this.config.log.error({ role, err: error.message }, 'redis connection error');
    });
    return redis;
  }

  private assertOpen(): void {
    if (this.closed) throw new JobQueueClosedError(`job queue ${this.config.prefix} is closed`);
  }
}
