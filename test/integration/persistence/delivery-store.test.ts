import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaDeliveryStore } from '../../../src/adapters/persistence/prisma-delivery-store.js';
import { prismaRunner } from '../../../src/adapters/persistence/sql-runner.js';
import type { DeliveryClaim } from '../../../src/jobs/delivery-store.port.js';
import { testDatabase, testPgliteDatabase } from '../../support/test-database.js';
import type { TestDatabase } from '../../support/test-database.js';

const LEASE_MS = 60_000;
const T0 = new Date('2026-11-27T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

/** Each test names its own keys: the tests of one driver share a database. */
const claimsOf = (test: string, n: number): DeliveryClaim[] =>
  Array.from({ length: n }, (_, i) => ({ key: `relay:${test}:discord:room-${i}`, platform: 'discord' as const, roomId: `room-${i}` }));

/** A different order per claimer, so overlapping batches would deadlock if the store locked in input order. */
const rotated = <T>(xs: readonly T[], by: number): T[] => [...xs.slice(by % xs.length), ...xs.slice(0, by % xs.length)];

describe.each([
  ['PostgreSQL', testDatabase],
  ['PGlite', testPgliteDatabase],
] as const)('PrismaDeliveryStore on %s', (_label, open) => {
  let db: TestDatabase;
  let store: PrismaDeliveryStore;
  beforeAll(async () => {
    db = await open({ poolSize: 20 });
    store = new PrismaDeliveryStore(prismaRunner(db.prisma));
  });
  afterAll(() => db.close());

  it('GIVEN 20 concurrent claims of the same 10 keys THEN each key is granted exactly once', async () => {
    const claims = claimsOf('race', 10);
    const granted = await Promise.all(Array.from({ length: 20 }, (_, n) => store.claim(rotated(claims, n), LEASE_MS, T0)));
    const all = granted.flatMap((g) => [...g]);
    expect(all).toHaveLength(10);
    expect(new Set(all)).toEqual(new Set(claims.map((c) => c.key)));
    const rows = await db.prisma.delivery.findMany({ where: { key: { startsWith: 'relay:race:' } } });
    expect(rows.map((r) => [r.status, r.attempts, r.platform])).toEqual(Array.from({ length: 10 }, () => ['sending', 1, 'discord']));
  });

  it('GIVEN a claim nobody marked THEN it is refused within the lease and taken over after it, counting the attempt', async () => {
    const claims = claimsOf('lease', 2);
    expect(await store.claim(claims, LEASE_MS, T0)).toEqual(new Set(claims.map((c) => c.key)));
    expect(await store.claim(claims, LEASE_MS, at(LEASE_MS - 1))).toEqual(new Set());
    expect(await store.claim(claims, LEASE_MS, at(LEASE_MS + 1))).toEqual(new Set(claims.map((c) => c.key)));
    // The takeover renewed the claim: a third claimer waits for a new lease.
    expect(await store.claim(claims, LEASE_MS, at(LEASE_MS + 2))).toEqual(new Set());
    const row = await db.prisma.delivery.findUniqueOrThrow({ where: { key: claims[0]!.key } });
    expect(row).toMatchObject({ status: 'sending', attempts: 2, roomId: 'room-0', claimedAt: at(LEASE_MS + 1) });
  });

  it('GIVEN messages marked sent THEN they are reported sent and never claimed again, however old', async () => {
    const claims = claimsOf('sent', 3);
    await store.claim(claims, LEASE_MS, T0);
    await store.markSent([claims[0]!.key, claims[1]!.key], at(5));
    expect(await store.sent(claims.map((c) => c.key))).toEqual(new Set([claims[0]!.key, claims[1]!.key]));
    expect(await store.claim(claims, LEASE_MS, at(10 * LEASE_MS))).toEqual(new Set([claims[2]!.key]));
    const row = await db.prisma.delivery.findUniqueOrThrow({ where: { key: claims[0]!.key } });
    expect(row).toMatchObject({ status: 'sent', sentAt: at(5) });
  });

  it('GIVEN released claims THEN they can be claimed again at once, and a release never reopens a sent message', async () => {
    const claims = claimsOf('release', 2);
    await store.claim(claims, LEASE_MS, T0);
    await store.markSent([claims[0]!.key], T0);
    await store.release(claims.map((c) => c.key));
    expect(await store.claim(claims, LEASE_MS, T0)).toEqual(new Set([claims[1]!.key]));
    expect(await store.sent(claims.map((c) => c.key))).toEqual(new Set([claims[0]!.key]));
  });

  it('GIVEN nothing to do THEN the empty calls touch nothing', async () => {
    expect(await store.claim([], LEASE_MS, T0)).toEqual(new Set());
    expect(await store.sent([])).toEqual(new Set());
    await expect(store.markSent([], T0)).resolves.toBeUndefined();
    await expect(store.release([])).resolves.toBeUndefined();
  });
});
