/**
 * npm run bench:votes — 5,000 members cast and then change ballots on one
 * motion through the command table into PostgreSQL. Prints ballots/s, p50/p99
 * latency and, in the same run on the same server with the same number of
 * connections, the raw single-row INSERT rate and the ratio; then the time to
 * close the 5,000-ballot motion. Writes bench/results/votes.json.
 *
 * Options: --members N (default 5000), --concurrency N (in-flight commands, default 50),
 * DATABASE_URL (a server to create a scratch database on; default local PostgreSQL).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openDatabase } from '../src/adapters/persistence/database.js';
import { describeDbError, watchPgPool } from '../src/adapters/persistence/pg-errors.js';
import { createLogger } from '../src/bots/logger.js';
import { installProcessGuards } from '../src/bots/process-guards.js';
import { PrismaStore } from '../src/adapters/persistence/prisma-store.js';
import { dispatch } from '../src/core/commands/dispatch.js';
import { commandTable } from '../src/core/commands/table.js';
import { parseCommandLine } from '../src/core/commands/text-grammar.js';
import { systemClock } from '../src/core/ports/clock.port.js';
import { silentLogger } from '../src/core/ports/logger.port.js';
import { closeMotion } from '../src/core/services/closing.service.js';
import { createCore } from '../src/core/services/create-core.js';
import type { CoreDeps } from '../src/core/services/deps.js';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const MEMBERS = arg('members', 5000);
const CONCURRENCY = arg('concurrency', 50);
const POOL = arg('connections', 10);
const base = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const dbName = `plenary_bench_${process.pid}`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function pool<T>(items: readonly T[], concurrency: number, fn: (t: T) => Promise<void>, label: string): Promise<void> {
  let next = 0;
  let done = 0;
  const tick = Math.max(1, Math.floor(items.length / 10));
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await fn(item);
        if (++done % tick === 0) process.stderr.write(`  ${label}: ${done}/${items.length}\r`);
      }
    }),
  );
  process.stderr.write('\n');
}

const table = commandTable();
/** Warnings (a lost connection) and guarded crashes, one safe line each on stderr. */
const guardLog = createLogger({ LOG_LEVEL: 'warn', LOG_FORMAT: 'json' });
installProcessGuards(guardLog);

async function run(deps: CoreDeps, user: string, line: string): Promise<void> {
  const parsed = parseCommandLine(table, line);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const r = await dispatch({ deps, actor: { platform: 'console', externalId: user, displayName: user }, room: { platform: 'console', roomId: 'plenary-hall' }, requestId: 'bench', roomAdmin: true }, parsed.value.spec, parsed.value.args);
  for (const m of r.replies) if (m.tone === 'error') throw new Error(`${line}: ${m.title}: ${m.body ?? ''}`);
}

async function rawInsertRate(url: string, n: number): Promise<number> {
  const p = new pg.Pool({ connectionString: url, max: POOL });
  // This pool had no error listener: one lost idle connection ended a run, printing the pg Client it carried.
  watchPgPool(p, guardLog, 'raw insert');
  await p.query('CREATE TABLE IF NOT EXISTS bench_raw (motion_id uuid, person_id uuid, choice jsonb, cast_at timestamptz(3), PRIMARY KEY (motion_id, person_id))');
  const motion = '00000000-0000-7000-8000-000000000001';
  const ids = Array.from({ length: n }, (_, i) => `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`);
  const t0 = performance.now();
  await pool(ids, CONCURRENCY, async (id) => {
    await p.query('INSERT INTO bench_raw (motion_id, person_id, choice, cast_at) VALUES ($1, $2, $3, now())', [motion, id, '{"kind":"yes-no-abstain","value":"yes"}']);
  }, 'raw inserts');
  const rate = n / ((performance.now() - t0) / 1000);
  await p.end();
  return rate;
}

// --profile: a CPU profile of the change phase alone, written to bench/results/votes.cpuprofile.
const inspector = new Session();
async function startProfile(): Promise<void> {
  inspector.connect();
  await new Promise<void>((r) => inspector.post('Profiler.enable', () => inspector.post('Profiler.start', () => r())));
}
async function stopProfile(): Promise<void> {
  const profile = await new Promise<unknown>((r) => inspector.post('Profiler.stop', (_e, res) => r(res.profile)));
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/votes.cpuprofile', JSON.stringify(profile));
}

