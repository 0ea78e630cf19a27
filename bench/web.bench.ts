/**
 * npm run bench:web — the web view over a large federation on the real
 * PostgreSQL: a tree of --assemblies local assemblies (default 100,000: with
 * fan-out 10, 111,111 assemblies in 6 levels) written by bench:relay's tree
 * builder, a proposal offered to all of it (referral rows written in SQL,
 * their counts computed by the store's own rollup), then:
 *
 * - server time (request sent → last byte read, on the same machine) and
 *   bytes of the map (federation page, nodes at every level, next pages of a
 *   branch, search) and proposal pages (the proposal, subtrees at every level):
 *   p50 / p95 / max over --requests requests each, one at a time;
 * - 1,000 (--sse) live-tally connections on one open motion: the process's
 *   RSS before and with them open, and how long a vote takes to reach all.
 *
 * Writes bench/results/web.json. DATABASE_URL: a server to create the scratch
 * database on (dropped at the end unless --keep).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { serve, type ServerType } from '@hono/node-server';
import pg from 'pg';
import { openDatabase } from '../src/adapters/persistence/database.js';
import { PrismaStore } from '../src/adapters/persistence/prisma-store.js';
import { Metrics } from '../src/adapters/web/metrics.js';
import { createWebApp } from '../src/adapters/web/server.js';
import { TallyHub } from '../src/adapters/web/tally-hub.js';
import { defaultPolicy } from '../src/core/model/policy.js';
import { silentLogger } from '../src/core/ports/logger.port.js';
import { asAssemblyId, asFederationId, asMotionId, asPersonId, asProposalId } from '../src/core/shared/ids.js';
import { buildTreeSql } from './relay/tree-sql.js';
import { SEARCH_SQL } from '../src/adapters/persistence/prisma-federation-reads.js';

/** The map search before the trigram index: every node of the tree in a CTE, then ILIKE. */
const BEFORE_SQL = `WITH nodes AS (
  SELECT e.child_assembly_id AS id FROM federation_edge e WHERE e.federation_id = $1::uuid AND e.status = 'active'
  UNION SELECT f.root_assembly_id FROM federation f WHERE f.id = $1::uuid)
  SELECT a.id::text AS id FROM nodes n JOIN assembly a ON a.id = n.id WHERE a.name ILIKE $2 ORDER BY a.name LIMIT $3::int`;
const SEARCH_SQL_RUNS = 20;
type PageFigures = { requests: number; p50Ms: number; p95Ms: number; maxMs: number; bytesP50: number; bytesMax: number };
const round1 = (x: number): number => Math.round(x * 10) / 10;
const quantile = (xs: readonly number[], p: number): number => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0;

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const LOCALS = arg('assemblies', 100_000);
const FANOUT = arg('fanout', 10);
const REQUESTS = arg('requests', 100);
const SSE = arg('sse', 1000);
const adminUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const say = (s: string): void => void process.stderr.write(`${s}\n`);
const loadAtStart = os.loadavg().map((x) => Math.round(x * 10) / 10);
const phases: Record<string, number> = {};
const mib = (b: number): number => Math.round((b / 1024 / 1024) * 10) / 10;

