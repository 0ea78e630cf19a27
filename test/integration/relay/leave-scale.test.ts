import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../../src/adapters/persistence/prisma-store.js';
import { systemClock } from '../../../src/core/ports/clock.port.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { createPlenary } from '../../../src/core/plenary.js';
import { defaultPolicy } from '../../../src/core/model/policy.js';
import type { Assembly } from '../../../src/core/model/entities.js';
import { leaveBranch, recordDecisions } from '../../../src/core/relay/index.js';
import { endReferralsOnLeave } from '../../../src/core/relay/leave.js';
import type { CoreDeps } from '../../../src/core/services/deps.js';
import type { StoreTx } from '../../../src/core/ports/store.port.js';
import { asProposalId, type FederationId } from '../../../src/core/shared/ids.js';
import { dispatch } from '../../../src/core/commands/dispatch.js';
import { parseCommandLine } from '../../../src/core/commands/text-grammar.js';
import { drainRelay, type Sent } from '../../support/relay-drain.js';
import { testDatabase, type TestDatabase } from '../../support/test-database.js';

/*
 * A mid-level assembly of delegates with 5,000 local assemblies below it
 * leaves the federation while they vote on a proposal, on PostgreSQL. The
 * leave's closing transaction ends only the leaving assembly's own referral;
 * the branch below is ended by paged relay jobs. Prints the close's time.
 *
 *   bash scripts/with-node.sh vitest run test/integration/relay/leave-scale.test.ts
 */
const SUBS = 50;
const LOCALS_PER_SUB = 100;
// Rollups wait a second (their outbox row's availableAt): the drain takes every row, due or not.
const LATER = new Date('2999-01-01T00:00:00Z');

