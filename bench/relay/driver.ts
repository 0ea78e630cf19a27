import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/adapters/persistence/database.js';
import { PrismaStore } from '../../src/adapters/persistence/prisma-store.js';
import { dispatch } from '../../src/core/commands/dispatch.js';
import { parseCommandLine } from '../../src/core/commands/text-grammar.js';
import { systemClock } from '../../src/core/ports/clock.port.js';
import { silentLogger } from '../../src/core/ports/logger.port.js';
import { createPlenary } from '../../src/core/plenary.js';
import { recordDecisions, type DecisionInput } from '../../src/core/relay/index.js';
import type { Decision } from '../../src/core/relay/model.js';
import type { CoreDeps } from '../../src/core/services/deps.js';
import type { CommandSpec } from '../../src/core/commands/command.js';
import { COUNTS, startReporter, type RunCounts } from './progress.js';
import { dropQueueKeys, redisUsed } from './redis-figures.js';
import { SEND_TABLE } from './recording-sender.js';
import { buildTreeSql, type BuiltTree, type TreeShape } from './tree-sql.js';

export interface RelayRunOptions extends TreeShape {
  /** A database of the server, used to create and drop the run's own database. */
  readonly adminUrl: string;
  readonly redisUrl: string;
  readonly workers: number;
  readonly concurrency: number;
  readonly timeoutMs?: number;
  /** Dispatcher reconciliation in the workers (fault tests make it quick). */
  readonly staleMs?: number;
  readonly reconcileMs?: number;
  /** Platform-message claim lease in the workers (fault tests: a killed worker's claims expire quickly). */
  readonly leaseMs?: number;
  /** Job lock in seconds (fault tests: a killed worker's jobs run again soon). */
  readonly jobLockSeconds?: number;
  readonly keepDatabase?: boolean;
  /** The workers' log level (fault tests: only fatal, since their errors are the point). */
  readonly workerLogLevel?: string;
  readonly progress?: (line: string) => void;
  /** Called every `chaosEveryMs` while the relay runs (fault tests kill workers, restart Redis). */
  readonly chaos?: (ctx: ChaosContext) => Promise<void>;
  readonly chaosEveryMs?: number;
  /** How often progress is reported (default 2 s). */
  readonly progressEveryMs?: number;
}

export interface ChaosContext {
  /** SIGKILLs one running worker and starts a fresh one in its place. */
  killAndRestartWorker(): Promise<void>;
  /** Decisions sent so far. */
  readonly decided: number;
  readonly elapsedMs: number;
}

/** What a run ends with: the state to compare between runs, and the figures. */
export interface RelayOutcome {
  readonly database: string;
  readonly assemblies: number;
  readonly referrals: number;
  readonly wallMs: number;
  readonly referralsPerSecond: number;
  readonly decisions: Readonly<Record<Decision, number>>;
  readonly state: RelayState;
  readonly workerPeakRss: readonly number[];
  /** CPU seconds of each worker process, and of the driver during the run (its decision batches and checks). */
  readonly workerCpuSeconds: readonly number[];
  readonly driverCpuSeconds: number;
  readonly driverPeakRss: number;
  readonly redisUsedBefore: number;
  readonly redisUsedAfter: number;
  readonly kills: number;
}

/** Everything "identical to an undisturbed run" compares. */
export interface RelayState {
  readonly proposalStatus: string;
  readonly root: { localTotal: number; accepted: number; rejected: number; amendRequested: number; pending: number; membersCovered: number };
  readonly referralsByStatus: Readonly<Record<string, number>>;
  readonly responseMotions: number;
  readonly assembliesWithOtherThanOneResponseMotion: number;
  readonly relayAnnouncements: number;
  readonly assembliesAnnouncedTo: number;
  readonly adoptionAnnouncements: number;
  /** Sends a worker repeated after a crash; the platform (like Discord's nonce) posted them once. */
  readonly repeatedSends: number;
  readonly failedOutbox: number;
  readonly leftoverOutbox: number;
}

