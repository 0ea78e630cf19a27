import { expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob, defineLane } from '../../src/jobs/define-job.js';
import { RateLimitedJobError } from '../../src/jobs/errors.js';
import { handleJob } from '../../src/jobs/job-handler.js';
import { jobToAdd } from '../../src/jobs/job-queue.port.js';
import { greet, sleep, type OpenQueueFn } from './job-queue-fixtures.js';

// Timers fire a little early or late and Redis keeps its own clock: allow this much.
const SLACK_MS = 15;

/** The behaviours that depend on time: delays, backoff, pacing. Real time, short durations. */
export function describeTimingConformance(open: OpenQueueFn): void {
  it('GIVEN a job added with delayMs 300 THEN it is counted delayed and starts no sooner than 300 ms later', async () => {
    const { queue } = open();
    let startedAt = 0;
    await queue.work([handleJob(greet, () => void (startedAt = Date.now()))], { concurrency: 1 });
    const addedAt = Date.now();
    await queue.add(greet, { name: 'later' }, { jobId: 'later', delayMs: 300 });
    expect((await queue.counts()).delayed).toBe(1);
    await queue.whenIdle();
    expect(startedAt - addedAt).toBeGreaterThanOrEqual(300 - SLACK_MS);
  });

  it('GIVEN a handler failing twice THEN it is retried with exponential backoff (>= base, >= 2 x base) and then completes', async () => {
    const { queue } = open();
    const runs: { attempt: number; at: number }[] = [];
    await queue.add(greet, { name: 'flaky' }, { jobId: 'flaky', attempts: 5, backoffBaseMs: 80 });
    await queue.work([handleJob(greet, (job) => {
      runs.push({ attempt: job.attempt, at: Date.now() });
      if (job.attempt < 3) throw new Error(`transient ${job.attempt}`);
    })], { concurrency: 1 });
    await queue.whenIdle();
    expect(runs.map((r) => r.attempt)).toEqual([1, 2, 3]);
    const [first, second, third] = runs.map((r) => r.at) as [number, number, number];
    expect(second - first).toBeGreaterThanOrEqual(80 - SLACK_MS);
    expect(third - second).toBeGreaterThanOrEqual(160 - SLACK_MS);
    expect(await queue.counts()).toMatchObject({ completed: 1, failed: 0 });
  });

  it('GIVEN a lane limited to 2 starts per 300 ms THEN 6 jobs take at least 3 windows and the first window starts only 2', async () => {
    const { queue } = open();
    const lane = defineLane({ name: 'discord-rest', rateLimit: { max: 2, durationMs: 300 } });
    const paced = defineJob({ name: 'post', version: 1, payload: z.object({ n: z.number() }), lane });
    const starts: number[] = [];
    await queue.addBulk(Array.from({ length: 6 }, (_, n) => jobToAdd(paced, { n }, { jobId: `p${n}` })));
    await queue.work([handleJob(paced, () => void starts.push(Date.now()))], { concurrency: 10 });
    await queue.whenIdle({ timeoutMs: 10_000 });
    expect(starts).toHaveLength(6);
    const first = starts[0]!;
    expect(starts.filter((t) => t - first < 300 - SLACK_MS).length).toBeLessThanOrEqual(2);
    expect(starts[5]! - first).toBeGreaterThanOrEqual(600 - SLACK_MS);
  });

  it('GIVEN a handler signalling retry-after 800 ms THEN its lane starts nothing for 800 ms, the job keeps its attempt, other lanes go on', async () => {
    const { queue } = open();
    const matrix = defineLane({ name: 'matrix-hs' });
    const send = defineJob({ name: 'send', version: 1, payload: z.object({ n: z.number() }), lane: matrix });
    const unrelated = defineJob({ name: 'unrelated', version: 1, payload: z.object({}) });
    const runs: { n: number; attempt: number; at: number }[] = [];
    let limitedAt = 0;
    let unrelatedAt = 0;
    await queue.work(
      [
        handleJob(send, (job) => {
          runs.push({ n: job.payload.n, attempt: job.attempt, at: Date.now() });
          if (job.payload.n === 1 && limitedAt === 0) {
            limitedAt = Date.now();
            throw new RateLimitedJobError(800);
          }
        }),
        handleJob(unrelated, () => void (unrelatedAt = Date.now())),
      ],
      { concurrency: 2 },
    );
    // attempts: 1 shows the rate-limited run did not use up the only attempt.
    await queue.add(send, { n: 1 }, { jobId: 'n1', attempts: 1 });
    while (limitedAt === 0) await sleep(5);
    await sleep(20); // let the pause be recorded: a job started before it is not paused
    await queue.add(send, { n: 2 }, { jobId: 'n2' });
    await queue.add(unrelated, {}, { jobId: 'u' });
    await queue.whenIdle({ timeoutMs: 10_000 });

    const after = runs.filter((r) => r.at > limitedAt);
    expect(after.map((r) => r.n).sort()).toEqual([1, 2]);
    for (const r of after) expect(r.at - limitedAt).toBeGreaterThanOrEqual(800 - SLACK_MS);
    expect(runs.filter((r) => r.n === 1).map((r) => r.attempt)).toEqual([1, 1]);
    // Generous for a loaded machine, yet well inside the 800 ms pause.
    expect(unrelatedAt - limitedAt).toBeLessThan(600);
    expect(await queue.counts()).toMatchObject({ completed: 3, failed: 0 });
  });

  it('GIVEN two workers on one lane WHEN one handler signals retry-after THEN the other worker also starts nothing until it passes', async () => {
    const { queue } = open();
    const lane = defineLane({ name: 'shared-hs' });
    const send = defineJob({ name: 'send', version: 1, payload: z.object({ n: z.number() }), lane });
    const starts: { n: number; at: number }[] = [];
    let limitedAt = 0;
    const handler = handleJob(send, async (job) => {
      starts.push({ n: job.payload.n, at: Date.now() });
      if (job.payload.n === 0 && limitedAt === 0) {
        limitedAt = Date.now();
        throw new RateLimitedJobError(400);
      }
      await sleep(5);
    });
    // Two separate workers (on Redis: two BullMQ Workers) with one slot each.
    await queue.work([handler], { concurrency: 1 });
    await queue.work([handler], { concurrency: 1 });
    await queue.add(send, { n: 0 }, { jobId: 'n0' });
    while (limitedAt === 0) await sleep(5);
    await sleep(20); // let the pause be recorded: a job started before it is not paused
    await queue.addBulk([1, 2, 3].map((n) => jobToAdd(send, { n }, { jobId: `n${n}` })));
    await queue.whenIdle({ timeoutMs: 10_000 });
    const after = starts.filter((s) => s.at > limitedAt);
    expect(after).toHaveLength(4);
    for (const s of after) expect(s.at - limitedAt).toBeGreaterThanOrEqual(400 - SLACK_MS);
  });
}
