import type { AnyJobDefinition, RateLimit } from '../../jobs/define-job.js';
import type { JobHandler, RetentionPolicy } from '../../jobs/job-queue.port.js';
import { JobDeque } from './job-deque.js';
import type { QueueClock } from './queue-clock.js';

export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';

export interface JobRecord {
  readonly storedId: string;
  readonly definition: AnyJobDefinition;
  readonly payload: unknown;
  readonly attempts: number;
  readonly backoffBaseMs: number;
  attemptsMade: number;
  state: JobState;
  timer: unknown;
  reason: string;
  finishedAt: number;
}

export interface LaneWorker {
  readonly handlers: ReadonlyMap<string, JobHandler>;
  readonly concurrency: number;
  active: number;
  closing: boolean;
  readonly running: Set<Promise<void>>;
}

/**
 * One lane of the in-process queue: its waiting line, its pacing (a fixed
 * window limiter like BullMQ's, plus handler-signalled pauses) and its
 * finished jobs, retained per lane as BullMQ retains them per queue.
 */
export class InProcessLane {
  readonly waiting = new JobDeque<JobRecord>();
  readonly workers: LaneWorker[] = [];
  readonly tally: Record<JobState, number> = { waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 };
  /** Insertion order is finish order, so the first entries are the oldest. */
  readonly completed = new Map<string, JobRecord>();
  readonly failed = new Map<string, JobRecord>();
  rateLimit: RateLimit | undefined;
  private pausedUntil = 0;
  private windowStart = 0;
  private windowCount = 0;
  private wakeTimer: unknown;
  private wakeAt = 0;

  constructor(readonly name: string) {}

  /** Counts a new job in its initial state. */
  admit(job: JobRecord): void {
    this.tally[job.state]++;
  }

  move(job: JobRecord, state: JobState): void {
    this.tally[job.state]--;
    this.tally[state]++;
    job.state = state;
  }

  /** How long the next start must wait: a handler's retry-after, then the window limiter. */
  waitBeforeStartMs(now: number): number {
    if (this.pausedUntil > now) return this.pausedUntil - now;
    const limit = this.rateLimit;
    if (!limit) return 0;
    // The window opens with the first start after the previous one expired (as BullMQ's counter key does).
    if (now - this.windowStart >= limit.durationMs) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    return this.windowCount >= limit.max ? this.windowStart + limit.durationMs - now : 0;
  }

  countStart(): void {
    if (this.rateLimit) this.windowCount++;
  }

  pauseFor(ms: number, now: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, now + ms);
  }

  wakeIn(ms: number, now: number, clock: QueueClock, wake: () => void): void {
    if (this.wakeTimer !== undefined && this.wakeAt <= now + ms) return;
    if (this.wakeTimer !== undefined) clock.clearTimeout(this.wakeTimer);
    this.wakeAt = now + ms;
    this.wakeTimer = clock.setTimeout(() => {
      this.wakeTimer = undefined;
      wake();
    }, ms);
  }

  stopTimers(clock: QueueClock): void {
    if (this.wakeTimer !== undefined) clock.clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
  }

  /** Drops a finished job (it is being replaced). */
  forget(job: JobRecord): void {
    const set = job.state === 'completed' ? this.completed : job.state === 'failed' ? this.failed : null;
    if (set?.delete(job.storedId)) this.tally[job.state]--;
  }

  /** Records a finished job and returns the jobs that retention now removes (possibly this one). */
  finish(job: JobRecord, state: 'completed' | 'failed', retention: RetentionPolicy, now: number): JobRecord[] {
    const set = state === 'completed' ? this.completed : this.failed;
    const maxCount = state === 'completed' ? retention.completedMaxCount : retention.failedMaxCount;
    this.move(job, state);
    set.set(job.storedId, job);
    const evicted: JobRecord[] = [];
    for (const old of set.values()) {
      const tooOld = state === 'completed' && now - old.finishedAt > retention.completedMaxAgeMs;
      if (set.size - evicted.length <= maxCount && !tooOld) break;
      evicted.push(old);
    }
    for (const old of evicted) {
      set.delete(old.storedId);
      this.tally[old.state]--;
    }
    return evicted;
  }
}