async function main(): Promise<void> {
  const admin = new pg.Client({ connectionString: base });
  admin.on('error', (e) => guardLog.warn({ dbError: describeDbError(e) }, 'admin connection lost'));
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = base.replace(/\/[^/]*$/, `/${dbName}`);
  const db = await openDatabase({ databaseUrl: url, dataDir: './data', log: silentLogger, migrateOnOpen: true, poolSize: POOL });
  try {
    // --trace-sql: time each statement of the ballot batches.
    const stmt = new Map<string, number[]>();
    const sql = process.argv.includes('--trace-sql')
      ? {
          ...db.sql,
          withSession: <T>(fn: (s: Parameters<Parameters<typeof db.sql.withSession>[0]>[0]) => Promise<T>) =>
            db.sql.withSession((session) =>
              fn({
                ...session,
                query: async <R extends object>(text: string, params?: readonly unknown[]) => {
                  const t = performance.now();
                  const r = await session.query<R>(text, params);
                  const key = text.trim().split(/\s+/).slice(0, 3).join(' ');
                  stmt.set(key, [...(stmt.get(key) ?? []), performance.now() - t]);
                  return r;
                },
              }),
            ),
        }
      : db.sql;
    const store = new PrismaStore(db.prisma, { sql });
    // Batch sizes and times, to see where a ballot's latency goes.
    const batches: { size: number; ms: number }[] = [];
    const cast = store.castBallots.bind(store);
    store.castBallots = async (b) => {
      const t = performance.now();
      const r = await cast(b);
      batches.push({ size: b.ballots.length, ms: performance.now() - t });
      return r;
    };
    const deps = createCore({ store, clock: systemClock, log: silentLogger, senders: new Map() });
    process.stderr.write(`setting up an assembly of ${MEMBERS} members on ${dbName} (${POOL} connections)…\n`);
    await run(deps, 'm0', 'assembly setup "Plenary Hall"');
    await run(deps, 'm0', 'assembly policy early-close false');
    const members = Array.from({ length: MEMBERS }, (_, i) => `m${i}`);
    await pool(members.slice(1), 20, (m) => run(deps, m, 'join'), 'joins');
    await run(deps, 'm0', 'motion propose "Adopt the budget"');

    const latencies: number[] = [];
    const t0 = performance.now();
    const phases: Record<string, number> = {};
    for (const [phase, choice] of [['cast', 'yes'], ['change', 'no']] as const) {
      if (process.argv.includes('--profile') && phase === 'change') await startProfile();
      const p0 = performance.now();
      await pool(members, CONCURRENCY, async (m) => {
        const s = performance.now();
        await run(deps, m, `vote 1 ${choice}`);
        latencies.push(performance.now() - s);
      }, phase);
      phases[phase] = Math.round(MEMBERS / ((performance.now() - p0) / 1000));
      if (process.argv.includes('--profile') && phase === 'change') await stopProfile();
    }
    const seconds = (performance.now() - t0) / 1000;
    const ballotsPerSecond = latencies.length / seconds;
    latencies.sort((a, b) => a - b);

    const motion = await deps.store.read.motionByNumber((await deps.store.read.assemblyByName('Plenary Hall'))!.id, 1);
    const c0 = performance.now();
    const closed = await closeMotion(deps, motion!.id, 'everyone-voted');
    const closeMs = performance.now() - c0;
    if (!closed.ok || closed.value?.result?.ballots !== MEMBERS) throw new Error('close did not count every ballot');
    if ((closed.value.result.tally.no ?? 0) !== MEMBERS) throw new Error('changed ballots were not all counted');

    const raw = await rawInsertRate(url, latencies.length);
    const figures = {
      members: MEMBERS,
      ballots: latencies.length,
      concurrency: CONCURRENCY,
      connections: POOL,
      ballotsPerSecond: Math.round(ballotsPerSecond),
      p50Ms: Number(percentile(latencies, 50).toFixed(2)),
      p99Ms: Number(percentile(latencies, 99).toFixed(2)),
      rawInsertsPerSecond: Math.round(raw),
      ratio: Number((ballotsPerSecond / raw).toFixed(2)),
      close5000Ms: Number(closeMs.toFixed(1)),
      perPhaseBallotsPerSecond: phases,
      targets: { ballotsPerSecond: 2000, ratio: 0.5, p99Ms: 50, closeMs: 50 },
    };
    console.log(`ballots through the command table: ${figures.ballots} in ${seconds.toFixed(2)} s = ${figures.ballotsPerSecond}/s (target >= 2000)`);
    const bs = batches.map((b) => b.size).sort((a, b) => a - b);
    const bt = batches.map((b) => b.ms).sort((a, b) => a - b);
    console.log(`ballot batches: ${batches.length}, size p50 ${percentile(bs, 50)} max ${bs.at(-1) ?? 0}; commit time p50 ${percentile(bt, 50).toFixed(1)} ms p99 ${percentile(bt, 99).toFixed(1)} ms`);
    for (const [k, v] of stmt) console.log(`  sql ${k.padEnd(40)} n=${v.length} p50 ${percentile([...v].sort((a, b) => a - b), 50).toFixed(2)} ms`);
    console.log(`first casts ${phases.cast ?? 0}/s, changes ${phases.change ?? 0}/s`);
    console.log(`latency p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms (target p99 < 50 ms) at ${CONCURRENCY} in flight`);
    console.log(`raw single-row INSERT, same server, ${POOL} connections: ${figures.rawInsertsPerSecond}/s; ratio ${figures.ratio} (target >= 0.5)`);
    console.log(`closing the ${MEMBERS}-ballot motion: ${figures.close5000Ms} ms (target < 50 ms)`);
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/votes.json', JSON.stringify(figures, null, 2) + '\n');
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}

await main();
