import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../../src/adapters/persistence/prisma-store.js';
import type { OutboundEventInput } from '../../../src/core/ports/federation-link.port.js';
import { unique } from '../../support/store-fixtures.js';
import { testDatabase, type TestDatabase } from '../../support/test-database.js';

const T0 = new Date('2026-12-07T10:00:00.000Z');
const room = (): string => `${unique('!race')}:a.example`;
const beat = (roomId: string, key = unique('hb')): OutboundEventInput => ({ roomId, type: 'org.plenary.heartbeat', body: { heads: [], last_seq_received: 0 }, idempotencyKey: key });

/*
 * The relay enqueues inside its own transactions, which stay open while it
 * does the rest of its work: the seq a room's event takes must still be
 * 1, 2, 3 … with no gap and no repeat, whatever commits, waits or rolls back.
 * With `max(seq) + 1` instead of the counter row's lock these transactions
 * read the same max and collide on (room_id, seq).
 */
describe('PeerOutbox on PostgreSQL under concurrency', () => {
  let db: TestDatabase;
  let store: PrismaStore;
  beforeAll(async () => {
    db = await testDatabase({ poolSize: 24 });
    store = new PrismaStore(db.prisma, { timeoutMs: 60_000, maxWaitMs: 60_000 });
  });
  afterAll(() => db.close());

  it('GIVEN 40 concurrent transactions enqueueing to one room, every fifth rolled back after it took its seq THEN the committed seqs are 1..32 without gap or repeat', async () => {
    const r = room();
    const prefix = unique('race');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        store.transaction(async (tx) => {
          await sleep(i % 3); // spread the arrivals
          const [e] = await tx.peerOutbox.enqueue([beat(r, `${prefix}/${i}`)], T0);
          await sleep(5); // the relay's other work, holding the transaction open
          if (i % 5 === 4) throw new Error('roll back');
          return e!.seq;
        }),
      ),
    );
    const failures = outcomes.filter((o) => o.status === 'rejected').map((o) => String((o).reason));
    expect(failures.filter((f) => !f.includes('roll back'))).toEqual([]);
    expect(failures).toHaveLength(8);
    const seqs = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : [])).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    const rows = await db.prisma.federationOutbox.findMany({ where: { roomId: r }, orderBy: { seq: 'asc' } });
    expect(rows.map((x) => Number(x.seq))).toEqual(seqs);
    expect(await store.peerOutbox.lastSeq(r)).toBe(32);
  });

  it('GIVEN 20 concurrent transactions enqueueing the same key THEN one row stands and every caller gets it', async () => {
    const r = room();
    const key = unique('same');
    const got = await Promise.all(Array.from({ length: 20 }, () => store.transaction(async (tx) => (await tx.peerOutbox.enqueue([beat(r, key), beat(r)], T0))[0]!)));
    const rows = await db.prisma.federationOutbox.findMany({ where: { roomId: r }, orderBy: { seq: 'asc' } });
    expect(rows.map((x) => Number(x.seq))).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(rows.filter((x) => x.idempotencyKey === key)).toHaveLength(1);
    expect(new Set(got.map((e) => e.id))).toEqual(new Set([rows.find((x) => x.idempotencyKey === key)!.id]));
  });

  it('GIVEN one key enqueued into two rooms at once THEN the first to commit holds it and the other room gives its seq back', async () => {
    const [a, b] = [room(), room()];
    const key = unique('two-rooms');
    const first = store.transaction(async (tx) => {
      const [e] = await tx.peerOutbox.enqueue([beat(a, key)], T0);
      await sleep(300);
      return e!;
    });
    await sleep(100);
    const second = await store.transaction(async (tx) => (await tx.peerOutbox.enqueue([beat(b, key)], T0))[0]!);
    expect(second).toEqual(await first);
    expect(second.roomId).toBe(a);
    expect(await store.peerOutbox.lastSeq(b)).toBe(0);
    expect((await store.peerOutbox.enqueue([beat(b)], T0))[0]!.seq).toBe(1);
  });

  it('GIVEN transactions enqueueing to two rooms in opposite orders THEN none deadlocks and both rooms count 1..n', async () => {
    const [a, b] = [room(), room()];
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.transaction(async (tx) => {
      await tx.peerOutbox.enqueue(i % 2 === 0 ? [beat(a), beat(b)] : [beat(b), beat(a)], T0);
      await sleep(2);
    })));
    for (const r of [a, b]) expect((await store.peerOutbox.range(r, 1, 100)).map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
