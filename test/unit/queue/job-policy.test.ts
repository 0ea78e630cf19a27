import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob, defineLane, parseJobKey } from '../../../src/jobs/define-job.js';
import { InvalidJobIdError, RateLimitedJobError } from '../../../src/jobs/errors.js';
import { handleJob } from '../../../src/jobs/job-handler.js';
import { backoffDelayMs, DEFAULT_RETRY, groupHandlersByLane, storedJobId, userJobId } from '../../../src/jobs/job-policy.js';

const job = defineJob({ name: 'relay.proposal', version: 2, payload: z.object({}) });

describe('job definitions and shared queue rules', () => {
  it('GIVEN a definition THEN its key is name@version and parses back', () => {
    expect(job.key).toBe('relay.proposal@2');
    expect(parseJobKey(job.key)).toEqual({ name: 'relay.proposal', version: 2 });
    expect(job.lane.name).toBe('default');
  });

  it('GIVEN names Redis keys or ids could not hold unambiguously THEN definitions are refused', () => {
    expect(() => defineJob({ name: 'Relay', version: 1, payload: z.object({}) })).toThrow(InvalidJobIdError);
    expect(() => defineJob({ name: 'a:b', version: 1, payload: z.object({}) })).toThrow(InvalidJobIdError);
    expect(() => defineJob({ name: 'a/b', version: 1, payload: z.object({}) })).toThrow(InvalidJobIdError);
    expect(() => defineJob({ name: 'ok', version: 0, payload: z.object({}) })).toThrow(RangeError);
    expect(() => defineLane({ name: 'lane', rateLimit: { max: 0, durationMs: 1000 } })).toThrow(RangeError);
  });

  it('GIVEN a job id THEN it is stored under the job name and read back unchanged, slashes included', () => {
    expect(storedJobId(job, 'p1/a/b')).toBe('relay.proposal/p1/a/b');
    expect(userJobId(storedJobId(job, 'p1/a/b'))).toBe('p1/a/b');
    expect(() => storedJobId(job, 'p1:a')).toThrow(InvalidJobIdError);
    expect(() => storedJobId(job, '')).toThrow(InvalidJobIdError);
  });

  it('GIVEN attempts made THEN backoff doubles from the base, adds jitter on top only, and stops at the cap', () => {
    const policy = { ...DEFAULT_RETRY, jitter: 0.5, maxBackoffMs: 10_000 };
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, 1000, policy, () => 0))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelayMs(2, 1000, policy, () => 1)).toBe(3000);
    expect(backoffDelayMs(30, 1000, policy, () => 0)).toBe(10_000);
  });

  it('GIVEN two definitions naming one lane with different rate limits THEN work is refused', () => {
    const a = defineJob({ name: 'a', version: 1, payload: z.object({}), lane: defineLane({ name: 'x', rateLimit: { max: 1, durationMs: 10 } }) });
    const b = defineJob({ name: 'b', version: 1, payload: z.object({}), lane: defineLane({ name: 'x', rateLimit: { max: 2, durationMs: 10 } }) });
    expect(() => groupHandlersByLane([handleJob(a, () => undefined), handleJob(b, () => undefined)], { concurrency: 1 })).toThrow(/different rate limits/);
    expect(() => groupHandlersByLane([handleJob(a, () => undefined), handleJob(a, () => undefined)], { concurrency: 1 })).toThrow(/two handlers/);
  });

  it('GIVEN per-lane concurrency THEN it overrides the default for that lane only', () => {
    const paced = defineJob({ name: 'p', version: 1, payload: z.object({}), lane: defineLane({ name: 'paced' }) });
    const lanes = groupHandlersByLane([handleJob(job, () => undefined), handleJob(paced, () => undefined)], { concurrency: 50, concurrencyByLane: { paced: 1 } });
    expect(lanes.get('default')?.concurrency).toBe(50);
    expect(lanes.get('paced')?.concurrency).toBe(1);
  });

  it('GIVEN a negative retry-after THEN the error refuses it', () => {
    expect(() => new RateLimitedJobError(-1)).toThrow(RangeError);
    expect(new RateLimitedJobError(10.2).retryAfterMs).toBe(11);
  });
});
