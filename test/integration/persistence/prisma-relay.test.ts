import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaRelay } from '../../../src/adapters/persistence/prisma-relay.js';
import { PrismaStore } from '../../../src/adapters/persistence/prisma-store.js';
import { prismaRunner, type SqlRunner } from '../../../src/adapters/persistence/sql-runner.js';
import { verifyChain } from '../../../src/core/events/hash-chain.js';
import type { Assembly } from '../../../src/core/model/entities.js';
import type { Federation } from '../../../src/core/model/federation.js';
import { defaultPolicy } from '../../../src/core/model/policy.js';
import type { Decision } from '../../../src/core/relay/model.js';
import { asMotionId } from '../../../src/core/shared/ids.js';
import { newMotion, person, unique } from '../../support/store-fixtures.js';
import { federation } from '../../support/store-federation-fixtures.js';
import { referral, settle, tally } from '../../support/store-relay-fixtures.js';
import { testDatabase, type TestDatabase } from '../../support/test-database.js';

const N = 1000;

/** Counts the statements a `PrismaRelay` issues. */
function counting(sql: SqlRunner): SqlRunner & { n: number } {
  const c = {
    n: 0,
    query<R extends object>(text: string, params?: readonly unknown[]): Promise<R[]> {
      c.n++;
      return sql.query<R>(text, params);
    },
  };
  return c;
}

/** Decision of child i: 40 % accept, 30 % reject, 20 % ask for an amendment, 10 % stay pending. */
const decisionOf = (i: number): Decision | null => (['accepted', 'accepted', 'accepted', 'accepted', 'rejected', 'rejected', 'rejected', 'amend-requested', 'amend-requested', null] as const)[i % 10] ?? null;
/** Local i has 1 or 2 active members. */
const membersOf = (i: number): number => 1 + (i % 2);

// 4 of every 10 accept; of those (i % 10 in 0..3) two have 2 members and two have 1.
const EXPECTED = { localTotal: N, accepted: 0.4 * N, rejected: 0.3 * N, amendRequested: 0.2 * N, pending: 0.1 * N, membersCovered: 0.6 * N };