const name = `plenary_web_${process.pid}_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const db = await openDatabase({ databaseUrl: url.toString(), dataDir: './data', log: silentLogger, migrateOnOpen: true, poolSize: 8 });
const sql = new pg.Pool({ connectionString: url.toString(), max: 2 });
sql.on('error', () => undefined);
let server: ServerType | null = null;
try {
  const t0 = performance.now();
  say(`building ${LOCALS} local assemblies (fan-out ${FANOUT})…`);
  const client = await sql.connect();
  const tree = await buildTreeSql(client, { locals: LOCALS, fanout: FANOUT, membersPerLocal: 3 }).finally(() => client.release());
  const top = tree.levelSizes.length - 1;
  await sql.query(`UPDATE assembly SET policy = $1::jsonb`, [JSON.stringify({ ...defaultPolicy(), webVisibility: 'public' })]);
  phases.tree = Math.round((performance.now() - t0) / 1000);
  say(`${tree.assemblies} assemblies in ${tree.levelSizes.length} levels (${tree.levelSizes.join(' / ')}) in ${((performance.now() - t0) / 1000).toFixed(0)} s; writing the proposal's referrals…`);

  // A proposal offered to the whole tree: every assembly of delegates accepted, locals decided 1 in 3 each way.
  const store = new PrismaStore(db.prisma, { sql: db.sql });
  const proposal = await store.transaction(async (tx) => {
    const p = await tx.relay.createProposal({ federationId: asFederationId(tree.federationId), originAssemblyId: asAssemblyId(tree.rootId), adoptionRule: { kind: 'share', percent: 50 }, deadline: null });
    await tx.relay.createVersion({ proposalId: p.id, version: 1, title: 'Shared transport', text: 'Run shared buses across the federation.\nEvery town keeps its own timetable.', changeNote: null, motionId: null });
    return p;
  });
  const rid = (level: number, i: string): string => `md5('r-' || ${level} || '-' || ${i})::uuid`;
  const aid = (level: number, i: string): string => `md5('a-' || ${level} || '-' || ${i})::uuid`;
  // From the top down: each row's parent is already there.
  for (const [level, size] of [...tree.levelSizes.entries()].reverse()) {
    const span = FANOUT ** level;
    await sql.query(
      `INSERT INTO referral (id, proposal_id, version, assembly_id, parent_referral_id, depth, status, decided_at, local_total, member_count, dirty_gen, clean_gen, relayed_at, reason)
       SELECT ${rid(level, 'i')}, $1::uuid, 1, ${aid(level, 'i')}, ${level === top ? 'NULL' : rid(level + 1, `(i / ${FANOUT})`)}, ${top - level},
              (CASE WHEN $2::int > 0 THEN 'accepted' WHEN i % 3 = 0 THEN 'accepted' WHEN i % 3 = 1 THEN 'rejected' ELSE 'pending' END)::referral_status,
              CASE WHEN $2::int > 0 OR i % 3 < 2 THEN now() END,
              LEAST($3::int, $4::int - i * $3::int), CASE WHEN $2::int = 0 THEN 3 ELSE 0 END, 1, 0, now(),
              CASE WHEN $2::int = 0 AND i % 3 = 1 THEN 'Not for <b>us</b>' END
       FROM generate_series(0, $5::int - 1) i`,
      [proposal.id, level, span, LOCALS, size],
    );
  }
  phases.referrals = Math.round((performance.now() - t0) / 1000) - phases.tree;
  say(`referrals written in ${phases.referrals} s; rolling the counts up with the store’s own rollup…`);
  const tRollup = performance.now();
  for (let depth = await store.transaction((tx) => tx.relay.maxDirtyDepth(proposal.id, 1)); depth !== null; depth = await store.transaction((tx) => tx.relay.maxDirtyDepth(proposal.id, 1))) {
    const d = depth;
    await store.transaction((tx) => tx.relay.rollupDepth(proposal.id, 1, d, 5_000));
  }
  phases.rollup = Math.round((performance.now() - tRollup) / 1000);
  say(`rolled up in ${phases.rollup} s`);
  await sql.query('ANALYZE');
  const root = await store.read.relay.rootReferral(proposal.id, 1);
  say(`root: ${JSON.stringify(root && { accepted: root.accepted, rejected: root.rejected, pending: root.pending, localTotal: root.localTotal, membersCovered: root.membersCovered })}`);

  // An open motion in the root assembly for the live tallies.
  const motion = await store.transaction((tx) =>
    tx.createMotion({ assemblyId: asAssemblyId(tree.rootId), kind: 'resolution', method: 'yes-no-abstain', title: 'Live', body: '', options: [], seats: 1, quorum: { num: 0, den: 1, strict: false }, threshold: { num: 1, den: 2, strict: true }, secret: false, secondsRequired: 0, movedById: null, payload: {}, votingHours: 72, status: 'open', opensAt: new Date(), closesAt: new Date(Date.now() + 72 * 3600_000) }),
  );

  const hub = new TallyHub(store.read, 1000);
  const app = createWebApp({ reads: store.read, secret: Buffer.alloc(32, 1), now: () => new Date(), log: silentLogger, hub, metrics: new Metrics(), perMinute: 10_000_000 });
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: SSE + 10 });
  const fetchPage = (path: string): Promise<{ status: number; bytes: number; ms: number }> =>
    new Promise((resolve, reject) => {
      const t = performance.now();
      http.get(`${base}${path}`, { agent }, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - t }));
        res.on('error', reject);
      }).on('error', reject);
    });

  const node = (level: number, i: number): string => `md5('a-${level}-${i}')`;
  const ids = async (exprs: string[]): Promise<string[]> => (await sql.query<{ id: string }>(`SELECT unnest(ARRAY[${exprs.map((e) => `${e}::uuid::text`).join(',')}]) AS id`)).rows.map((r) => r.id);
  const pick = (n: number, size: number): number[] => Array.from({ length: n }, (_, k) => Math.floor(((k * 7919) % size)));
  const nodesAt = async (level: number): Promise<string[]> => ids(pick(Math.min(REQUESTS, tree.levelSizes[level] ?? 1), tree.levelSizes[level] ?? 1).map((i) => node(level, i)));
  const refsAt = async (level: number): Promise<string[]> => ids(pick(Math.min(REQUESTS, tree.levelSizes[level] ?? 1), tree.levelSizes[level] ?? 1).map((i) => `md5('r-${level}-${i}')`));

  const f = tree.federationId;
  const cases: Record<string, string[]> = {
    'map: federation (level summary)': Array.from({ length: REQUESTS }, () => `/f/${f}`),
    'map: top assembly': Array.from({ length: REQUESTS }, () => `/f/${f}/a/${tree.rootId}`),
    'search by name': Array.from({ length: REQUESTS }, (_, k) => `/f/${f}/search?q=A0-${(k * 7919) % LOCALS}`),
    'proposal page': Array.from({ length: REQUESTS }, () => `/p/${proposal.number}`),
  };
  for (let level = top - 1; level >= 1; level--) {
    cases[`map: node at level ${level}`] = (await nodesAt(level)).map((id) => `/f/${f}/a/${id}`);
    cases[`proposal subtree at level ${level}`] = (await refsAt(level)).map((id) => `/p/${proposal.number}/r/${id}`);
  }
  cases['map: local assembly'] = (await nodesAt(0)).map((id) => `/f/${f}/a/${id}`);
  cases['assembly page (local)'] = (await nodesAt(0)).map((id) => `/a/${id}`);

  const pages: Record<string, PageFigures> = {};
  const measure = async (label: string, paths: readonly string[]): Promise<void> => {
    await fetchPage(paths[0] ?? '/'); // warm
    const runs = [];
    for (const p of paths) {
      const r = await fetchPage(p);
      if (r.status !== 200) throw new Error(`${p}: ${r.status}`);
      runs.push(r);
    }
    const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
    const bytes = runs.map((r) => r.bytes).sort((a, b) => a - b);
    const fig = { requests: runs.length, p50Ms: round1(quantile(ms, 0.5)), p95Ms: round1(quantile(ms, 0.95)), maxMs: round1(ms.at(-1) ?? 0), bytesP50: quantile(bytes, 0.5), bytesMax: bytes.at(-1) ?? 0 };
    pages[label] = fig;
    say(`${label}: p50 ${fig.p50Ms} ms, p95 ${fig.p95Ms} ms, ${fig.bytesP50} bytes`);
  };
  for (const [label, paths] of Object.entries(cases)) await measure(label, paths);

  // Search by name, the same queries in this run: the store's query with the
  // trigram index (above), the same query with the index dropped, and the query
  // before this change (every node of the tree in a CTE, then ILIKE).
  const searchPaths = cases['search by name'] ?? [];
  const patterns = searchPaths.map((p) => `%${decodeURIComponent(p.split('?q=')[1] ?? '')}%`);
  const timeSql = async (text: string): Promise<{ p50Ms: number; p95Ms: number; maxMs: number }> => {
    await sql.query(text, [f, patterns[0], 26]);
    const ms: number[] = [];
    for (const pattern of patterns.slice(0, SEARCH_SQL_RUNS)) {
      const t = performance.now();
      await sql.query(text, [f, pattern, 26]);
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    return { p50Ms: round1(quantile(ms, 0.5)), p95Ms: round1(quantile(ms, 0.95)), maxMs: round1(ms.at(-1) ?? 0) };
  };
  const plan = async (): Promise<string> => (await sql.query<Record<string, string>>(`EXPLAIN ${SEARCH_SQL}`, [f, patterns[0], 26])).rows.map((r) => Object.values(r)[0]).join('\n');
  const search = { withIndex: await timeSql(SEARCH_SQL), planWithIndex: await plan(), withoutIndex: { p50Ms: 0, p95Ms: 0, maxMs: 0 }, planWithoutIndex: '', before: { p50Ms: 0, p95Ms: 0, maxMs: 0 } };
  await sql.query('DROP INDEX assembly_name_trgm');
  search.withoutIndex = await timeSql(SEARCH_SQL);
  search.planWithoutIndex = await plan();
  search.before = await timeSql(BEFORE_SQL);
  await measure('search by name, trigram index dropped', searchPaths);
  await sql.query('CREATE INDEX assembly_name_trgm ON assembly USING GIN (name gin_trgm_ops)');
  say(`search SQL (${Math.min(SEARCH_SQL_RUNS, patterns.length)} queries): with the index ${JSON.stringify(search.withIndex)}, without ${JSON.stringify(search.withoutIndex)}, the query before ${JSON.stringify(search.before)}`);
  say(`plan with the index:\n${search.planWithIndex}`);

  // Live tallies: SSE connections on one motion, one poller behind them all.
  global.gc?.();
  await new Promise((r) => setTimeout(r, 500));
  const rssBefore = process.memoryUsage().rss;
  const heard: number[] = [];
  let firstVoteAt = 0;
  const reqs: http.ClientRequest[] = [];
  await Promise.all(
    Array.from(
      { length: SSE },
      () =>
        new Promise<void>((resolve, reject) => {
          const req = http.get(`${base}/m/${motion.id}/events`, { agent }, (res) => {
            let first = true;
            res.on('data', (c: Buffer) => {
              if (first) {
                first = false;
                resolve();
              } else if (c.toString().includes('Yes 1') && firstVoteAt > 0) heard.push(performance.now() - firstVoteAt);
            });
          });
          req.on('error', reject);
          reqs.push(req);
        }),
    ),
  );
  await new Promise((r) => setTimeout(r, 1000));
  const rssWith = process.memoryUsage().rss;
  const voter = await store.transaction((tx) => tx.createPerson('bench voter', { platform: 'console', externalId: 'bench-voter', displayName: 'bench voter' }));
  await store.transaction((tx) => tx.upsertMembership({ assemblyId: asAssemblyId(tree.rootId), personId: voter.id, status: 'active', role: 'member' }));
  firstVoteAt = performance.now();
  await store.castBallots({ assemblyId: asAssemblyId(tree.rootId), motionId: asMotionId(motion.id), secret: false, ballots: [{ motionId: asMotionId(motion.id), personId: asPersonId(voter.id), choice: { kind: 'yes-no-abstain', value: 'yes' }, castAt: new Date() }], eventsFor: () => [] });
  const until = performance.now() + 10_000;
  while (heard.length < SSE && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
  const heardSorted = [...heard].sort((a, b) => a - b);
  const sse = { connections: SSE, hubConnections: hub.connections, rssBeforeMiB: mib(rssBefore), rssWithMiB: mib(rssWith), perConnectionKiB: Math.round((rssWith - rssBefore) / SSE / 102.4) / 10, voteHeardBy: heard.length, voteReachedAllMs: Math.round(heardSorted.at(-1) ?? -1) };
  say(`SSE: ${JSON.stringify(sse)}`);
  for (const r of reqs) r.destroy();
  hub.close();
  agent.destroy();

  const figures = { loadAverage: { atStart: loadAtStart, atEnd: os.loadavg().map(round1) }, cores: os.cpus().length, phasesSeconds: phases, search, localAssemblies: LOCALS, assemblies: tree.assemblies, levels: tree.levelSizes.length, levelSizes: tree.levelSizes, buildSeconds: Math.round((performance.now() - t0) / 1000), pages, sse, proposal: asProposalId(proposal.id) && { number: proposal.number } };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/web.json', `${JSON.stringify(figures, null, 2)}\n`);
  say('written bench/results/web.json');
} finally {
  if (server) server.close();
  await sql.end();
  await db.close();
  if (!process.argv.includes('--keep')) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
process.exit(0);
