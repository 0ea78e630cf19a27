import type { AnyJobDefinition, JobSchema, JobDefinition } from '../../jobs/define-job.js';
import { JobQueueClosedError, JobQueueTimeoutError, RateLimitedJobError, UnrecoverableJobError } from '../../jobs/errors.js';
import type { AddJobOptions, FailedJob, JobCounts, JobHandler, JobQueue, JobQueueConfig, JobToAdd, JobWorker, RetentionPolicy, RetryPolicy, WorkOptions } from '../../jobs/job-queue.port.js';
import { backoffDelayMs, groupHandlersByLane, resolveAdd, resolvePolicies, toError, userJobId, type ResolvedAdd } from '../../jobs/job-policy.js';
import { InProcessLane, type JobRecord, type LaneWorker } from './in-process-lane.js';
import { systemClock, type QueueClock } from './queue-clock.js';

export type { QueueClock } from './queue-clock.js';

export interface InProcessJobQueueConfig extends JobQueueConfig {
  readonly clock?: QueueClock;
  readonly random?: () => number;
  /**
   * Jobs still waiting or delayed at close are expected here (the console: the
   * next deadline sweep is always ahead, and the outbox and the sweep queue
   * what is due again at the next start), so they are logged at debug rather than as a warning.
   */
  readonly quietClose?: boolean;
  /**
   * Who queues the jobs again after a stop, when the caller has such a source (Plenary: the
   * outbox and the deadline sweep). Given, a close with jobs not yet run is routine and says
   * what happens to them; not given, they are lost and close() warns so.
   */
  readonly abandonedJobsRecreatedBy?: string;
}

interface IdleWaiter {
  resolve(): void;
  reject(error: Error): void;
  timer: unknown;
}

/**
 * The single-machine default (no REDIS_URL): BullMQ's semantics in memory.
 * Not durable: jobs still waiting or delayed when the process stops are lost
 * (close() logs how many), which is the trade for running without Redis.
 */
export class InProcessJobQueue implements JobQueue {
  private readonly clock: QueueClock;
  private readonly random: () => number;
  private readonly retry: RetryPolicy;
  private readonly retention: RetentionPolicy;
  private readonly lanes = new Map<string, InProcessLane>();
  private readonly jobs = new Map<string, JobRecord>();
  private readonly idleWaiters = new Set<IdleWaiter>();
  private closed = false;

  constructor(private readonly config: InProcessJobQueueConfig) {
    this.clock = config.clock ?? systemClock;
    this.random = config.random ?? Math.random;
    ({ retry: this.retry, retention: this.retention } = resolvePolicies(config));
  }

  add<S extends JobSchema>(definition: JobDefinition<S>, payload: unknown, options: AddJobOptions): Promise<void> {
    return this.addBulk([{ definition, payload, options }]);
  }

  addBulk(entries: readonly JobToAdd[], options: { readonly replaceFinished?: boolean } = {}): Promise<void> {
    try {
      this.assertOpen();
      // Validate everything before enqueuing anything, as the Redis queue does.
      const resolved = entries.map((entry) => ({ definition: entry.definition, job: resolveAdd(entry.definition, entry.payload, entry.options, this.retry) }));
      for (const { definition, job } of resolved) {
        const old = this.jobs.get(job.storedId);
        if (options.replaceFinished && old && (old.state === 'completed' || old.state === 'failed')) {
          this.laneFor(old.definition.lane.name).forget(old);
          this.jobs.delete(old.storedId);
        }
        this.enqueue(definition, job);
      }
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(toError(error));
    }
  }

  work(handlers: readonly JobHandler[], options: WorkOptions): Promise<JobWorker> {
    try {
      this.assertOpen();
      const started: { lane: InProcessLane; worker: LaneWorker }[] = [];
      for (const [name, group] of groupHandlersByLane(handlers, options)) {
        const lane = this.laneFor(name);
        // The limiter belongs to the consumer, as with BullMQ's Worker `limiter`.
        lane.rateLimit = group.lane.rateLimit;
        const worker: LaneWorker = { handlers: group.handlers, concurrency: group.concurrency, active: 0, closing: false, running: new Set() };
        lane.workers.push(worker);
        started.push({ lane, worker });
      }
      for (const { lane } of started) this.pump(lane);
      return Promise.resolve({
        lanes: started.map(({ lane }) => lane.name),
        close: async () => {
          await Promise.all(started.map(({ lane, worker }) => this.closeWorker(lane, worker)));
        },
      });
    } catch (error) {
      return Promise.reject(toError(error));
    }
  }