describe('PrismaRelay on PostgreSQL with 1,000 children under one parent', () => {
  let db: TestDatabase;
  let store: PrismaStore;
  let fed: Federation;
  let root: Assembly;
  let locals: Assembly[];

  beforeAll(async () => {
    db = await testDatabase({ poolSize: 20 });
    store = new PrismaStore(db.prisma, { sql: db.sql, timeoutMs: 120_000 });
    const f = await federation(store);
    [fed, root] = [f.fed, f.root];
    const voters = [await person(store), await person(store)];
    locals = await store.transaction(async (tx) => {
      const made: Assembly[] = [];
      for (let i = 0; i < N; i++) {
        const a = await tx.createAssembly({ kind: 'local', name: unique(`local${i}`), level: 0, parentAssemblyId: null, policy: defaultPolicy() });
        await tx.createEdge({ federationId: fed.id, childAssemblyId: a.id, parentAssemblyId: root.id, seats: 1, joinedByMotionId: null });
        for (const v of voters.slice(0, membersOf(i))) await tx.upsertMembership({ assemblyId: a.id, personId: v.id, status: 'active', role: 'member' });
        made.push(a);
      }
      return made;
    });
  }, 120_000);
  afterAll(() => db.close());

  /** Runs `fn` in one Prisma transaction with a PrismaRelay whose statements are counted. */
  const counted = <T>(fn: (relay: PrismaRelay, sql: { n: number }) => Promise<T>): Promise<T> =>
    db.prisma.$transaction(
      (ptx) => {
        const sql = counting(prismaRunner(ptx));
        return fn(new PrismaRelay(sql), sql);
      },
      { timeout: 120_000 },
    );
  /** Statements `fn` issued. */
  const cost = async (sql: { n: number }, fn: () => Promise<unknown>): Promise<number> => {
    const before = sql.n;
    await fn();
    return sql.n - before;
  };

  it('GIVEN a proposal WHEN offered to every child, decided and rolled up THEN every bulk call costs a fixed number of statements and the counts are exact', async () => {
    const founder = await person(store);
    const p = await store.transaction((tx) => tx.relay.createProposal({ federationId: fed.id, originAssemblyId: root.id, adoptionRule: { kind: 'share', percent: 50 }, deadline: null }));
    const rootRef = referral(p.id, root, { depth: 0, localTotal: N, status: 'accepted' });
    const refs = locals.map((a) => referral(p.id, a, { parent: rootRef, depth: 1, localTotal: 1 }));
    const costs = await counted(async (relay, sql) => {
      const c: Record<string, number> = {};
      c.localsBelow = await cost(sql, async () => expect((await relay.localsBelow(fed.id, [root.id])).get(root.id)).toBe(N));
      c.relayChildren = await cost(sql, async () => {
        const children = await relay.relayChildren({ federationId: fed.id, parents: [{ assemblyId: root.id, referralId: randomUUID() }], proposalId: p.id, version: 1, limit: N + 10 });
        expect(children.map((x) => x.assembly.id)).toEqual(locals.map((a) => a.id).sort());
        expect(children.every((x) => x.localsInSubtree === 1 && x.bindings.length === 0)).toBe(true);
      });
      const rows = locals.map((a) => ({ ...newMotion(a, founder.id, { kind: 'proposal-response', payload: { referral: 'r' } }), id: asMotionId(randomUUID()) }));
      c.createMotions = await cost(sql, async () => {
        const made = await relay.createMotions(rows);
        expect(made.map((m) => [m.id, m.number])).toEqual(rows.map((r) => [r.id, 1]));
      });
      c.createReferrals = await cost(sql, () => relay.createReferrals([rootRef, ...refs.map((r, i) => ({ ...r, responseMotionId: rows[i]!.id }))]));
      c.markRelayed = await cost(sql, () => relay.markRelayed([rootRef.id], new Date()));
      const offered = locals.map((a, i) => ({ assemblyId: a.id, event: { type: 'proposal.offered', actorId: null, payload: { i } } }));
      c.appendEventsMany = await cost(sql, () => relay.appendEventsMany([...offered, ...offered, { assemblyId: root.id, event: { type: 'proposal.relayed', actorId: null, payload: {} } }], new Date()));
      const jobs = locals.map((a) => ({ kind: 'relay.send', dedupeKey: `send.${p.id}.${a.id}`, payload: { a: a.id } }));
      c.enqueueMany = await cost(sql, () => relay.enqueueMany([...jobs, ...jobs]));
      const at = new Date();
      const decisions = refs.flatMap((r, i) => {
        const status = decisionOf(i);
        return status ? [{ referralId: r.id, status, reason: null, amendmentText: status === 'amend-requested' ? 'More.' : null, at }] : [];
      });
      c.lockReferrals = await cost(sql, async () => expect(await relay.lockReferrals(refs.map((r) => r.id))).toHaveLength(N));
      c.decide = await cost(sql, () => relay.decide(decisions));
      c.rollupLeaves = await cost(sql, async () => expect(await relay.rollupDepth(p.id, 1, 1, 5000)).toBe(0.9 * N));
      c.rollupRoot = await cost(sql, async () => expect(await relay.rollupDepth(p.id, 1, 0, 5000)).toBe(1));
      c.maxDirtyDepth = await cost(sql, async () => expect(await relay.maxDirtyDepth(p.id, 1)).toBeNull());
      c.closeMotions = await cost(sql, async () => expect(await relay.closeMotions(rows.map((r) => r.id), 'superseded', new Date())).toHaveLength(N));
      return c;
    });
    expect(costs).toEqual({
      localsBelow: 1,
      relayChildren: 1,
      createMotions: 2,
      createReferrals: 1,
      markRelayed: 1,
      appendEventsMany: 2,
      enqueueMany: 1,
      lockReferrals: 2,
      decide: 1,
      rollupLeaves: 2,
      rollupRoot: 2,
      maxDirtyDepth: 1,
      closeMotions: 1,
    });

    expect(tally(await store.read.relay.rootReferral(p.id, 1))).toEqual(EXPECTED);
    expect(await store.read.relay.levelCounts(p.id, 1)).toEqual([
      { depth: 0, status: 'accepted', count: 1 },
      { depth: 1, status: 'accepted', count: 0.4 * N },
      { depth: 1, status: 'amend-requested', count: 0.2 * N },
      { depth: 1, status: 'pending', count: 0.1 * N },
      { depth: 1, status: 'rejected', count: 0.3 * N },
    ]);
    expect(await db.prisma.outboxItem.count({ where: { dedupeKey: { startsWith: `send.${p.id}.` } } })).toBe(N);
    // Every chain: two events each, linked and hashed as `audit verify` checks them.
    for (const a of [root, ...locals]) {
      const events = await store.read.events(a.id);
      expect(verifyChain(events)).toEqual([]);
    }
    expect((await store.read.events(locals[7]!.id)).map((e) => e.payload.i)).toEqual([7, 7]);
  }, 120_000);

  it('GIVEN decisions that change while rollups run THEN none is lost: the settled counts are exact', async () => {
    const p = await store.transaction((tx) => tx.relay.createProposal({ federationId: fed.id, originAssemblyId: root.id, adoptionRule: { kind: 'count', atLeast: 1 }, deadline: null }));
    const rootRef = referral(p.id, root, { depth: 0, localTotal: N, status: 'accepted' });
    const refs = locals.map((a) => referral(p.id, a, { parent: rootRef, depth: 1, localTotal: 1 }));
    const at = new Date();
    // Every child first rejects, and nothing is rolled up yet: all dirty.
    await store.transaction(async (tx) => {
      await tx.relay.createReferrals([rootRef, ...refs]);
      await tx.relay.decide(refs.map((r) => ({ referralId: r.id, status: 'rejected', reason: null, amendmentText: null, at })));
    });
    // Then they change their minds in 20 batches, each holding its locks while rollups start:
    // a rollup's snapshot sees the first decisions, its locks wait, the second ones commit meanwhile.
    let locked = 0;
    let allLocked: () => void = () => undefined;
    const lockedAll = new Promise<void>((resolve) => (allLocked = resolve));
    const deciders = Array.from({ length: 20 }, (_, b) =>
      store.transaction(async (tx) => {
        const batch = refs.map((r, i) => ({ r, i })).filter(({ i }) => i % 20 === b);
        // As the core does: lock the referrals (id order) before deciding them.
        await tx.relay.lockReferrals(batch.map(({ r }) => r.id));
        if (++locked === 20) allLocked();
        await new Promise((resolve) => setTimeout(resolve, 100 + 10 * b));
        await tx.relay.decide(batch.flatMap(({ r, i }) => {
          const status = decisionOf(i);
          return status ? [{ referralId: r.id, status, reason: null, amendmentText: null, at }] : [];
        }));
      }),
    );
    await lockedAll;
    let deciding = true;
    const rollups = async (): Promise<number> => {
      let passes = 0;
      while (deciding) passes += await settle(store, p.id, 1, 37);
      return passes;
    };
    const running = [rollups(), rollups()];
    await Promise.all(deciders);
    deciding = false;
    expect((await Promise.all(running)).reduce((a, b) => a + b)).toBeGreaterThan(0);
    await settle(store, p.id);
    // The undecided tenth stays rejected.
    expect(tally(await store.read.relay.rootReferral(p.id, 1))).toEqual({ ...EXPECTED, rejected: EXPECTED.rejected + EXPECTED.pending, pending: 0 });
  }, 120_000);
});
