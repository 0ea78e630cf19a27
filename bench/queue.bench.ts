/**
 * tsx bench/queue.bench.ts — throughput of no-op jobs through the job-queue
 * port, in process and on Redis (BullMQ): addBulk rate and processing rate at
 * concurrency 50 and 100, next to raw BullMQ with the same options. Then Redis memory (INFO used_memory) across 100k
 * completed jobs streamed through one lane, with removeOnComplete (the
 * default retention) and, as a control, keeping every completed job.
 * Prints figures and ratios; writes bench/results/queue.json.
 *
 * Options: --jobs N (default 100000), --chunk N (addBulk size, default 1000),
 * --control N (jobs for the keep-everything control, default 20000),
 * REDIS_URL (default redis://127.0.0.1:6379). Keys live under a bench-only
 * prefix and are deleted at the end.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { BullmqJobQueue } from '../src/adapters/queue/bullmq-job-queue.js';
import { InProcessJobQueue } from '../src/adapters/queue/in-process-job-queue.js';
import { silentLogger } from '../src/core/ports/logger.port.js';
import { defineJob } from '../src/jobs/define-job.js';
import { handleJob } from '../src/jobs/job-handler.js';
import { jobToAdd, type JobQueue, type RetentionPolicy } from '../src/jobs/job-queue.port.js';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const JOBS = arg('jobs', 100_000);
const CHUNK = arg('chunk', 1000);
const CONTROL = arg('control', 20_000);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const run = `plenary-bench-${process.pid}`;
const noop = defineJob({ name: 'noop', version: 1, payload: z.object({ i: z.number().int() }) });

type Impl = 'in-process' | 'bullmq';
interface Row {
  readonly impl: Impl | 'bullmq-raw';
  readonly concurrency: number;
  readonly jobs: number;
  readonly addPerSecond: number;
  readonly processPerSecond: number;
}
let seq = 0;
function openQueue(impl: Impl, retention?: Partial<RetentionPolicy>): JobQueue {
  const prefix = `${run}-${++seq}`;
  const config = { prefix, log: silentLogger, ...(retention ? { retention } : {}) };
  return impl === 'bullmq' ? new BullmqJobQueue({ ...config, redisUrl }) : new InProcessJobQueue(config);
}

function batch(from: number, count: number) {
  return Array.from({ length: count }, (_, k) => jobToAdd(noop, { i: from + k }, { jobId: `j${from + k}` }));
}

async function throughput(impl: Impl, concurrency: number): Promise<Row> {
  const queue = openQueue(impl);
  const t0 = performance.now();
  for (let i = 0; i < JOBS; i += CHUNK) await queue.addBulk(batch(i, Math.min(CHUNK, JOBS - i)));
  const addSeconds = (performance.now() - t0) / 1000;
  let handled = 0;
  const t1 = performance.now();
  const worker = await queue.work([handleJob(noop, () => { handled++; })], { concurrency });
  await queue.whenIdle({ timeoutMs: 600_000 });
  const processSeconds = (performance.now() - t1) / 1000;
  await worker.close();
  await queue.close();
  if (handled !== JOBS) throw new Error(`${impl}: handled ${handled} of ${JOBS}`);
  return report({ impl, concurrency, jobs: JOBS, addPerSecond: Math.round(JOBS / addSeconds), processPerSecond: Math.round(JOBS / processSeconds) });
}

function report(r: Row): Row {
  console.log(`${r.impl.padEnd(10)} c=${String(r.concurrency).padEnd(3)} addBulk ${r.addPerSecond.toLocaleString('en').padStart(9)} jobs/s   process ${r.processPerSecond.toLocaleString('en').padStart(9)} jobs/s`);
  return r;
}

/**
 * BullMQ used directly with the same job and worker options (no port, no zod,
 * no limiter), in the same run: the machine is shared and noisy, so the
 * port's cost is read as a ratio to this, not from absolute figures.
 */
async function rawBullmq(concurrency: number): Promise<Row> {
  const prefix = `${run}-${++seq}`;
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('raw', { connection, prefix });
  const t0 = performance.now();
  for (let i = 0; i < JOBS; i += CHUNK) {
    const n = Math.min(CHUNK, JOBS - i);
    await queue.addBulk(Array.from({ length: n }, (_, k) => ({ name: noop.key, data: { i: i + k }, opts: { jobId: `noop/j${i + k}`, attempts: 8, backoff: { type: 'exponential', delay: 1000 } } })));
  }
  const addSeconds = (performance.now() - t0) / 1000;
  let handled = 0;
  let finished!: () => void;
  const allDone = new Promise<void>((resolve) => (finished = resolve));
  const t1 = performance.now();
  const worker = new Worker('raw', () => {
    if (++handled === JOBS) finished();
    return Promise.resolve();
  }, { connection, prefix, concurrency, removeOnComplete: { count: 1000, age: 3600 } });
  await allDone;
  const processSeconds = (performance.now() - t1) / 1000;
  await worker.close();
  await queue.close();
  await connection.quit();
  return report({ impl: 'bullmq-raw', concurrency, jobs: JOBS, addPerSecond: Math.round(JOBS / addSeconds), processPerSecond: Math.round(JOBS / processSeconds) });
}

async function usedMemory(admin: Redis): Promise<number> {
  const info = await admin.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN);
}

