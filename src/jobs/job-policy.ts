/**
 * Rules both queue implementations share, so "the same semantics" is one
 * piece of code rather than two that drift: defaults, id mapping, payload
 * validation, backoff, and how handlers group into lanes.
 */
import type { AnyJobDefinition, LaneDefinition } from './define-job.js';
import { InvalidJobIdError, InvalidJobPayloadError } from './errors.js';
import type { AddJobOptions, JobHandler, JobQueueConfig, RetentionPolicy, RetryPolicy, WorkOptions } from './job-queue.port.js';

export const DEFAULT_RETRY: RetryPolicy = Object.freeze({ attempts: 8, backoffBaseMs: 1_000, maxBackoffMs: 15 * 60_000, jitter: 0.2 });
export const DEFAULT_RETENTION: RetentionPolicy = Object.freeze({ completedMaxCount: 1_000, completedMaxAgeMs: 60 * 60_000, failedMaxCount: 10_000 });

export function resolvePolicies(config: Pick<JobQueueConfig, 'retry' | 'retention'>): { retry: RetryPolicy; retention: RetentionPolicy } {
  return { retry: { ...DEFAULT_RETRY, ...config.retry }, retention: { ...DEFAULT_RETENTION, ...config.retention } };
}

export interface ResolvedAdd {
  readonly storedId: string;
  readonly payload: unknown;
  readonly delayMs: number;
  readonly attempts: number;
  readonly backoffBaseMs: number;
}

/**
 * Validates one job to add. The payload is the schema's parsed output,
 * round-tripped through JSON exactly as Redis stores it, so the in-process
 * queue cannot hand a handler something the Redis one could not.
 */
export function resolveAdd(definition: AnyJobDefinition, payload: unknown, options: AddJobOptions, retry: RetryPolicy): ResolvedAdd {
  const parsed = definition.payload.safeParse(payload);
  if (!parsed.success) throw new InvalidJobPayloadError(definition.key, describeIssues(parsed.error.issues));
  const attempts = options.attempts ?? retry.attempts;
  const delayMs = options.delayMs ?? 0;
  const backoffBaseMs = options.backoffBaseMs ?? retry.backoffBaseMs;
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError(`attempts must be an integer >= 1, got ${attempts}`);
  if (!Number.isFinite(delayMs) || delayMs < 0) throw new RangeError(`delayMs must be >= 0, got ${delayMs}`);
  if (!Number.isFinite(backoffBaseMs) || backoffBaseMs < 0) throw new RangeError(`backoffBaseMs must be >= 0, got ${backoffBaseMs}`);
  return {
    storedId: storedJobId(definition, options.jobId),
    payload: JSON.parse(JSON.stringify(parsed.data)) as unknown,
    delayMs: Math.ceil(delayMs),
    attempts,
    backoffBaseMs,
  };
}

/**
 * Job ids are unique per job name: the stored id is `name/jobId`. BullMQ
 * refuses ids containing ':' (its key separator) and ids that look like
 * integers (its own counter ids); the name prefix avoids the latter.
 */
export function storedJobId(definition: AnyJobDefinition, jobId: string): string {
  if (jobId.length === 0 || jobId.length > 512 || jobId.includes(':')) {
    throw new InvalidJobIdError(`job id ${JSON.stringify(jobId)} must be 1-512 characters without ':'`);
  }
  return `${definition.name}/${jobId}`;
}

export function userJobId(storedId: string): string {
  const slash = storedId.indexOf('/');
  return slash < 0 ? storedId : storedId.slice(slash + 1);
}

/** Delay before the retry that follows failed attempt number `attemptsMade` (1-based). */
export function backoffDelayMs(attemptsMade: number, baseMs: number, retry: RetryPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(baseMs * 2 ** Math.max(0, attemptsMade - 1), retry.maxBackoffMs);
  // Jitter is added on top, never subtracted: "waits at least the backoff" stays true.
  return Math.round(exponential + exponential * retry.jitter * random());
}

export interface LaneHandlers {
  readonly lane: LaneDefinition;
  readonly concurrency: number;
  /** By job key (`name@version`). */
  readonly handlers: ReadonlyMap<string, JobHandler>;
}

/** Groups handlers into lanes; two definitions naming the same lane must agree on its pacing. */
export function groupHandlersByLane(handlers: readonly JobHandler[], options: WorkOptions): Map<string, LaneHandlers> {
  if (handlers.length === 0) throw new RangeError('work() needs at least one handler');
  const lanes = new Map<string, { lane: LaneDefinition; handlers: Map<string, JobHandler> }>();
  for (const handler of handlers) {
    const { lane, key } = handler.definition;
    let entry = lanes.get(lane.name);
    if (!entry) {
      entry = { lane, handlers: new Map() };
      lanes.set(lane.name, entry);
    } else if (!sameRateLimit(entry.lane, lane)) {
      throw new RangeError(`lane ${lane.name} is defined twice with different rate limits`);
    }
    if (entry.handlers.has(key)) throw new RangeError(`two handlers for ${key}`);
    entry.handlers.set(key, handler);
  }
  const result = new Map<string, LaneHandlers>();
  for (const [name, entry] of lanes) {
    const concurrency = options.concurrencyByLane?.[name] ?? options.concurrency;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`lane ${name}: concurrency must be an integer >= 1`);
    result.set(name, { ...entry, concurrency });
  }
  return result;
}

function sameRateLimit(a: LaneDefinition, b: LaneDefinition): boolean {
  return a.rateLimit?.max === b.rateLimit?.max && a.rateLimit?.durationMs === b.rateLimit?.durationMs;
}

export function describeIssues(issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[]): string[] {
  return issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
}

/** Non-Error throws still need a message for the failed-job record. */
export function toError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(typeof thrown === 'string' ? thrown : JSON.stringify(thrown));
}
