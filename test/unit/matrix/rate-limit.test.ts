import { ConnectionError, MatrixError } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import { MatrixRequestError } from '../../../src/adapters/matrix/matrix-api.js';
import { withRetries, type RetryPolicy } from '../../../src/adapters/matrix/rate-limit.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';

function policy(): RetryPolicy & { waits: number[] } {
  const waits: number[] = [];
  return { maxAttempts: 4, maxWaitMs: 10_000, baseBackoffMs: 100, waits, sleep: (ms) => (waits.push(ms), Promise.resolve()) };
}

/** Fails with the given errors in turn, then succeeds. */
function flaky(...errors: Error[]): { run: () => Promise<string>; calls: () => number } {
  let n = 0;
  return {
    run: () => {
      const e = errors[n++];
      return e === undefined ? Promise.resolve('done') : Promise.reject(e);
    },
    calls: () => n,
  };
}

const limited = (o: { header?: string; ms?: number }) =>
  new MatrixError({ errcode: 'M_LIMIT_EXCEEDED', error: 'Too Many Requests', ...(o.ms === undefined ? {} : { retry_after_ms: o.ms }) }, 429, undefined, undefined, new Headers(o.header ? { 'Retry-After': o.header } : {}));

describe('GIVEN a homeserver that rate-limits', () => {
  it('THEN the Retry-After header wins, then retry_after_ms, then exponential backoff', async () => {
    const p = policy();
    const f = flaky(limited({ header: '2', ms: 50 }), limited({ ms: 700 }), limited({}));
    await expect(withRetries('send', true, f.run, p, silentLogger)).resolves.toBe('done');
    expect(p.waits).toEqual([2000, 700, 400]);
  });

  it('THEN a pause longer than allowed, or too many attempts, becomes a retryable error for the job queue', async () => {
    const p = policy();
    const long = withRetries('send', true, flaky(limited({ header: '600' })).run, p, silentLogger);
    await expect(long).rejects.toMatchObject({ status: 429, errcode: 'M_LIMIT_EXCEEDED', retryable: true });
    const many = withRetries('send', true, flaky(limited({ ms: 1 }), limited({ ms: 1 }), limited({ ms: 1 }), limited({ ms: 1 })).run, policy(), silentLogger);
    await expect(many).rejects.toBeInstanceOf(MatrixRequestError);
  });
});

describe('GIVEN an outage', () => {
  it('THEN idempotent requests are retried and others fail at once', async () => {
    const p = policy();
    await expect(withRetries('send', true, flaky(new ConnectionError('down'), new MatrixError({ errcode: 'M_UNKNOWN' }, 502)).run, p, silentLogger)).resolves.toBe('done');
    expect(p.waits).toEqual([100, 200]);
    const once = flaky(new ConnectionError('down'));
    await expect(withRetries('createRoom', false, once.run, policy(), silentLogger)).rejects.toMatchObject({ errcode: 'M_CONNECTION', retryable: true });
    expect(once.calls()).toBe(1);
  });

  it('THEN a refusal is not retried and keeps its status', async () => {
    const f = flaky(new MatrixError({ errcode: 'M_FORBIDDEN', error: 'no power' }, 403));
    await expect(withRetries('kick', true, f.run, policy(), silentLogger)).rejects.toMatchObject({ status: 403, errcode: 'M_FORBIDDEN', retryable: false });
    expect(f.calls()).toBe(1);
  });
});
