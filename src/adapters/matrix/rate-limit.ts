import { ConnectionError, HTTPError, MatrixError, safeGetRetryAfterMs } from 'matrix-js-sdk';
import type { Logger } from '../../core/ports/logger.port.js';
import { MatrixRequestError } from './matrix-api.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** A server asking for a longer pause than this gets a failure instead: the job queue retries later. */
  readonly maxWaitMs: number;
  /** First backoff for outages without a server hint; doubles per attempt. */
  readonly baseBackoffMs: number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 6, maxWaitMs: 120_000, baseBackoffMs: 500, sleep };

const isRateLimit = (e: unknown): boolean => (e instanceof MatrixError && e.errcode === 'M_LIMIT_EXCEEDED') || (e instanceof HTTPError && e.httpStatus === 429);
const isOutage = (e: unknown): boolean => e instanceof ConnectionError || (e instanceof HTTPError && (e.httpStatus ?? 0) >= 500);

/**
 * Runs one homeserver request, honouring rate limits as their own layer (as
 * discord.js's REST does): on M_LIMIT_EXCEEDED / 429 it waits what the server
 * asks (Retry-After header, else retry_after_ms, else exponential backoff)
 * and tries again. Outages are retried only for idempotent requests: a send
 * carries its transaction id, so repeating it never duplicates a message.
 */
export async function withRetries<T>(what: string, idempotent: boolean, run: () => Promise<T>, policy: RetryPolicy, log: Logger): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      const limited = isRateLimit(e);
      const retryable = limited || (idempotent && isOutage(e));
      const backoff = policy.baseBackoffMs * 2 ** (attempt - 1);
      const waitMs = limited ? Math.max(0, safeGetRetryAfterMs(e, backoff)) : backoff;
      if (!retryable || attempt >= policy.maxAttempts || waitMs > policy.maxWaitMs) throw limited ? new MatrixRateLimitError(toRequestError(e, what), waitMs) : toRequestError(e, what);
      log.warn({ request: what, attempt, waitMs, rateLimited: limited }, limited ? 'homeserver rate limit: waiting as asked' : 'homeserver unreachable: retrying');
      await policy.sleep(waitMs);
    }
  }
}

/**
 * A rate limit this layer stopped waiting out (too many attempts, or a pause
 * longer than `maxWaitMs`). It keeps the server's last ask, so a queued send
 * can pause its whole lane for that long instead of retrying blind.
 */
export class MatrixRateLimitError extends MatrixRequestError {
  constructor(
    cause: MatrixRequestError,
    readonly retryAfterMs: number,
  ) {
    super(cause.status, cause.errcode, cause.message, true);
    this.name = 'MatrixRateLimitError';
  }
}

/** Turns whatever the SDK threw into the adapter's own error, keeping status and errcode. */
export function toRequestError(e: unknown, what: string): MatrixRequestError {
  if (e instanceof MatrixRequestError) return e;
  if (e instanceof MatrixError) {
    const status = e.httpStatus ?? 0;
    return new MatrixRequestError(status, e.errcode ?? 'M_UNKNOWN', `${what}: ${status} ${e.errcode ?? ''} ${e.data.error ?? e.message}`.trim(), status === 429 || status >= 500);
  }
  if (e instanceof HTTPError) return new MatrixRequestError(e.httpStatus ?? 0, 'M_UNKNOWN', `${what}: ${e.message}`, (e.httpStatus ?? 0) === 429 || (e.httpStatus ?? 0) >= 500);
  if (e instanceof ConnectionError) return new MatrixRequestError(0, 'M_CONNECTION', `${what}: ${e.message}`, true);
  const message = e instanceof Error ? e.message : String(e);
  return new MatrixRequestError(0, 'M_UNKNOWN', `${what}: ${message}`, false);
}
