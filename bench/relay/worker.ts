/**
 * One worker process of the relay benchmark and fault tests: the project's
 * own workers (`startWorkers`, as `plenary worker` runs them) with the
 * recording platform instead of a bot. Prints its peak RSS as a JSON line on exit.
 */
import pg from 'pg';
import { watchPgPool } from '../../src/adapters/persistence/pg-errors.js';
import { loadConfig } from '../../src/bots/config.js';
import { installProcessGuards } from '../../src/bots/process-guards.js';
import { createLogger } from '../../src/bots/logger.js';
import { openQueue, openRuntime } from '../../src/bots/runtime.js';
import { startWorkers } from '../../src/bots/workers.js';
import { RecordingSender } from './recording-sender.js';

const loaded = loadConfig(process.env);
if (!loaded.ok) {
  process.stderr.write(`${loaded.problems.join('\n')}\n`);
  process.exit(2);
}
const config = loaded.config;
const log = createLogger({ ...config, LOG_LEVEL: (process.env.BENCH_WORKER_LOG_LEVEL ?? process.env.LOG_LEVEL ?? 'warn') as typeof config.LOG_LEVEL });
const concurrency = Number(process.env.BENCH_WORKER_CONCURRENCY ?? '8');
// The recording platform's own writes need not wait for the disk (it stands in for Discord's servers,
// not for Plenary's database): a worker killed mid-send still finds what it recorded.
const sends = new pg.Pool({ connectionString: config.DATABASE_URL, max: 12, options: '-c synchronous_commit=off' });
watchPgPool(sends, log, 'recording platform');
installProcessGuards(log);
const rt = await openRuntime(config, log);
const queue = openQueue(config, log);
const workers = await startWorkers(rt, {
  queue,
  senders: [new RecordingSender(sends)],
  concurrency,
  // The recording platform has no rate limit: its lane is as wide as the connection pool.
  concurrencyByLane: { 'platform.console': 12 },
  ...(process.env.BENCH_LEASE_MS ? { deliveryLeaseMs: Number(process.env.BENCH_LEASE_MS) } : {}),
  dispatcher: { intervalMs: 100, staleMs: Number(process.env.BENCH_STALE_MS ?? '60000'), reconcileEveryMs: Number(process.env.BENCH_RECONCILE_MS ?? '30000') },
});
let peak = 0;
const sample = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 250);
process.stdout.write(`${JSON.stringify({ ready: true, pid: process.pid })}\n`);
const stop = async (): Promise<void> => {
  clearInterval(sample);
  await workers.close();
  await queue.close();
  await rt.close();
  await sends.end();
  const usage = process.resourceUsage();
  // CPU seconds used (user + system): a figure the machine's other load does not change much, unlike wall time.
  process.stdout.write(`${JSON.stringify({ pid: process.pid, peakRss: Math.max(peak, usage.maxRSS * 1024), cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 })}\n`);
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
