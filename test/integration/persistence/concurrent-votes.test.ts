import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../../src/adapters/persistence/prisma-store.js';
import { verifyChain } from '../../../src/core/events/hash-chain.js';
import { describeAssembly } from '../../../src/core/testing/scenario.js';
import { concurrentVotes } from '../../support/concurrent-votes.js';
import { testDatabase, type TestDatabase } from '../../support/test-database.js';

describe('GIVEN one member sending the same vote 200 times at once through the core on PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await testDatabase({ poolSize: 20 });
  });
  afterAll(() => db.close());

  it('THEN exactly one reply says recorded and 199 say unchanged, and the history holds one row', async () => {
    const store = new PrismaStore(db.prisma, { sql: db.sql });
    const { s, room } = await describeAssembly({ name: 'Eager PG', members: ['ana', 'ben'] }, { store });
    const r = await concurrentVotes(s, room, 200, () => 'yes');
    expect(r.titles).toEqual({ 'Vote recorded on motion #1': 1, 'Vote unchanged on motion #1': 199 });
    expect(await db.prisma.ballotHistory.count({ where: { motionId: r.motionId } })).toBe(1);
    expect(await db.prisma.ballot.count({ where: { motionId: r.motionId } })).toBe(1);
    expect(r.ballotsListedInRecord).toBe(1);
  });

  it('THEN with mixed choices every "changed" reply is one history row and one ballot in the record, and the chain verifies', async () => {
    const store = new PrismaStore(db.prisma, { sql: db.sql });
    const { s, room } = await describeAssembly({ name: 'Fickle PG', members: ['ana', 'ben'] }, { store });
    const r = await concurrentVotes(s, room, 200, (i) => (i % 3 === 0 ? 'no' : 'yes'));
    const changed = r.titles['Vote changed on motion #1'] ?? 0;
    expect(r.titles['Vote recorded on motion #1']).toBe(1);
    expect(changed + (r.titles['Vote unchanged on motion #1'] ?? 0)).toBe(199);
    expect(await db.prisma.ballotHistory.count({ where: { motionId: r.motionId } })).toBe(1 + changed);
    expect(r.ballotsListedInRecord).toBe(1 + changed);
    const binding = await store.read.bindingByRoom(s.chat.platform, room);
    expect(verifyChain(await store.read.events(binding!.assemblyId))).toEqual([]);
  });
});
