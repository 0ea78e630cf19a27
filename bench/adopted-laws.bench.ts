/**
 * npm run bench:adopted-laws — the law books written when a federation's
 * proposal is adopted (issue 20): `enactAdopted` for N accepting local
 * assemblies in one relay step, on the real PostgreSQL, against the same
 * writes made the way they were before (a read of the proposal's law per
 * assembly, then the batched insert), measured in the same run. Each round
 * adopts a new proposal in every assembly, so the books grow as they would.
 * Prints laws/s for both and the ratio; checks that every book is numbered
 * 1..n. Options: --assemblies N (default 5000), --rounds N (3).
 * DATABASE_URL: a server to create the scratch database on.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openDatabase } from '../src/adapters/persistence/database.js';
import { PrismaStore } from '../src/adapters/persistence/prisma-store.js';
import { enactAdopted } from '../src/core/laws/adopted.js';
import type { NewLaw } from '../src/core/laws/model.js';
import type { Assembly } from '../src/core/model/entities.js';
import { silentLogger } from '../src/core/ports/logger.port.js';
import type { StoreTx } from '../src/core/ports/store.port.js';
import { proposalRef, type Proposal, type Referral } from '../src/core/relay/model.js';
import { asAssemblyId, asFederationId, asProposalId } from '../src/core/shared/ids.js';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('assemblies', 5000);
const ROUNDS = arg('rounds', 3);
const adminUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

type Accepted = { referral: Referral; assembly: Assembly };

function adoption(assemblies: readonly Assembly[]): { proposal: Proposal; accepted: Accepted[] } {
  const proposal: Proposal = { id: asProposalId(randomUUID()), number: 1, federationId: asFederationId(randomUUID()), originAssemblyId: assemblies[0]!.id, status: 'adopted', adoptionRule: { kind: 'count', atLeast: 1 }, deadline: null, currentVersion: 1, adoptedAt: new Date(), closedAt: null, createdAt: new Date() };
  const accepted = assemblies.map((assembly) => ({ assembly, referral: { id: randomUUID(), proposalId: proposal.id, version: 1, assemblyId: assembly.id, parentReferralId: randomUUID(), depth: 1, status: 'accepted' as const, reason: null, reasonMessage: null, amendmentText: null, responseMotionId: null, decidedAt: new Date(), memberCount: 3, relayedAt: null, localTotal: 1, accepted: 1, rejected: 0, amendRequested: 0, pending: 0, membersCovered: 3 } }));
  return { proposal, accepted };
}

/** The law writes as they were before issue 20's fix: one read per assembly, no lock, then the batched insert and events. */
async function perAssembly(tx: StoreTx, proposal: Proposal, accepted: readonly Accepted[], at: Date): Promise<void> {
  const fresh: NewLaw[] = [];
  for (const { referral, assembly } of accepted) {
    if ((await tx.laws.lawFromProposal(assembly.id, proposal.id))?.status === 'in-force') continue;
    fresh.push({ assemblyId: assembly.id, title: proposalRef(proposal), text: '', motionNumber: null, at, source: { proposalId: proposal.id, proposalRef: proposalRef(proposal), proposalVersion: 1, federationId: proposal.federationId, federationName: '?', referralId: referral.id, acceptedByMotion: null } });
  }
  const laws = await tx.laws.enactMany(fresh);
  await tx.relay.appendEventsMany(laws.map((l) => ({ assemblyId: l.assemblyId, event: { type: 'law.enacted', actorId: null, payload: { law: l.number } } })), at);
}

const name = `plenary_laws_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const db = await openDatabase({ databaseUrl: url.toString(), dataDir: './data', log: silentLogger, migrateOnOpen: true, poolSize: 4 });
try {
  const store = new PrismaStore(db.prisma, { sql: db.sql, timeoutMs: 600_000 });
  const raw = new pg.Client({ connectionString: url.toString() });
  await raw.connect();
  await raw.query(`INSERT INTO assembly (id, kind, name, level, policy) SELECT gen_random_uuid(), 'local', 'L' || i, 0, '{}'::jsonb FROM generate_series(1, $1::int) i`, [N]);
  const ids = (await raw.query<{ id: string }>('SELECT id::text FROM assembly ORDER BY name')).rows.map((r) => asAssemblyId(r.id));
  await raw.end();
  const assemblies = (await Promise.all(ids.map((id) => store.read.assembly(id)))).flatMap((a) => (a ? [a] : []));
  const time = async (write: (tx: StoreTx, p: Proposal, a: readonly Accepted[], at: Date) => Promise<void>): Promise<number> => {
    const { proposal, accepted } = adoption(assemblies);
    const t0 = performance.now();
    await store.transaction((tx) => write(tx, proposal, accepted, new Date()));
    return performance.now() - t0;
  };
  const before: number[] = [];
  const after: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    before.push(await time(perAssembly));
    after.push(await time(enactAdopted));
  }
  const rate = (ms: number[]): number => (N * ms.length) / (ms.reduce((a, b) => a + b, 0) / 1000);
  const check = new pg.Client({ connectionString: url.toString() });
  await check.connect();
  const c = (await check.query<{ n: number; max: number; distinct: number }>('SELECT count(*)::int AS n, max(number)::int AS max, count(DISTINCT (assembly_id, number))::int AS distinct FROM law')).rows[0];
  await check.end();
  const ok = c?.n === N * 2 * ROUNDS && c.max === 2 * ROUNDS && c.distinct === c.n;
  console.log(`adopted-law writes, ${N} accepting assemblies × ${ROUNDS} rounds each way (same run):`);
  console.log(`  per-assembly reads (before): ${rate(before).toFixed(0)} laws/s (${before.map((m) => `${(m / 1000).toFixed(2)} s`).join(', ')})`);
  console.log(`  batched under lockBooks (now): ${rate(after).toFixed(0)} laws/s (${after.map((m) => `${(m / 1000).toFixed(2)} s`).join(', ')})`);
  console.log(`  ratio now/before: ${(rate(after) / rate(before)).toFixed(2)}×; books numbered 1..${2 * ROUNDS} without gaps or duplicates: ${ok ? 'yes' : 'NO'}`);
  if (!ok) process.exitCode = 1;
} finally {
  await db.close();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
