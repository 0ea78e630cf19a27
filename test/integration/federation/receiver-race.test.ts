import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/adapters/persistence/database.js';
import { PrismaStore } from '../../../src/adapters/persistence/prisma-store.js';
import { storeLanes, type RawEvent } from '../../../src/core/federation-protocol/index.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { deployment, joinBody, signed, T0 } from '../../support/federation-peers.js';
import { parentReceiver } from '../../support/federation-receiver.js';
import { TEST_ADMIN_URL, testDatabase, type TestDatabase } from '../../support/test-database.js';

/**
 * Two receiving processes of one deployment (two Prisma clients, one
 * PostgreSQL database) handed the same events in different orders at the
 * same time, as two workers reading one room would be: every event is
 * applied exactly once, in seq order, whichever process applies it.
 */
let db: TestDatabase;
let second: Database;

beforeAll(async () => {
  db = await testDatabase();
  const u = new URL(TEST_ADMIN_URL);
  u.pathname = `/${db.name}`;
  second = await openDatabase({ databaseUrl: u.toString(), dataDir: 'unused', log: silentLogger, migrateOnOpen: false });
});
afterAll(async () => {
  await second.close();
  await db.close();
});

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('federation inbox on PostgreSQL: two processes, one lane', () => {
  it('GIVEN 20 rounds of 30 events delivered twice, concurrently and shuffled, to two processes THEN each is applied once, in order', async () => {
    for (let round = 0; round < 20; round++) {
      const room = `!race${String(round)}:b.example`;
      const p1 = parentReceiver({}, new PrismaStore(db.prisma).links);
      const p2 = parentReceiver({}, new PrismaStore(second.prisma).links);
      const b = deployment(`dep_b${String(round)}`);
      // The join binds B's key on the shared database; both processes then trust it.
      p1.invite('CODE');
      expect(await p1.receiver.receive(signed(b, room, 'org.plenary.join', joinBody(b, `asm_${String(round)}`, 'CODE')), T0)).toMatchObject({ kind: 'accepted' });
      const events: RawEvent[] = Array.from({ length: 30 }, (_, i) =>
        signed(b, room, 'org.plenary.seat', { assembly: `${b.id}/asm_${String(round)}`, parent_assembly: 'dep_a/asm_1', seat: 1, delegate: '@ana:b.example', motion: i, term_ends: null, chain_head: { seq: i, hash: 'e'.repeat(64) } }),
      );
      const feed = (p: typeof p1, order: RawEvent[]) => (async () => {
        for (const e of order) await p.receiver.receive(e, T0);
      })();
      await Promise.all([feed(p1, shuffled(events, round + 1)), feed(p2, shuffled(events, round + 101)), feed(p1, shuffled(events, round + 201)), feed(p2, shuffled(events, round + 301))]);
      const applied = [...p1.others, ...p2.others].map((o) => o.entry.seq).sort((x, y) => x - y);
      expect(applied).toEqual(Array.from({ length: 30 }, (_, i) => i + 2));
      // Within each process the order is the seq order too.
      for (const p of [p1, p2]) expect(p.others.map((o) => o.entry.seq)).toEqual([...p.others.map((o) => o.entry.seq)].sort((x, y) => x - y));
      expect(await p2.store.lane(room, b.id)).toMatchObject({ nextSeq: 32, gapSince: null });
    }
  }, 120_000);

  it('GIVEN storeLanes and a relay effect that fails once after writing THEN the effect and the settle roll back together: each event writes once, in order', async () => {
    const room = '!tx:b.example';
    const b = deployment('dep_btx');
    const stores = [new PrismaStore(db.prisma), new PrismaStore(second.prisma)];
    let failed = false;
    const effect = async (entry: { seq: number }, tx: Parameters<Parameters<PrismaStore['transaction']>[0]>[0]) => {
      // The relay's write in the lane's transaction: a person per applied event.
      await tx.createPerson(`lane-tx-${String(entry.seq)}`, { platform: 'console', externalId: randomUUID(), displayName: 'x' });
      if (entry.seq === 7 && !failed) {
        failed = true;
        throw new Error('crash after the write, before the settle');
      }
    };
    const [p1, p2] = stores.map((s) => parentReceiver({}, storeLanes(s), effect));
    p1!.invite('CODE');
    expect(await p1!.receiver.receive(signed(b, room, 'org.plenary.join', joinBody(b, 'asm_tx', 'CODE')), T0)).toMatchObject({ kind: 'accepted' });
    const events: RawEvent[] = Array.from({ length: 12 }, (_, i) =>
      signed(b, room, 'org.plenary.seat', { assembly: `${b.id}/asm_tx`, parent_assembly: 'dep_a/asm_1', seat: 1, delegate: '@ana:b.example', motion: i, term_ends: null, chain_head: { seq: i, hash: 'e'.repeat(64) } }),
    );
    const feed = (p: NonNullable<typeof p1>, order: RawEvent[]) => (async () => {
      for (const e of order) await p.receiver.receive(e, T0).catch(() => null);
    })();
    await Promise.all([feed(p1!, shuffled(events, 7)), feed(p2!, shuffled(events, 8))]);
    // The failed drain left seq 7 pending: a later delivery (Matrix catch-up) drains it.
    await p1!.receiver.inbox.drain(room, b.id, T0);
    expect(failed).toBe(true);
    // The drain that failed had applied the seqs before 7 in memory: its transaction took them back too.
    const applied = [...new Set([...p1!.others, ...p2!.others].map((o) => o.entry.seq))].sort((x, y) => x - y);
    expect(applied).toEqual(Array.from({ length: 12 }, (_, i) => i + 2));
    const persons = await db.prisma.person.findMany({ where: { displayName: { startsWith: 'lane-tx-' } }, select: { displayName: true } });
    expect(persons.map((p) => p.displayName).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `lane-tx-${String(i + 2)}`).sort());
    expect(await stores[0]!.links.lane(room, b.id)).toMatchObject({ nextSeq: 14 });
  }, 60_000);
});