describe('GIVEN a mid-level assembly of delegates with 5,000 local assemblies below it, on PostgreSQL', () => {
  let db: TestDatabase;
  let deps: CoreDeps;
  let mid: Assembly;
  let federationId: FederationId;
  const sent: Sent[] = [];

  const count = async (sql: string, params: unknown[] = []): Promise<number> => Number((await db.sql.withSession((s) => s.query<{ n: string }>(sql, params)))[0]?.n ?? 0);
  const ids = async (sql: string, params: unknown[] = []): Promise<string[]> => (await db.sql.withSession((s) => s.query<{ id: string }>(sql, params))).map((r) => r.id);

  beforeAll(async () => {
    db = await testDatabase({ poolSize: 4 });
    const plenary = createPlenary({ store: new PrismaStore(db.prisma, { sql: db.sql }), clock: systemClock, log: silentLogger, senders: new Map() });
    deps = plenary.deps;
    // Built in small transactions (an interactive transaction may last 15 s).
    const make = async (tx: StoreTx, name: string, level: number): Promise<Assembly> => {
      const a = await tx.createAssembly({ kind: level === 0 ? 'local' : 'delegates', name, level, parentAssemblyId: null, policy: defaultPolicy() });
      await tx.bindRoom({ platform: 'console', roomId: `room-${name}`, assemblyId: a.id, purpose: 'main' });
      return a;
    };
    const edge = (tx: StoreTx, child: Assembly, parent: Assembly): Promise<unknown> => tx.createEdge({ federationId, childAssemblyId: child.id, parentAssemblyId: parent.id, seats: 1, joinedByMotionId: null });
    const built = await deps.store.transaction(async (tx) => {
      const root = await make(tx, 'Scale Council', 3);
      const founder = await tx.createPerson('founder', { platform: 'console', externalId: 'founder', displayName: 'founder' });
      await tx.upsertMembership({ assemblyId: root.id, personId: founder.id, status: 'active', role: 'facilitator' });
      const federation = await tx.createFederation({ name: 'Scale', purpose: 'a big branch leaves', rootAssemblyId: root.id, foundedById: founder.id });
      federationId = federation.id;
      const midA = await make(tx, 'Mid', 2);
      const other = await make(tx, 'Other', 2);
      await edge(tx, midA, root);
      await edge(tx, other, root);
      for (let i = 1; i <= 2; i++) await edge(tx, await make(tx, `Other.${i}`, 0), other);
      return { mid: midA };
    });
    for (let s = 1; s <= SUBS; s++) {
      await deps.store.transaction(async (tx) => {
        const sub = await make(tx, `Mid.${s}`, 1);
        await edge(tx, sub, built.mid);
        for (let l = 1; l <= LOCALS_PER_SUB; l++) await edge(tx, await make(tx, `Mid.${s}.${l}`, 0), sub);
      });
    }
    mid = built.mid;
    const run = async (line: string): Promise<void> => {
      const parsed = parseCommandLine(plenary.table, line);
      if (!parsed.ok) throw new Error(parsed.error.message);
      const r = await dispatch({ deps, actor: { platform: 'console', externalId: 'founder', displayName: 'founder' }, room: { platform: 'console', roomId: 'room-Scale Council' }, requestId: 't', roomAdmin: true }, parsed.value.spec, parsed.value.args);
      const bad = r.replies.find((m) => m.tone === 'error');
      if (bad) throw new Error(`${bad.title}: ${bad.body ?? ''}`);
    };
    await run('proposal draft "Bikes" --text "Bike lanes." --rule 50%');
    await run('vote 1 yes');
    await drainRelay(deps, sent, undefined, LATER);
    // Mid accepts, then its 50 assemblies of delegates: the 5,000 local assemblies are asked.
    const accept = async (depth: number, under: string | null): Promise<void> => {
      const list = await ids(`SELECT r.id::text AS id FROM referral r JOIN assembly a ON a.id = r.assembly_id WHERE r.depth = $1 AND a.name LIKE $2`, [depth, under ?? '%']);
      const r = await recordDecisions(deps, list.map((referralId) => ({ referralId, decision: 'accepted' as const })));
      if (!r.ok || r.value.recorded !== list.length) throw new Error(`accepting at depth ${depth}: ${JSON.stringify(r)}`);
      await drainRelay(deps, sent, undefined, LATER);
    };
    await accept(1, 'Mid');
    await accept(2, 'Mid.%');
    // A thousand of them accept before their federation's middle leaves (a bulk decision leaves their motions open).
    const some = await ids(`SELECT r.id::text AS id FROM referral r WHERE r.depth = 3 ORDER BY r.id LIMIT 1000`);
    await recordDecisions(deps, some.map((referralId) => ({ referralId, decision: 'accepted' as const })));
    await drainRelay(deps, sent, undefined, LATER);
  }, 600_000);
  afterAll(() => db.close());

  it('WHEN it leaves THEN the close ends only its own referral, and the jobs end the whole branch; the counts above exclude it', async () => {
    expect(await count(`SELECT count(*) AS n FROM referral WHERE depth = 3`)).toBe(SUBS * LOCALS_PER_SUB);
    expect(await count(`SELECT accepted AS n FROM referral WHERE depth = 0`)).toBe(1000);
    const started = performance.now();
    await deps.store.transaction(async (tx) => {
      const edge = await tx.activeEdge(federationId, mid.id);
      if (!edge) throw new Error('no edge');
      await tx.endEdge(edge.id, new Date(), null);
      await endReferralsOnLeave(tx, mid, federationId, new Date());
    });
    const closeMs = performance.now() - started;
    console.log(`leave close transaction, ${SUBS * LOCALS_PER_SUB} local assemblies below: ${closeMs.toFixed(0)} ms`);
    // The close wrote the leaver's part only (before: all 5,051 referrals, events and motions of the branch in it).
    expect(await count(`SELECT count(*) AS n FROM event WHERE type = 'proposal.left'`)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM referral WHERE status = 'withdrawn'`)).toBe(1);
    // Its first branch job delivered twice at once (two workers after a redelivery): one effect.
    const [row] = await db.sql.withSession((q) => q.query<{ key: string; payload: { proposalId: string; version: number; left: string; referralIds: string[]; after: string | null } }>(`SELECT dedupe_key AS key, payload FROM outbox_item WHERE kind = 'relay.leave' AND status = 'pending'`));
    if (!row) throw new Error('no relay.leave row');
    const step = { proposalId: asProposalId(row.payload.proposalId), version: row.payload.version, left: row.payload.left, referralIds: row.payload.referralIds, after: null };
    const twice = await Promise.all([leaveBranch(deps, step, { outboxKey: row.key }), leaveBranch(deps, step, { outboxKey: row.key })]);
    expect(twice.map((t) => t.ended).sort()).toEqual([0, SUBS]);
    expect(await count(`SELECT count(*) AS n FROM event WHERE type = 'proposal.left'`)).toBe(1 + SUBS);
    const jobsStarted = performance.now();
    await drainRelay(deps, sent, undefined, LATER);
    console.log(`the branch's jobs and rollup after it: ${(performance.now() - jobsStarted).toFixed(0)} ms`);
    const branch = `SELECT r.id FROM referral r JOIN assembly a ON a.id = r.assembly_id WHERE a.name LIKE 'Mid%'`;
    expect(await count(`SELECT count(*) AS n FROM referral WHERE id IN (${branch}) AND status <> 'withdrawn'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM referral WHERE id IN (${branch})`)).toBe(1 + SUBS + SUBS * LOCALS_PER_SUB);
    expect(await count(`SELECT count(*) AS n FROM motion WHERE kind = 'proposal_response' AND status IN ('open', 'proposed')`)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM motion WHERE kind = 'proposal_response' AND status = 'withdrawn'`)).toBe(1 + SUBS + SUBS * LOCALS_PER_SUB);
    expect(await count(`SELECT count(*) AS n FROM event WHERE type = 'proposal.left'`)).toBe(1 + SUBS + SUBS * LOCALS_PER_SUB);
    const root = await db.sql.withSession((s) => s.query<{ local_total: number; accepted: number; pending: number }>(`SELECT local_total, accepted, pending FROM referral WHERE depth = 0`));
    expect(root[0]).toEqual({ local_total: 2, accepted: 0, pending: 2 });
  }, 600_000);
});
