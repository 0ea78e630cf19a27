import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob, defineLane } from '../../src/jobs/define-job.js';
import { InvalidJobPayloadError, JobQueueClosedError, JobQueueTimeoutError, UnrecoverableJobError } from '../../src/jobs/errors.js';
import { handleJob } from '../../src/jobs/job-handler.js';
import { jobToAdd, type JobLogger, type JobQueue, type ReceivedJob, type RetentionPolicy, type RetryPolicy } from '../../src/jobs/job-queue.port.js';
import { describeTimingConformance } from './job-queue-timing.conformance.js';
import { greet, sleep, type OpenQueueFn } from './job-queue-fixtures.js';
import { recordingLogger } from './recording-logger.js';

export interface JobQueueFactory {
  /** Shown in test names: which implementation this run checks. */
  readonly implementation: string;
  create(options: { prefix: string; log: JobLogger; retry?: Partial<RetryPolicy>; retention?: Partial<RetentionPolicy> }): JobQueue;
  /** Removes whatever the queue left behind under `prefix` (Redis keys). */
  cleanup?(prefix: string): Promise<void>;
}


/** Every behaviour the port promises, run against one implementation. */
export function describeJobQueueConformance(factory: JobQueueFactory): void {
  const opened: { queue: JobQueue; prefix: string }[] = [];
  const run = Math.random().toString(36).slice(2, 8);
  let seq = 0;

  const open: OpenQueueFn = (options = {}) => {
    const prefix = `plenary-test-${run}-${++seq}`;
    const log = recordingLogger();
    // Small retry delays keep the suite fast; behaviour is the same at production scale.
    const queue = factory.create({ prefix, log, retry: { backoffBaseMs: 10, ...options.retry }, ...(options.retention ? { retention: options.retention } : {}) });
    opened.push({ queue, prefix });
    return { queue, logs: log.entries };
  };

  afterEach(async () => {
    for (const { queue, prefix } of opened.splice(0)) {
      await queue.close();
      await factory.cleanup?.(prefix);
    }
  });

  describe(`job queue conformance: ${factory.implementation}`, () => {
    it('GIVEN an added job WHEN a worker runs THEN the handler gets its id, name, version, payload and attempt 1, and the job completes', async () => {
      const { queue } = open();
      const seen: ReceivedJob<{ name: string }>[] = [];
      await queue.add(greet, { name: 'ada' }, { jobId: 'a.1' });
      await queue.work([handleJob(greet, (job) => void seen.push(job))], { concurrency: 1 });
      await queue.whenIdle();
      expect(seen).toEqual([{ id: 'a.1', name: 'greet', version: 1, payload: { name: 'ada' }, attempt: 1, maxAttempts: 8 }]);
      expect(await queue.counts()).toEqual({ waiting: 0, delayed: 0, active: 0, completed: 1, failed: 0 });
    });

    it('GIVEN a payload that breaks the schema WHEN added alone or in a bulk THEN it throws and nothing is enqueued', async () => {
      const { queue } = open();
      await expect(queue.add(greet, { name: '' }, { jobId: 'bad' })).rejects.toBeInstanceOf(InvalidJobPayloadError);
      const bulk = [jobToAdd(greet, { name: 'ok' }, { jobId: 'ok' }), jobToAdd(greet, { name: '' }, { jobId: 'bad' })];
      await expect(queue.addBulk(bulk)).rejects.toBeInstanceOf(InvalidJobPayloadError);
      expect((await queue.counts(greet.lane.name)).waiting).toBe(0);
    });

    it('GIVEN a stored payload the worker schema now rejects THEN the job fails at once without calling the handler or retrying', async () => {
      const { queue } = open();
      const strict = defineJob({ name: 'greet', version: 1, payload: z.object({ name: z.string().min(5) }) });
      let calls = 0;
      await queue.add(greet, { name: 'al' }, { jobId: 'short', attempts: 5 });
      await queue.work([handleJob(strict, () => { calls++; })], { concurrency: 1 });
      await queue.whenIdle();
      expect(calls).toBe(0);
      const [failed] = await queue.failed();
      expect(failed).toMatchObject({ id: 'short', name: 'greet', version: 1, attemptsMade: 1, payload: { name: 'al' } });
      expect(failed?.reason).toMatch(/payload does not match greet@1/);
    });

    it('GIVEN the same jobId added twice while the first exists THEN the job runs once; another job name may reuse the id', async () => {
      const { queue } = open();
      const other = defineJob({ name: 'other', version: 1, payload: z.object({ name: z.string() }) });
      const seen: string[] = [];
      await queue.add(greet, { name: 'first' }, { jobId: 'same' });
      await queue.add(greet, { name: 'second' }, { jobId: 'same' });
      await queue.addBulk([jobToAdd(greet, { name: 'third' }, { jobId: 'same' }), jobToAdd(other, { name: 'other' }, { jobId: 'same' })]);
      await queue.work([handleJob(greet, (job) => void seen.push(job.payload.name)), handleJob(other, (job) => void seen.push(job.payload.name))], { concurrency: 1 });
      await queue.whenIdle();
      expect(seen.sort()).toEqual(['first', 'other']);
    });

    it('GIVEN replaceFinished THEN a completed or failed job with that id runs again, and a waiting one is left alone', async () => {
      const { queue } = open();
      const seen: string[] = [];
      let failing = true;
      await queue.add(greet, { name: 'done' }, { jobId: 'done' });
      await queue.add(greet, { name: 'broken' }, { jobId: 'broken', attempts: 1 });
      const worker = await queue.work([handleJob(greet, (job) => {
        if (job.payload.name === 'broken' && failing) throw new Error('down');
        seen.push(job.payload.name);
      })], { concurrency: 1 });
      await queue.whenIdle();
      expect(seen).toEqual(['done']);
      failing = false;
      await queue.addBulk([jobToAdd(greet, { name: 'done' }, { jobId: 'done' }), jobToAdd(greet, { name: 'broken' }, { jobId: 'broken' })]);
      await queue.whenIdle();
      expect(seen).toEqual(['done']);
      await queue.addBulk([jobToAdd(greet, { name: 'done' }, { jobId: 'done' }), jobToAdd(greet, { name: 'broken' }, { jobId: 'broken' })], { replaceFinished: true });
      await queue.whenIdle();
      expect(seen.sort()).toEqual(['broken', 'done', 'done']);
      await worker.close();
      await queue.add(greet, { name: 'waiting' }, { jobId: 'w' });
      await queue.addBulk([jobToAdd(greet, { name: 'waiting' }, { jobId: 'w' })], { replaceFinished: true });
      expect((await queue.counts()).waiting).toBe(1);
    });

    it('GIVEN a job whose attempts all fail THEN it is failed, kept with payload and reason, counted, and logged', async () => {
      const { queue, logs } = open();
      let calls = 0;
      await queue.add(greet, { name: 'doomed' }, { jobId: 'doomed', attempts: 3 });
      await queue.work([handleJob(greet, () => { calls++; throw new Error('platform down'); })], { concurrency: 1 });
      await queue.whenIdle();
      expect(calls).toBe(3);
      expect(await queue.failed()).toEqual([expect.objectContaining({ id: 'doomed', name: 'greet', lane: 'default', payload: { name: 'doomed' }, attemptsMade: 3, reason: 'platform down' })]);
      expect((await queue.counts()).failed).toBe(1);
      expect(logs.some((e) => e.level === 'warn' && /failed for good/.test(e.message))).toBe(true);
    });

    it('GIVEN a handler that throws UnrecoverableJobError THEN the job fails after one attempt despite attempts left', async () => {
      const { queue } = open();
      let calls = 0;
      await queue.add(greet, { name: 'refused' }, { jobId: 'refused', attempts: 5 });
      await queue.work([handleJob(greet, () => { calls++; throw new UnrecoverableJobError('motion is closed'); })], { concurrency: 1 });
      await queue.whenIdle();
      expect(calls).toBe(1);
      expect(await queue.failed()).toEqual([expect.objectContaining({ id: 'refused', attemptsMade: 1, reason: 'motion is closed' })]);
    });

    it('GIVEN a job of a name no handler in its lane knows THEN it fails without retries instead of waiting forever', async () => {
      const { queue } = open();
      const unknown = defineJob({ name: 'unknown', version: 1, payload: z.object({}) });
      await queue.add(unknown, {}, { jobId: 'u', attempts: 4 });
      await queue.work([handleJob(greet, () => undefined)], { concurrency: 1 });
      await queue.whenIdle();
      expect(await queue.failed()).toEqual([expect.objectContaining({ id: 'u', attemptsMade: 1, reason: expect.stringMatching(/no handler for unknown@1/) as unknown })]);
    });

    it('GIVEN a worker with concurrency 3 THEN never more than 3 handlers run at once, and 3 do', async () => {
      const { queue } = open();
      let running = 0;
      let peak = 0;
      await queue.addBulk(Array.from({ length: 12 }, (_, i) => jobToAdd(greet, { name: `n${i}` }, { jobId: `c${i}` })));
      await queue.work([handleJob(greet, async () => { running++; peak = Math.max(peak, running); await sleep(50); running--; })], { concurrency: 3 });
      await queue.whenIdle();
      expect(peak).toBe(3);
      expect((await queue.counts()).completed).toBe(12);
    });

    it('GIVEN completed-job retention of 2 THEN only the 2 newest completed jobs are kept', async () => {
      const { queue } = open({ retention: { completedMaxCount: 2 } });
      await queue.addBulk(Array.from({ length: 5 }, (_, i) => jobToAdd(greet, { name: `n${i}` }, { jobId: `k${i}` })));
      await queue.work([handleJob(greet, () => undefined)], { concurrency: 1 });
      await queue.whenIdle();
      expect((await queue.counts()).completed).toBe(2);
    });

    it('GIVEN completed jobs removed at once THEN none are kept and the same id can run again later', async () => {
      const { queue } = open({ retention: { completedMaxCount: 0 } });
      let calls = 0;
      await queue.work([handleJob(greet, () => { calls++; })], { concurrency: 1 });
      await queue.add(greet, { name: 'again' }, { jobId: 'again' });
      await queue.whenIdle();
      await queue.add(greet, { name: 'again' }, { jobId: 'again' });
      await queue.whenIdle();
      expect(calls).toBe(2);
      expect((await queue.counts()).completed).toBe(0);
    });

    it('GIVEN failed-job retention of 2 THEN the 2 newest failures are kept and older ones pushed out', async () => {
      const { queue } = open({ retention: { failedMaxCount: 2 } });
      await queue.work([handleJob(greet, (job) => { throw new UnrecoverableJobError(job.payload.name); })], { concurrency: 1 });
      for (const name of ['f1', 'f2', 'f3', 'f4']) {
        await queue.add(greet, { name }, { jobId: name });
        await queue.whenIdle();
      }
      expect((await queue.counts()).failed).toBe(2);
      expect((await queue.failed()).map((f) => f.id)).toEqual(['f4', 'f3']);
    });

    it('GIVEN a job that is running WHEN its worker closes THEN close waits for it, and later jobs stay waiting', async () => {
      const { queue } = open();
      let finished = false;
      let started = false;
      await queue.add(greet, { name: 'slow' }, { jobId: 'slow' });
      const worker = await queue.work([handleJob(greet, async () => { started = true; await sleep(200); finished = true; })], { concurrency: 1 });
      while (!started) await sleep(5);
      await worker.close();
      expect(finished).toBe(true);
      await queue.add(greet, { name: 'later' }, { jobId: 'later' });
      await sleep(100);
      expect(await queue.counts()).toMatchObject({ waiting: 1, active: 0, completed: 1 });
    });

    it('GIVEN jobs waiting with no worker THEN whenIdle rejects after its timeout', async () => {
      const { queue } = open();
      await queue.add(greet, { name: 'stuck' }, { jobId: 'stuck' });
      await expect(queue.whenIdle({ timeoutMs: 150 })).rejects.toBeInstanceOf(JobQueueTimeoutError);
    });

    it('GIVEN a closed queue THEN add and work reject', async () => {
      const { queue } = open();
      await queue.close();
      await expect(queue.add(greet, { name: 'x' }, { jobId: 'x' })).rejects.toBeInstanceOf(JobQueueClosedError);
      await expect(queue.work([handleJob(greet, () => undefined)], { concurrency: 1 })).rejects.toBeInstanceOf(JobQueueClosedError);
    });

    it('GIVEN handlers in two lanes THEN work starts one worker per lane', async () => {
      const { queue } = open();
      const paced = defineJob({ name: 'paced', version: 1, payload: z.object({}), lane: defineLane({ name: 'paced-lane', rateLimit: { max: 5, durationMs: 1000 } }) });
      const worker = await queue.work([handleJob(greet, () => undefined), handleJob(paced, () => undefined)], { concurrency: 2 });
      expect([...worker.lanes].sort()).toEqual(['default', 'paced-lane']);
    });

    describeTimingConformance(open);
  });
}
