import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../../src/adapters/persistence/prisma-store.js';
import { verifyChain } from '../../../src/core/events/hash-chain.js';
import type { Choice } from '../../../src/core/model/entities.js';
import { asPersonId, type MotionId } from '../../../src/core/shared/ids.js';
import { assembly, ballotOf, cast, HOUR, motion, no, person, plenary, yes, type StoreHarness, type StoreProbe } from '../../support/store-fixtures.js';
import { describeStoreConformance } from '../../support/store.conformance.js';
import { testDatabase, testPgliteDatabase, type TestDatabase } from '../../support/test-database.js';

function probe(db: TestDatabase): StoreProbe {
  return {
    async outbox() {
      const rows = await db.prisma.outboxItem.findMany({ orderBy: { id: 'asc' } });
      return rows.map((r) => ({ kind: r.kind, dedupeKey: r.dedupeKey, payload: r.payload, availableAt: r.availableAt }));
    },
    async ballotHistory(motionId: MotionId) {
      const rows = await db.prisma.ballotHistory.findMany({ where: { motionId }, orderBy: { id: 'asc' } });
      return rows.map((r) => ({ personId: asPersonId(r.personId), choice: r.choice as Choice, castAt: r.castAt }));
    },
  };
}

async function harness(open: () => Promise<TestDatabase>): Promise<StoreHarness> {
  const db = await open();
  return { store: new PrismaStore(db.prisma, { sql: db.sql }), probe: probe(db), close: () => db.close() };
}

// On PostgreSQL ballots go through a raw pooled session; on PGlite through a Prisma transaction.
describeStoreConformance('PrismaStore on PostgreSQL', () => harness(() => testDatabase()), { enforcesUniqueIndexes: true });
describeStoreConformance('PrismaStore on PGlite', () => harness(() => testPgliteDatabase()), { enforcesUniqueIndexes: true });