/** A local assembly's decision in the runs: 70 % accept, 20 % reject, 10 % ask to amend, by its position (deterministic). */
export function decisionFor(index: number): Decision {
  const r = index % 10;
  return r < 7 ? 'accepted' : r < 9 ? 'rejected' : 'amend-requested';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class WorkerPool {
  private readonly procs = new Set<ChildProcess>();
  readonly peaks: number[] = [];
  /** CPU seconds (user + system) of each worker that exited cleanly. */
  readonly cpuSeconds: number[] = [];
  kills = 0;
  crashes = 0;
  private stopping = false;
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  async start(n: number): Promise<void> {
    await Promise.all(Array.from({ length: n }, () => this.spawnOne()));
  }

  private spawnOne(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/relay/worker.ts'], { env: this.env, stdio: ['ignore', 'pipe', 'inherit'] });
    this.procs.add(child);
    child.once('exit', (_code, signal) => {
      this.procs.delete(child);
      // Like a process supervisor: a worker that dies on its own is started again.
      if (!this.stopping && signal !== 'SIGKILL') {
        this.crashes++;
        void this.spawnOne().catch(() => undefined);
      }
    });
    return new Promise((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        try {
          const msg = JSON.parse(line) as { ready?: boolean; peakRss?: number; cpuSeconds?: number };
          if (msg.ready) resolve();
          if (typeof msg.peakRss === 'number') this.peaks.push(msg.peakRss);
          if (typeof msg.cpuSeconds === 'number') this.cpuSeconds.push(msg.cpuSeconds);
        } catch {
          /* a log line */
        }
      });
      child.once('exit', (code) => reject(new Error(`worker exited with ${String(code)} before it was ready`)));
    });
  }

  async killAndRestart(): Promise<void> {
    const victim = [...this.procs][Math.floor(Math.random() * this.procs.size)];
    if (!victim) return;
    const gone = new Promise((r) => victim.once('exit', r));
    victim.kill('SIGKILL');
    await gone;
    this.kills++;
    await this.spawnOne();
  }

  /** SIGTERM, then SIGKILL after 10 s: like a service manager's stop timeout (a worker whose Redis went away may not close cleanly). */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      [...this.procs].map(
        (p) =>
          new Promise<void>((resolve) => {
            const force = setTimeout(() => p.kill('SIGKILL'), 10_000);
            p.once('exit', () => {
              clearTimeout(force);
              resolve();
            });
            p.kill('SIGTERM');
          }),
      ),
    );
  }
}

async function command(deps: CoreDeps, table: readonly CommandSpec[], user: string, room: string, line: string): Promise<void> {
  const parsed = parseCommandLine(table, line);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const r = await dispatch({ deps, actor: { platform: 'console', externalId: user, displayName: user }, room: { platform: 'console', roomId: room }, requestId: 'bench', roomAdmin: true }, parsed.value.spec, parsed.value.args);
  const bad = r.replies.find((m) => m.tone === 'error');
  if (bad) throw new Error(`${line}: ${bad.title} ${bad.body ?? ''}`);
}

/**
 * Relays one proposal through a whole federation on PostgreSQL + Redis with
 * the project's worker processes: the root's members draft and pass it; this
 * process then plays every assembly, deciding as soon as it is offered the
 * proposal (assemblies of delegates accept, locals by `decisionFor`), until
 * every decision is counted at the root, the proposal is adopted and its
 * adoption announced everywhere, and the outbox is empty.
 */
