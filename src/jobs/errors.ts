/**
 * Errors a job handler throws to steer what happens next. Both queue
 * implementations recognise them, so a handler behaves the same in process
 * and on Redis.
 */

/** Fails the job at once, without retries: retrying cannot help (a domain refusal, a bad payload). */
export class UnrecoverableJobError extends Error {
  override readonly name = 'UnrecoverableJobError';
}

/**
 * The platform said "slow down" (an HTTP 429). The job goes back to waiting
 * without using an attempt, and the whole lane pauses for `retryAfterMs`,
 * because the limit belongs to the platform, not to this one job.
 */
export class RateLimitedJobError extends Error {
  override readonly name = 'RateLimitedJobError';
  readonly retryAfterMs: number;

  constructor(retryAfterMs: number, message = `rate limited, retry after ${retryAfterMs} ms`) {
    super(message);
    if (!Number.isFinite(retryAfterMs) || retryAfterMs < 0) throw new RangeError(`retryAfterMs must be a finite number >= 0, got ${retryAfterMs}`);
    this.retryAfterMs = Math.ceil(retryAfterMs);
  }
}

/** A payload did not match its job definition's schema when it was added: a bug in the caller. */
export class InvalidJobPayloadError extends Error {
  override readonly name = 'InvalidJobPayloadError';
  readonly jobName: string;
  readonly issues: readonly string[];

  constructor(jobName: string, issues: readonly string[]) {
    super(`invalid payload for job ${jobName}: ${issues.join('; ')}`);
    this.jobName = jobName;
    this.issues = issues;
  }
}

/** A job id, job name or lane name that the Redis implementation could not store unambiguously. */
export class InvalidJobIdError extends Error {
  override readonly name = 'InvalidJobIdError';
}

/** `whenIdle` gave up waiting: something is still waiting, delayed or active. */
export class JobQueueTimeoutError extends Error {
  override readonly name = 'JobQueueTimeoutError';
}

/** The queue was used after `close()`. */
export class JobQueueClosedError extends Error {
  override readonly name = 'JobQueueClosedError';
}
