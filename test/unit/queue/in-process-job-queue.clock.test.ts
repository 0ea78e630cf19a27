import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InProcessJobQueue } from '../../../src/adapters/queue/in-process-job-queue.js';
import { defineJob, defineLane } from '../../../src/jobs/define-job.js';
import { RateLimitedJobError } from '../../../src/jobs/errors.js';
import { handleJob } from '../../../src/jobs/job-handler.js';
import { jobToAdd, type JobQueueConfig } from '../../../src/jobs/job-queue.port.js';
import { ManualQueueClock } from '../../support/manual-queue-clock.js';
import { recordingLogger } from '../../support/recording-logger.js';

// With an injected clock, minutes of production-sized delays run in milliseconds.
function setup(config: Partial<JobQueueConfig> & { abandonedJobsRecreatedBy?: string } = {}, random = () => 0) {
  const clock = new ManualQueueClock();
  const log = recordingLogger();
  const queue = new InProcessJobQueue({ prefix: 'clock', log, clock, random, ...config });
  return { clock, log, queue };
}

const relay = defineJob({ name: 'relay', version: 1, payload: z.object({ to: z.string() }) });

describe('in-process job queue on a manual clock', () => {
  it('GIVEN the default retry policy and a handler that always fails THEN it tries 8 times, waiting 1, 2, 4 ... 64 s, then fails', async () => {
    const { clock, queue } = setup();
    const at: number[] = [];
    await queue.add(relay, { to: 'a' }, { jobId: 'a' });
    await queue.work([handleJob(relay, () => { at.push(clock.now()); throw new Error('503'); })], { concurrency: 1 });
    await clock.advance(10 * 60_000);
    expect(at.slice(1).map((t, i) => t - at[i]!)).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 64000]);
    expect(await queue.counts()).toMatchObject({ failed: 1, delayed: 0, waiting: 0 });
    await queue.close();
  });

  it('GIVEN full jitter drawn THEN each retry waits the backoff plus the jitter share, never less', async () => {
    const { clock, queue } = setup({ retry: { jitter: 0.5 } }, () => 1);
    const at: number[] = [];
    await queue.add(relay, { to: 'b' }, { jobId: 'b', attempts: 3, backoffBaseMs: 1000 });
    await queue.work([handleJob(relay, () => { at.push(clock.now()); throw new Error('503'); })], { concurrency: 1 });
    await clock.advance(60_000);
    expect(at.slice(1).map((t, i) => t - at[i]!)).toEqual([1500, 3000]);
    await queue.close();
  });

  it('GIVEN a lane of 3 starts per second THEN 7 jobs start at 0, 0, 0, 1, 1, 1, 2 s', async () => {
    const { clock, queue } = setup();
    const lane = defineLane({ name: 'paced', rateLimit: { max: 3, durationMs: 1000 } });
    const paced = defineJob({ name: 'paced', version: 1, payload: z.object({ n: z.number() }), lane });
    const at: number[] = [];
    await queue.addBulk(Array.from({ length: 7 }, (_, n) => jobToAdd(paced, { n }, { jobId: `p${n}` })));
    await queue.work([handleJob(paced, () => void at.push(clock.now()))], { concurrency: 10 });
    await clock.advance(5_000);
    expect(at).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
    await queue.close();
  });

  it('GIVEN a retry-after of 90 s THEN the lane waits the full 90 s', async () => {
    const { clock, queue } = setup();
    const at: number[] = [];
    await queue.add(relay, { to: 'c' }, { jobId: 'c' });
    await queue.work([handleJob(relay, () => {
      at.push(clock.now());
      if (at.length === 1) throw new RateLimitedJobError(90_000);
    })], { concurrency: 1 });
    await clock.advance(89_999);
    expect(at).toEqual([0]);
    await clock.advance(1);
    expect(at).toEqual([0, 90_000]);
    await queue.close();
  });

  it('GIVEN completed jobs older than the retention age THEN the next completion removes them, and only their ids may run again', async () => {
    const { clock, queue } = setup({ retention: { completedMaxAgeMs: 1000 } });
    const ran: string[] = [];
    await queue.work([handleJob(relay, (job) => void ran.push(job.id))], { concurrency: 1 });
    await queue.add(relay, { to: 'old' }, { jobId: 'old' });
    await clock.advance(2000);
    // Eviction is lazy, on the next completion, as in BullMQ.
    expect((await queue.counts()).completed).toBe(1);
    await queue.add(relay, { to: 'new' }, { jobId: 'new' });
    await clock.advance(0);
    expect((await queue.counts()).completed).toBe(1);
    await queue.add(relay, { to: 'old' }, { jobId: 'old' });
    await queue.add(relay, { to: 'new' }, { jobId: 'new' });
    await clock.advance(0);
    expect(ran).toEqual(['old', 'new', 'old']);
    await queue.close();
  });

  it('GIVEN delayed jobs WHEN the queue closes THEN it clears their timers and logs how many were abandoned', async () => {
    const { clock, log, queue } = setup();
    await queue.add(relay, { to: 'd' }, { jobId: 'd', delayMs: 60_000 });
    await queue.add(relay, { to: 'e' }, { jobId: 'e' });
    await queue.close();
    expect(clock.pendingTimers).toBe(0);
    expect(log.entries).toContainEqual(expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ abandoned: 2 }) as unknown }));
  });

  it('GIVEN a source that queues jobs again after a restart WHEN the queue closes with jobs not yet run THEN it says what happens to them, per job, without a warning', async () => {
    const { log, queue } = setup({ abandonedJobsRecreatedBy: 'the outbox queues them again' });
    const sweep = defineJob({ name: 'sweep', version: 1, payload: z.object({}) });
    await queue.add(relay, { to: 'd' }, { jobId: 'd', delayMs: 60_000 });
    await queue.add(relay, { to: 'e' }, { jobId: 'e' });
    await queue.add(sweep, {}, { jobId: 's', delayMs: 30_000 });
    await queue.close();
    expect(log.entries.filter((e) => e.level === 'warn')).toEqual([]);
    const said = log.entries.find((e) => e.level === 'info' && (e.fields as { abandoned?: number }).abandoned !== undefined);
    expect(said?.fields).toMatchObject({ abandoned: 3, byJob: { relay: 2, sweep: 1 } });
    expect(said?.message).toContain('the outbox queues them again');
  });

  it('GIVEN an empty queue WHEN it closes THEN it says nothing about abandoned jobs', async () => {
    const { log, queue } = setup();
    await queue.close();
    expect(log.entries.filter((e) => (e.fields as { abandoned?: number }).abandoned !== undefined)).toEqual([]);
  });
});