export async function runRelay(o: RelayRunOptions): Promise<RelayOutcome> {
  const say = o.progress ?? (() => undefined);
  const name = `plenary_relay_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: o.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(o.adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const db: Database = await openDatabase({ databaseUrl, dataDir: './data', log: silentLogger, migrateOnOpen: true, poolSize: 8 });
  const bench = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  // The run's database is dropped WITH (FORCE) at the end: idle connections ending then are expected.
  bench.on('error', () => undefined);
  const prefix = `relaybench-${process.pid}-${Date.now().toString(36)}`;
  const workers = new WorkerPool({ ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: o.redisUrl, PLENARY_QUEUE_PREFIX: prefix, BENCH_WORKER_CONCURRENCY: String(o.concurrency), BENCH_STALE_MS: String(o.staleMs ?? 300_000), BENCH_RECONCILE_MS: String(o.reconcileMs ?? 30_000), ...(o.leaseMs !== undefined ? { BENCH_LEASE_MS: String(o.leaseMs) } : {}), ...(o.jobLockSeconds !== undefined ? { PLENARY_JOB_LOCK_SECONDS: String(o.jobLockSeconds) } : {}), PLENARY_SWEEP_SECONDS: String(Math.max(1, Math.round((o.reconcileMs ?? 30_000) / 1000))), LOG_FORMAT: 'json', ...(o.workerLogLevel ? { BENCH_WORKER_LOG_LEVEL: o.workerLogLevel } : {}) });
  let driverPeak = 0;
  let reporter: { stop(): Promise<void> } | undefined;
  const sample = setInterval(() => (driverPeak = Math.max(driverPeak, process.memoryUsage().rss)), 250);
  try {
    await bench.query(SEND_TABLE);
    // The benchmark's assemblies look for proposals waiting for their decision; this index is theirs (the product never asks that question).
    await bench.query(`CREATE INDEX bench_pending_referral ON referral (proposal_id) WHERE status = 'pending'`);
    say(`building a federation of ${o.locals} local assemblies (fan-out ${o.fanout})…`);
    const client = await bench.connect();
    let tree: BuiltTree;
    try {
      tree = await buildTreeSql(client, o);
    } finally {
      client.release();
    }
    const expectedReferrals = tree.assemblies - 1;
    say(`${tree.assemblies} assemblies in ${tree.levelSizes.length} levels (${tree.levelSizes.join(' / ')}); starting ${o.workers} worker process(es)`);
    const redisBefore = await redisUsed(o.redisUrl);
    await workers.start(o.workers);
    const { deps, table } = createPlenary({ store: new PrismaStore(db.prisma, { sql: db.sql }), clock: systemClock, log: silentLogger, senders: new Map() });

    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await command(deps, table, 'root-1', tree.rootRoom, 'proposal draft "Shared transport" --text "Run shared buses across the federation." --rule 50%');
    for (const m of tree.rootMembers) await command(deps, table, m, tree.rootRoom, 'vote 1 yes');
    const proposalId = (await bench.query<{ id: string }>('SELECT id::text FROM proposal')).rows[0]?.id;
    if (!proposalId) throw new Error('the draft did not issue a proposal');

    const decided: Record<Decision, number> = { accepted: 0, rejected: 0, 'amend-requested': 0 };
    const seen = new Set<string>();
    let lastChaos = performance.now();
    let lastCheck = 0;
    // Progress every 2 s from its own connection, whatever the loop below is waiting for (a decision batch behind
    // locks or a slow statement): the counts when they come back, and while they do not, what the database is doing.
    if (o.progress) reporter = startReporter(bench, { say, t0, expectedReferrals, decided: () => seen.size, everyMs: o.progressEveryMs ?? 2000 });
    const deadline = performance.now() + (o.timeoutMs ?? 600_000);
    let done = false;
    while (!done) {
      if (performance.now() > deadline) throw new Error(`relay did not finish in ${o.timeoutMs ?? 600_000} ms (decided ${seen.size} of ${expectedReferrals})`);
      const pending = await bench.query<{ id: string; level: number; idx: number }>(
        `SELECT r.id::text, a.level, substring(a.name from '-(\\d+)$')::int AS idx FROM referral r JOIN assembly a ON a.id = r.assembly_id
         WHERE r.proposal_id = $1::uuid AND r.version = 1 AND r.depth > 0 AND r.status = 'pending' LIMIT 20000`,
        [proposalId],
      );
      const fresh = pending.rows.filter((r) => !seen.has(r.id));
      const local = new Set(fresh.filter((r) => r.level === 0).map((r) => r.id));
      const inputs: DecisionInput[] = fresh.map((r) => ({ referralId: r.id, decision: r.level > 0 ? 'accepted' : decisionFor(r.idx), text: r.level > 0 ? null : decisionFor(r.idx) === 'accepted' ? null : 'bench decision' }));
      const chunks: DecisionInput[][] = [];
      for (let i = 0; i < inputs.length; i += 200) chunks.push(inputs.slice(i, i + 200));
      await Promise.all(
        [0, 1].map(async (lane) => {
          for (let i = lane; i < chunks.length; i += 2) {
            const chunk = chunks[i] ?? [];
            // Like a chat platform retrying a command that timed out: a batch that failed is sent again (decisions are idempotent).
            let r = await recordDecisions(deps, chunk).catch((e: unknown) => ({ ok: false as const, error: { message: String(e) } }));
            for (let tries = 1; !r.ok && tries < 5; tries++) {
              say(`  a decision batch failed (${r.error.message.slice(0, 120)}); sending it again`);
              r = await recordDecisions(deps, chunk).catch((e: unknown) => ({ ok: false as const, error: { message: String(e) } }));
            }
            if (!r.ok) throw new Error(r.error.message);
            if (r.value.refused.length > 0) throw new Error(`refused decisions: ${JSON.stringify(r.value.refused.slice(0, 3))}`);
            for (const d of chunk) {
              seen.add(d.referralId);
              if (local.has(d.referralId)) decided[d.decision]++;
            }
          }
        }),
      );
      if (o.chaos && performance.now() - lastChaos >= (o.chaosEveryMs ?? 3000)) {
        lastChaos = performance.now();
        await o.chaos({ killAndRestartWorker: () => workers.killAndRestart(), elapsedMs: performance.now() - t0, decided: seen.size });
      }
      // Every 2 s: the check counts whole tables, and it is the benchmark's own load, not the relay's.
      if (fresh.length === 0 && performance.now() - lastCheck >= 2000) {
        lastCheck = performance.now();
        const s = (await bench.query<RunCounts>(COUNTS)).rows[0];
        done = !!s && Number(s.referrals) === expectedReferrals && Number(s.pending) === 0 && Number(s.outbox) === 0 && Number(s.dirty) === 0 && s.status === 'adopted';
      }
      // The assemblies look for new proposals four times a second.
      if (!done && fresh.length === 0) await sleep(250);
    }
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    await reporter?.stop();
    await workers.stop();
    clearInterval(sample);
    const state = await readState(bench, proposalId);
    const outcome: RelayOutcome = {
      database: name,
      assemblies: tree.assemblies,
      referrals: expectedReferrals,
      wallMs,
      referralsPerSecond: expectedReferrals / (wallMs / 1000),
      decisions: decided,
      state,
      workerPeakRss: workers.peaks,
      workerCpuSeconds: workers.cpuSeconds,
      driverCpuSeconds: (cpu.user + cpu.system) / 1e6,
      driverPeakRss: driverPeak,
      redisUsedBefore: redisBefore,
      redisUsedAfter: await redisUsed(o.redisUrl),
      kills: workers.kills,
    };
    await dropQueueKeys(o.redisUrl, prefix);
    return outcome;
  } finally {
    clearInterval(sample);
    await reporter?.stop().catch(() => undefined);
    await workers.stop().catch(() => undefined);
    await bench.end();
    await db.close();
    if (!o.keepDatabase) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

async function readState(db: pg.Pool, proposalId: string): Promise<RelayState> {
  const one = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T> => (await db.query<T>(sql, params)).rows[0] as T;
  const root = await one<{ local_total: number; accepted: number; rejected: number; amend_requested: number; pending: number; members_covered: number }>(`SELECT local_total, accepted, rejected, amend_requested, pending, members_covered FROM referral WHERE proposal_id = $1::uuid AND version = 1 AND depth = 0`, [proposalId]);
  const byStatus = await db.query<{ status: string; n: string }>(`SELECT status::text, count(*) AS n FROM referral GROUP BY 1`);
  const motions = await one<{ n: string; odd: string }>(`SELECT (SELECT count(*) FROM motion WHERE kind = 'proposal_response') AS n, (SELECT count(*) FROM (SELECT 1 FROM referral r LEFT JOIN motion m ON m.assembly_id = r.assembly_id AND m.kind = 'proposal_response' WHERE r.depth > 0 GROUP BY r.assembly_id HAVING count(m.id) <> 1) x) AS odd`);
  const sends = await one<{ relay: string; rooms: string; adopted: string; repeats: string }>(`SELECT count(*) FILTER (WHERE kind = 'relay') AS relay, count(DISTINCT room_id) FILTER (WHERE kind = 'relay') AS rooms, count(*) FILTER (WHERE kind = 'adopted') AS adopted, coalesce(sum(repeats), 0) AS repeats FROM bench_send`);
  // Left over: work that was due and is not done (the motions' closing timers, days ahead, are not due).
  const outbox = await one<{ failed: string; left: string }>(`SELECT count(*) FILTER (WHERE status = 'failed') AS failed, count(*) FILTER (WHERE status IN ('pending', 'dispatched') AND available_at <= now()) AS left FROM outbox_item`);
  const status = await one<{ status: string }>(`SELECT status::text FROM proposal WHERE id = $1::uuid`, [proposalId]);
  return {
    proposalStatus: status.status,
    root: { localTotal: root.local_total, accepted: root.accepted, rejected: root.rejected, amendRequested: root.amend_requested, pending: root.pending, membersCovered: root.members_covered },
    referralsByStatus: Object.fromEntries(byStatus.rows.map((r) => [r.status, Number(r.n)])),
    responseMotions: Number(motions.n),
    assembliesWithOtherThanOneResponseMotion: Number(motions.odd),
    relayAnnouncements: Number(sends.relay),
    assembliesAnnouncedTo: Number(sends.rooms),
    adoptionAnnouncements: Number(sends.adopted),
    repeatedSends: Number(sends.repeats),
    failedOutbox: Number(outbox.failed),
    leftoverOutbox: Number(outbox.left),
  };
}