describe.each([
  { ballotsVia: 'a raw pooled session', raw: true },
  { ballotsVia: 'Prisma transactions', raw: false },
])('PrismaStore on PostgreSQL under concurrency, ballots through $ballotsVia', ({ raw }) => {
  let db: TestDatabase;
  let store: PrismaStore;
  beforeAll(async () => {
    db = await testDatabase({ poolSize: 20 });
    store = new PrismaStore(db.prisma, raw ? { sql: db.sql } : {});
  });
  afterAll(() => db.close());

  it('GIVEN 200 concurrent batches from one person THEN exactly one current ballot stands, with one cast, and each change (never a repeat) is in the history and the record', async () => {
    const { motion: m, voters } = await plenary(store, 1);
    const ann = voters[0]!;
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => cast(store, m, [ballotOf(m, ann, i % 2 === 0 ? yes : no)])));
    const outcomes = results.flatMap((r) => r.outcomes);
    const changes = outcomes.filter((o) => o === 'changed').length;
    expect(outcomes.filter((o) => o === 'cast')).toHaveLength(1);
    expect(changes + outcomes.filter((o) => o === 'unchanged').length).toBe(199);
    expect(await store.read.countBallots(m.id)).toBe(1);
    expect(await db.prisma.ballot.count({ where: { motionId: m.id } })).toBe(1);
    expect(await db.prisma.ballotHistory.count({ where: { motionId: m.id } })).toBe(1 + changes);
    const events = await store.read.events(m.assemblyId);
    expect(events).toHaveLength(1 + changes);
    expect(verifyChain(events)).toEqual([]);
  });

  it('GIVEN 50 concurrent appendEvent transactions on one assembly THEN the chain runs 1..50 unforked and verifies', async () => {
    const a = await assembly(store);
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.transaction((tx) => tx.appendEvent(a.id, { type: 'tick', actorId: null, payload: { i } }, new Date()))));
    const events = await store.read.events(a.id);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(events.map((e) => (e.payload as { i: number }).i)).size).toBe(50);
    expect(verifyChain(events)).toEqual([]);
  });

  it('GIVEN 20 concurrent proposals in one assembly THEN they get the numbers 1..20, each once', async () => {
    const [a, ann] = [await assembly(store), await person(store)];
    const motions = await Promise.all(Array.from({ length: 20 }, () => motion(store, a, ann.id)));
    expect(motions.map((m) => m.number).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('GIVEN a closer holding the motion lock WHEN a batch arrives meanwhile THEN the batch waits and is refused once the motion closed', async () => {
    const { motion: m, voters } = await plenary(store, 1);
    let closeNow: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (closeNow = resolve));
    let locked: () => void = () => undefined;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const closing = store.transaction(async (tx) => {
      await tx.lockMotion(m.id);
      locked();
      await gate;
      await tx.updateMotion(m.id, { status: 'passed', closedAt: new Date() });
    });
    await isLocked;
    const voting = cast(store, m, [ballotOf(m, voters[0]!)]);
    await new Promise((r) => setTimeout(r, 100));
    closeNow();
    await closing;
    expect(await voting).toEqual({ outcomes: ['closed'] });
    expect(await store.read.countBallots(m.id)).toBe(0);
  });

  it('GIVEN due motions THEN dueMotions lists them earliest closing time first and honours the limit', async () => {
    const [a, ann] = [await assembly(store), await person(store)];
    const t = new Date('2000-06-01T00:00:00Z').getTime();
    const third = await motion(store, a, ann.id, { closesAt: new Date(t + 3 * HOUR) });
    const first = await motion(store, a, ann.id, { status: 'proposed', closesAt: new Date(t + HOUR) });
    const second = await motion(store, a, ann.id, { closesAt: new Date(t + 2 * HOUR) });
    const due = await store.read.dueMotions(new Date(t + 5 * HOUR), 2);
    expect(due.map((m) => m.id)).toEqual([first.id, second.id]);
    expect((await store.read.dueMotions(new Date(t + 5 * HOUR), 10)).map((m) => m.id)).toEqual([first.id, second.id, third.id]);
  });

  it('GIVEN a second person for an existing platform account THEN the account keeps its person (never re-pointed) and no second person is left behind', async () => {
    const ann = await person(store, 'Ann');
    const [account] = await store.read.accountsOf(ann.id);
    const before = await db.prisma.person.count();
    expect(await store.transaction((tx) => tx.createPerson('Impostor', account!))).toEqual(ann);
    expect(await store.read.personByAccount(account!.platform, account!.externalId)).toEqual(ann);
    expect(await db.prisma.person.count()).toBe(before);
    expect(await db.prisma.person.count({ where: { displayName: 'Impostor' } })).toBe(0);
  });

  it('GIVEN a person merged into another THEN the old row records where it went', async () => {
    const [ann, annToo] = [await person(store), await person(store)];
    expect(await store.transaction((tx) => tx.mergePersons(annToo.id, ann.id))).toBe(true);
    expect((await db.prisma.person.findUnique({ where: { id: annToo.id } }))?.mergedIntoId).toBe(ann.id);
  });
});

describe('PrismaStore outbox on PostgreSQL under concurrency', () => {
  let db: TestDatabase;
  let store: PrismaStore;
  beforeAll(async () => {
    db = await testDatabase({ poolSize: 20 });
    store = new PrismaStore(db.prisma, { sql: db.sql });
  });
  afterAll(() => db.close());

  it('GIVEN 300 due items WHEN 10 dispatchers claim in small batches until none is left THEN each item is claimed once, on its first attempt', async () => {
    await store.transaction(async (tx) => {
      for (let i = 0; i < 300; i++) await tx.enqueue('test.job', `job-${i}`, { i });
    });
    const now = new Date();
    const dispatcher = async (): Promise<string[]> => {
      const taken: string[] = [];
      for (;;) {
        const items = await store.claimOutbox(now, 7);
        if (items.length === 0) return taken;
        expect(items.every((o) => o.attempts === 1 && o.status === 'dispatched')).toBe(true);
        taken.push(...items.map((o) => o.dedupeKey));
      }
    };
    const taken = (await Promise.all(Array.from({ length: 10 }, dispatcher))).flat();
    expect(taken).toHaveLength(300);
    expect(new Set(taken).size).toBe(300);
    expect(await db.prisma.outboxItem.count({ where: { status: 'dispatched', attempts: 1 } })).toBe(300);
  });
});
