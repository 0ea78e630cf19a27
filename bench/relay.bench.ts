/**
 * npm run bench:relay — one proposal relayed through a federation of 100,000
 * local assemblies under 6 levels (fan-out 10) on the real PostgreSQL and
 * Redis, with the project's worker processes and a recording platform:
 * version 1 down to every assembly, a decision from each back up, until it
 * is adopted and the adoption announced everywhere. Prints wall time,
 * referrals/s, peak RSS and CPU seconds per process, the load average, Redis memory before/after, the checks
 * (one announcement and one response motion per assembly, final counts equal
 * to the decisions sent, nothing lost or repeated), and the same run's raw
 * single-row INSERT rate of referral rows with the ratio. Writes
 * bench/results/relay.json.
 *
 * Options: --assemblies N (local assemblies, default 100000), --fanout N (10),
 * --workers N (worker processes, 2), --concurrency N (jobs per lane per worker, 3),
 * --keep (keep the scratch database). DATABASE_URL: a server to create it on;
 * REDIS_URL (default redis://127.0.0.1:6379).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { runRelay } from './relay/driver.js';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const LOCALS = arg('assemblies', 100_000);
const FANOUT = arg('fanout', 10);
const WORKERS = arg('workers', 2);
const CONCURRENCY = arg('concurrency', 3);
const adminUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(0)} MiB`;

/** Single-row INSERTs of referral-shaped rows on `connections` connections: the floor the relay is compared with. */
async function rawInsertRate(connections: number, rows: number): Promise<number> {
  const name = `plenary_relay_raw_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: connections });
  // DROP … WITH (FORCE) ends connections pg may still hold as idle: not an error here.
  pool.on('error', () => undefined);
  try {
    await pool.query(`CREATE TABLE referral_raw (id uuid PRIMARY KEY, proposal_id uuid NOT NULL, version int NOT NULL, assembly_id uuid NOT NULL, parent_referral_id uuid, depth int NOT NULL, status text NOT NULL, response_motion_id uuid, local_total int NOT NULL, pending int NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (proposal_id, version, assembly_id))`);
    const proposal = '00000000-0000-4000-8000-00000000000a';
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (next < rows) {
          next++;
          await pool.query(`INSERT INTO referral_raw (id, proposal_id, version, assembly_id, parent_referral_id, depth, status, response_motion_id, local_total, pending) VALUES (gen_random_uuid(), $1, 1, gen_random_uuid(), gen_random_uuid(), 5, 'pending', gen_random_uuid(), 1, 1)`, [proposal]);
        }
      }),
    );
    return rows / ((performance.now() - t0) / 1000);
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

const loadStart = os.loadavg();
const outcome = await runRelay({ adminUrl, redisUrl, locals: LOCALS, fanout: FANOUT, membersPerLocal: 3, workers: WORKERS, concurrency: CONCURRENCY, keepDatabase: process.argv.includes('--keep'), progress: (l) => process.stderr.write(`${l}\n`), timeoutMs: 1_800_000 });
const raw = await rawInsertRate(WORKERS * 4, 20_000);
const s = outcome.state;
const expectedAdopted = outcome.referrals + 1;
const checks = {
  oneAnnouncementPerAssembly: s.relayAnnouncements === outcome.referrals && s.assembliesAnnouncedTo === outcome.referrals,
  oneResponseMotionPerAssembly: s.responseMotions === outcome.referrals && s.assembliesWithOtherThanOneResponseMotion === 0,
  countsEqualDecisions: s.root.accepted === outcome.decisions.accepted && s.root.rejected === outcome.decisions.rejected && s.root.amendRequested === outcome.decisions['amend-requested'] && s.root.pending === 0 && s.root.membersCovered === outcome.decisions.accepted * 3,
  adoptionAnnouncedEverywhere: s.adoptionAnnouncements === expectedAdopted,
  nothingFailedOrLeft: s.failedOutbox === 0 && s.leftoverOutbox === 0,
};
const figures = {
  localAssemblies: LOCALS,
  assemblies: outcome.assemblies,
  fanout: FANOUT,
  workers: WORKERS,
  concurrency: CONCURRENCY,
  wallSeconds: outcome.wallMs / 1000,
  referralsPerSecond: outcome.referralsPerSecond,
  rawReferralInsertsPerSecond: raw,
  ratioToRawInsert: outcome.referralsPerSecond / raw,
  workerPeakRssBytes: outcome.workerPeakRss,
  workerCpuSeconds: outcome.workerCpuSeconds,
  driverCpuSeconds: outcome.driverCpuSeconds,
  loadAverage: { start: loadStart, end: os.loadavg() },
  driverPeakRssBytes: outcome.driverPeakRss,
  redisUsedBytesBefore: outcome.redisUsedBefore,
  redisUsedBytesAfter: outcome.redisUsedAfter,
  decisions: outcome.decisions,
  state: s,
  checks,
};
process.stdout.write(
  [
    `relay: ${outcome.assemblies} assemblies (${LOCALS} local, fan-out ${FANOUT}), ${WORKERS} worker process(es) x concurrency ${CONCURRENCY}`,
    `  wall time, draft passed → adopted and announced everywhere: ${(outcome.wallMs / 1000).toFixed(1)} s (target < 120 s)`,
    `  referrals/s: ${outcome.referralsPerSecond.toFixed(0)}; raw single-row INSERT of referral rows, same server, ${WORKERS * 4} connections: ${raw.toFixed(0)}/s; ratio ${(outcome.referralsPerSecond / raw).toFixed(2)}`,
    `  CPU: workers ${outcome.workerCpuSeconds.map((c) => `${c.toFixed(1)} s`).join(', ')}; driver ${outcome.driverCpuSeconds.toFixed(1)} s (the machine's other load changes these less than the wall time)`,
    `  load average (1/5/15 min): ${loadStart.map((l) => l.toFixed(2)).join(' ')} at the start, ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at the end`,
    `  peak RSS: workers ${outcome.workerPeakRss.map(mb).join(', ')}; driver ${mb(outcome.driverPeakRss)} (target < 1 GiB each)`,
    `  Redis used memory: ${mb(outcome.redisUsedBefore)} before, ${mb(outcome.redisUsedAfter)} after`,
    `  decisions sent by locals: ${outcome.decisions.accepted} accept, ${outcome.decisions.rejected} reject, ${outcome.decisions['amend-requested']} amend; root counts: ${s.root.accepted} / ${s.root.rejected} / ${s.root.amendRequested}, ${s.root.pending} pending, ${s.root.membersCovered} members covered`,
    `  announcements: ${s.relayAnnouncements} referral messages to ${s.assembliesAnnouncedTo} assemblies, ${s.adoptionAnnouncements} adoption messages, ${s.repeatedSends} repeated sends; response motions ${s.responseMotions}`,
    `  checks: ${Object.entries(checks).map(([k, v]) => `${k} ${v ? 'OK' : 'FAILED'}`).join(', ')}`,
    '',
  ].join('\n'),
);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/relay.json', JSON.stringify(figures, null, 2));
if (Object.values(checks).some((v) => !v)) process.exitCode = 1;