/** Streams `total` jobs through a running worker, sampling used_memory every tenth of the way. */
async function memorySeries(admin: Redis, total: number, retention?: Partial<RetentionPolicy>) {
  const queue = openQueue('bullmq', retention);
  const worker = await queue.work([handleJob(noop, () => undefined)], { concurrency: 100 });
  const before = await usedMemory(admin);
  const samples: { completed: number; usedMemory: number }[] = [];
  const step = Math.max(CHUNK, Math.floor(total / 10));
  for (let i = 0; i < total; i += CHUNK) {
    await queue.addBulk(batch(i, Math.min(CHUNK, total - i)));
    if ((i + CHUNK) % step === 0 || i + CHUNK >= total) {
      await queue.whenIdle({ timeoutMs: 600_000 });
      samples.push({ completed: Math.min(i + CHUNK, total), usedMemory: await usedMemory(admin) });
    }
  }
  const kept = (await queue.counts()).completed;
  await worker.close();
  await queue.close();
  return { before, samples, after: samples.at(-1)?.usedMemory ?? before, keptCompleted: kept };
}

async function deleteKeys(admin: Redis): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${run}-*`, 'COUNT', 5000);
    if (keys.length > 0) await admin.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

async function main(): Promise<void> {
  const admin = new Redis(redisUrl);
  try {
    console.log(`queue bench: ${JOBS.toLocaleString('en')} no-op jobs, addBulk chunks of ${CHUNK}, Node ${process.version}`);
    // Warm the JIT on a small run so the first measured row is not penalised.
    await (async () => {
      const warm = openQueue('in-process');
      await warm.addBulk(batch(0, 5000));
      await warm.work([handleJob(noop, () => undefined)], { concurrency: 50 });
      await warm.whenIdle();
      await warm.close();
    })();
    const rows: Row[] = [];
    for (const c of [50, 100]) {
      rows.push(await throughput('in-process', c));
      rows.push(await throughput('bullmq', c));
      rows.push(await rawBullmq(c));
      await deleteKeys(admin);
    }

    const find = (impl: Row['impl'], c: number) => rows.find((r) => r.impl === impl && r.concurrency === c)!;
    const ratios = {
      addInProcessOverBullmq: +(find('in-process', 100).addPerSecond / find('bullmq', 100).addPerSecond).toFixed(1),
      processInProcessOverBullmq: +(find('in-process', 100).processPerSecond / find('bullmq', 100).processPerSecond).toFixed(1),
      bullmqProcessC100OverC50: +(find('bullmq', 100).processPerSecond / find('bullmq', 50).processPerSecond).toFixed(2),
      portOverRawAdd: [50, 100].map((c) => +(find('bullmq', c).addPerSecond / find('bullmq-raw', c).addPerSecond).toFixed(2)),
      portOverRawProcess: [50, 100].map((c) => +(find('bullmq', c).processPerSecond / find('bullmq-raw', c).processPerSecond).toFixed(2)),
    };
    console.log(`ratios: in-process/BullMQ addBulk ${ratios.addInProcessOverBullmq}x, processing ${ratios.processInProcessOverBullmq}x; BullMQ c100/c50 ${ratios.bullmqProcessC100OverC50}x`);
    console.log(`port on BullMQ / raw BullMQ (c50, c100): addBulk ${ratios.portOverRawAdd.join(', ')}; processing ${ratios.portOverRawProcess.join(', ')}`);

    const flat = await memorySeries(admin, JOBS);
    await deleteKeys(admin);
    const control = await memorySeries(admin, CONTROL, { completedMaxCount: Number.MAX_SAFE_INTEGER });
    await deleteKeys(admin);
    const usedValues = flat.samples.map((s) => s.usedMemory);
    const bytesPerKeptJob = (control.after - control.before) / CONTROL;
    const memory = {
      removeOnComplete: { ...flat, spreadOfSamples: Math.max(...usedValues) - Math.min(...usedValues), growth: flat.after - flat.before, ratioAfterOverBefore: +(flat.after / flat.before).toFixed(3) },
      keepEverything: { ...control, bytesPerKeptJob: Math.round(bytesPerKeptJob), projectedGrowthFor100k: Math.round(bytesPerKeptJob * JOBS) },
    };
    console.log(`Redis used_memory, removeOnComplete (keep ${flat.keptCompleted}): before ${mb(flat.before)}, after ${JOBS.toLocaleString('en')} completed ${mb(flat.after)} (+${mb(flat.after - flat.before)}, x${memory.removeOnComplete.ratioAfterOverBefore})`);
    console.log(`  every tenth of the way: ${flat.samples.map((s) => mb(s.usedMemory)).join(', ')} (spread ${mb(memory.removeOnComplete.spreadOfSamples)})`);
    console.log(`control, keeping every completed job: ${CONTROL.toLocaleString('en')} jobs grew ${mb(control.after - control.before)} = ${memory.keepEverything.bytesPerKeptJob} B/job, i.e. ${mb(memory.keepEverything.projectedGrowthFor100k)} for ${JOBS.toLocaleString('en')}`);

    mkdirSync('bench/results', { recursive: true });
    const result = { when: new Date().toISOString(), node: process.version, jobs: JOBS, chunk: CHUNK, throughput: rows, ratios, memory };
    writeFileSync('bench/results/queue.json', `${JSON.stringify(result, null, 2)}\n`);
    console.log('wrote bench/results/queue.json');
  } finally {
    await deleteKeys(admin);
    await admin.quit();
  }
}

await main();