  counts(lane?: string): Promise<JobCounts> {
    const total = { waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 };
    for (const l of this.lanes.values()) {
      if (lane !== undefined && l.name !== lane) continue;
      for (const state of ['waiting', 'delayed', 'active', 'completed', 'failed'] as const) total[state] += l.tally[state];
    }
    return Promise.resolve(total);
  }

  failed(options: { readonly lane?: string; readonly limit?: number } = {}): Promise<readonly FailedJob[]> {
    const result: FailedJob[] = [];
    for (const lane of this.lanes.values()) {
      if (options.lane !== undefined && lane.name !== options.lane) continue;
      // Newest first, so jobs that failed within the same millisecond keep their order after the sort.
      for (const job of [...lane.failed.values()].reverse()) {
        result.push({
          id: userJobId(job.storedId),
          name: job.definition.name,
          version: job.definition.version,
          lane: lane.name,
          payload: job.payload,
          attemptsMade: job.attemptsMade,
          reason: job.reason,
          failedAt: job.finishedAt,
        });
      }
    }
    result.sort((a, b) => b.failedAt - a.failedAt);
    return Promise.resolve(result.slice(0, options.limit ?? 100));
  }

  whenIdle(options: { readonly timeoutMs?: number } = {}): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    if (this.closed) return Promise.reject(new JobQueueClosedError('queue is closed with jobs pending'));
    const timeoutMs = options.timeoutMs ?? 30_000;
    return new Promise<void>((resolve, reject) => {
      const waiter: IdleWaiter = { resolve, reject, timer: undefined };
      waiter.timer = this.clock.setTimeout(() => {
        this.idleWaiters.delete(waiter);
        reject(new JobQueueTimeoutError(`not idle after ${timeoutMs} ms: ${JSON.stringify(this.pendingTally())}`));
      }, timeoutMs);
      this.idleWaiters.add(waiter);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const closing: Promise<void>[] = [];
    for (const lane of this.lanes.values()) for (const worker of [...lane.workers]) closing.push(this.closeWorker(lane, worker));
    await Promise.all(closing);
    const abandoned = new Map<string, number>();
    const count = (job: JobRecord): void => void abandoned.set(job.definition.name, (abandoned.get(job.definition.name) ?? 0) + 1);
    for (const lane of this.lanes.values()) {
      lane.stopTimers(this.clock);
      for (const job of lane.waiting.clear()) count(job);
      for (const job of this.jobs.values()) {
        if (job.state === 'delayed' && job.definition.lane.name === lane.name) {
          this.clock.clearTimeout(job.timer);
          count(job);
        }
      }
    }
    const total = [...abandoned.values()].reduce((a, b) => a + b, 0);
    const fields = { prefix: this.config.prefix, abandoned: total, byJob: Object.fromEntries(abandoned) };
    if (total > 0 && this.config.abandonedJobsRecreatedBy) this.config.log[this.config.quietClose ? 'debug' : 'info'](fields, `in-process job queue closed; ${total} job(s) not yet run end with this process: ${this.config.abandonedJobsRecreatedBy}`);
    else if (total > 0) this.config.log[this.config.quietClose ? 'debug' : 'warn'](fields, 'in-process job queue closed with jobs still waiting or delayed; they are lost');
    for (const waiter of this.idleWaiters) {
      this.clock.clearTimeout(waiter.timer);
      waiter.reject(new JobQueueClosedError('queue closed before it was idle'));
    }
    this.idleWaiters.clear();
  }

  private enqueue(definition: AnyJobDefinition, add: ResolvedAdd): void {
    if (this.jobs.has(add.storedId)) return; // same id still exists: no-op, as in BullMQ
    const lane = this.laneFor(definition.lane.name);
    const job: JobRecord = { ...add, definition, attemptsMade: 0, state: 'waiting', timer: undefined, reason: '', finishedAt: 0 };
    this.jobs.set(job.storedId, job);
    lane.admit(job);
    if (add.delayMs > 0) this.delay(lane, job, add.delayMs);
    else {
      lane.waiting.push(job);
      this.pump(lane);
    }
  }

  private delay(lane: InProcessLane, job: JobRecord, ms: number): void {
    lane.move(job, 'delayed');
    job.timer = this.clock.setTimeout(() => {
      job.timer = undefined;
      lane.move(job, 'waiting');
      lane.waiting.push(job);
      this.pump(lane);
    }, ms);
  }

  /** Starts as many waiting jobs as free slots, rate limits and pauses allow. */
  private pump(lane: InProcessLane): void {
    for (const worker of lane.workers) {
      while (!worker.closing && worker.active < worker.concurrency && lane.waiting.length > 0) {
        const now = this.clock.now();
        const waitMs = lane.waitBeforeStartMs(now);
        if (waitMs > 0) {
          lane.wakeIn(waitMs, now, this.clock, () => this.pump(lane));
          return;
        }
        const job = lane.waiting.shift();
        if (!job) return;
        lane.countStart();
        this.start(lane, worker, job);
      }
    }
  }

  private start(lane: InProcessLane, worker: LaneWorker, job: JobRecord): void {
    lane.move(job, 'active');
    worker.active++;
    const running: Promise<void> = this.execute(lane, worker, job).finally(() => {
      worker.active--;
      worker.running.delete(running);
      this.pump(lane);
      this.settleIdle();
    });
    worker.running.add(running);
  }

  private async execute(lane: InProcessLane, worker: LaneWorker, job: JobRecord): Promise<void> {
    const { name, version, key } = job.definition;
    try {
      const handler = worker.handlers.get(key);
      if (!handler) throw new UnrecoverableJobError(`no handler for ${key} in lane ${lane.name}`);
      await handler.run({ id: userJobId(job.storedId), name, version, payload: job.payload, attempt: job.attemptsMade + 1, maxAttempts: job.attempts });
      job.attemptsMade++;
      this.finish(lane, job, 'completed');
    } catch (thrown) {
      this.afterFailure(lane, job, toError(thrown));
    }
  }

  private afterFailure(lane: InProcessLane, job: JobRecord, error: Error): void {
    const log = this.config.log;
    if (error instanceof RateLimitedJobError) {
      // The platform's limit pauses the whole lane; the job keeps its place and its attempt.
      lane.pauseFor(error.retryAfterMs, this.clock.now());
      lane.move(job, 'waiting');
      lane.waiting.unshift(job);
      log.debug({ lane: lane.name, jobId: job.storedId, retryAfterMs: error.retryAfterMs }, 'lane rate limited by handler');
      return;
    }
    job.attemptsMade++;
    job.reason = error.message;
    if (error instanceof UnrecoverableJobError || job.attemptsMade >= job.attempts) {
      this.finish(lane, job, 'failed');
      log.warn({ lane: lane.name, jobId: job.storedId, attemptsMade: job.attemptsMade, reason: error.message }, 'job failed for good; kept for inspection');
      return;
    }
    const delayMs = backoffDelayMs(job.attemptsMade, job.backoffBaseMs, this.retry, this.random);
    log.debug({ lane: lane.name, jobId: job.storedId, attemptsMade: job.attemptsMade, delayMs, reason: error.message }, 'job failed; will retry');
    if (delayMs > 0) this.delay(lane, job, delayMs);
    else {
      lane.move(job, 'waiting');
      lane.waiting.push(job);
    }
  }

  private finish(lane: InProcessLane, job: JobRecord, state: 'completed' | 'failed'): void {
    job.finishedAt = this.clock.now();
    for (const evicted of lane.finish(job, state, this.retention, job.finishedAt)) this.jobs.delete(evicted.storedId);
  }

  private async closeWorker(lane: InProcessLane, worker: LaneWorker): Promise<void> {
    worker.closing = true;
    await Promise.all(worker.running);
    const index = lane.workers.indexOf(worker);
    if (index >= 0) lane.workers.splice(index, 1);
  }

  private laneFor(name: string): InProcessLane {
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = new InProcessLane(name);
      this.lanes.set(name, lane);
    }
    return lane;
  }

  private pendingTally(): { waiting: number; delayed: number; active: number } {
    let waiting = 0, delayed = 0, active = 0;
    for (const lane of this.lanes.values()) {
      waiting += lane.tally.waiting;
      delayed += lane.tally.delayed;
      active += lane.tally.active;
    }
    return { waiting, delayed, active };
  }

  private isIdle(): boolean {
    const t = this.pendingTally();
    return t.waiting + t.delayed + t.active === 0;
  }

  private settleIdle(): void {
    if (this.idleWaiters.size === 0 || !this.isIdle()) return;
    for (const waiter of this.idleWaiters) {
      this.clock.clearTimeout(waiter.timer);
      waiter.resolve();
    }
    this.idleWaiters.clear();
  }

  private assertOpen(): void {
    if (this.closed) throw new JobQueueClosedError(`job queue ${this.config.prefix} is closed`);
  }
}
