import { expect, it } from 'vitest';
import type { DeliveryClaim, DeliveryStore, HeldClaim } from '../../src/jobs/delivery-store.port.js';

const LEASE_MS = 60_000;
const T0 = new Date('2026-11-27T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

/** Each test names its own keys: the tests of one driver share a database. */
const claimsOf = (test: string, n: number): DeliveryClaim[] =>
  Array.from({ length: n }, (_, i) => ({ key: `relay:${test}:discord:room-${i}`, platform: 'discord' as const, roomId: `room-${i}` }));

/** A different order per claimer, so overlapping batches would deadlock if the store locked in input order. */
const rotated = <T>(xs: readonly T[], by: number): T[] => [...xs.slice(by % xs.length), ...xs.slice(0, by % xs.length)];

const keys = (claims: readonly DeliveryClaim[]): Set<string> => new Set(claims.map((c) => c.key));
/** The granted claims in the order of `claims` (a store may return them in any order). */
const held = (granted: ReadonlyMap<string, number>, claims: readonly DeliveryClaim[]): HeldClaim[] =>
  claims.flatMap((c) => {
    const token = granted.get(c.key);
    return token === undefined ? [] : [{ key: c.key, token }];
  });

export interface DeliveryStoreContext {
  readonly store: DeliveryStore;
  /** The stored row (status, attempts, claimedAt, sentAt, roomId), to check what a call left behind. */
  readonly row: (key: string) => Promise<{ status: string; attempts: number; roomId: string; claimedAt: Date; sentAt: Date | null } | undefined>;
}

/** One contract for MemoryDeliveryStore (unit) and PrismaDeliveryStore on PostgreSQL and PGlite (integration). */
export function describeDeliveryStoreConformance(ctx: () => DeliveryStoreContext): void {
  it('GIVEN 20 concurrent claims of the same 10 keys THEN each key is granted exactly once', async () => {
    const { store, row } = ctx();
    const claims = claimsOf('race', 10);
    const granted = await Promise.all(Array.from({ length: 20 }, (_, n) => store.claim(rotated(claims, n), LEASE_MS, T0)));
    const all = granted.flatMap((g) => [...g.keys()]);
    expect(all).toHaveLength(10);
    expect(new Set(all)).toEqual(keys(claims));
    expect(granted.flatMap((g) => [...g.values()])).toEqual(Array.from({ length: 10 }, () => 1));
    const rows = await Promise.all(claims.map((c) => row(c.key)));
    expect(rows.map((r) => [r?.status, r?.attempts])).toEqual(Array.from({ length: 10 }, () => ['sending', 1]));
  });

  it('GIVEN a claim nobody marked THEN it is refused within the lease and taken over after it, with a higher token', async () => {
    const { store, row } = ctx();
    const claims = claimsOf('lease', 2);
    expect(await store.claim(claims, LEASE_MS, T0)).toEqual(new Map(claims.map((c) => [c.key, 1])));
    expect((await store.claim(claims, LEASE_MS, at(LEASE_MS - 1))).size).toBe(0);
    expect(await store.claim(claims, LEASE_MS, at(LEASE_MS + 1))).toEqual(new Map(claims.map((c) => [c.key, 2])));
    // The takeover renewed the claim: a third claimer waits for a new lease.
    expect((await store.claim(claims, LEASE_MS, at(LEASE_MS + 2))).size).toBe(0);
    expect(await row(claims[0]!.key)).toMatchObject({ status: 'sending', attempts: 2, roomId: 'room-0', claimedAt: at(LEASE_MS + 1) });
  });

  it('GIVEN claimant A overtaken after its lease by B WHEN A checks before sending, marks sent or releases THEN A is refused every time and B succeeds', async () => {
    const { store, row } = ctx();
    const claims = claimsOf('fence', 12);
    const a = held(await store.claim(claims, LEASE_MS, T0), claims);
    expect(await store.confirm(a[0]!, at(1))).toBe(true);
    expect(await store.markSent([a[0]!], at(2))).toEqual(new Set([a[0]!.key]));
    // A freezes; after its lease B takes over the eleven it had not sent.
    const b = held(await store.claim(claims, LEASE_MS, at(LEASE_MS + 10)), claims);
    expect(b.map((c) => [c.key, c.token])).toEqual(a.slice(1).map((c) => [c.key, 2]));
    // A wakes up: every check, mark and release of its old claims is refused and changes nothing.
    for (const claim of a.slice(1)) expect(await store.confirm(claim, at(LEASE_MS + 11))).toBe(false);
    expect(await store.markSent(a.slice(1), at(LEASE_MS + 12))).toEqual(new Set());
    await store.release(a.slice(1));
    expect((await store.claim(claims, LEASE_MS, at(LEASE_MS + 13))).size).toBe(0);
    expect(await store.sent(claims.map((c) => c.key))).toEqual(new Set([a[0]!.key]));
    // B's claims are intact and its own check, mark and release work.
    for (const claim of b) expect(await store.confirm(claim, at(LEASE_MS + 14))).toBe(true);
    expect(await store.markSent(b.slice(0, 10), at(LEASE_MS + 15))).toEqual(new Set(b.slice(0, 10).map((c) => c.key)));
    await store.release([b[10]!]);
    expect((await row(b[10]!.key))?.status).toBe('sending');
    expect(await store.claim([claims[11]!], LEASE_MS, at(LEASE_MS + 16))).toEqual(new Map([[claims[11]!.key, 3]]));
    // A mark with the right token once is not a mark again: a sent message is not re-marked or released.
    expect(await store.markSent([b[0]!], at(LEASE_MS + 17))).toEqual(new Set());
    expect(await row(b[0]!.key)).toMatchObject({ status: 'sent', attempts: 2, sentAt: at(LEASE_MS + 15) });
  });

  it('GIVEN a holder that confirms before each send THEN the confirmation renews its lease, so nobody overtakes it while it works', async () => {
    const { store } = ctx();
    const claims = claimsOf('renew', 1);
    const [a] = held(await store.claim(claims, LEASE_MS, T0), claims);
    expect(await store.confirm(a!, at(LEASE_MS - 1))).toBe(true);
    expect((await store.claim(claims, LEASE_MS, at(LEASE_MS + 1))).size).toBe(0);
    expect((await store.claim(claims, LEASE_MS, at(2 * LEASE_MS))).size).toBe(1);
    expect(await store.confirm(a!, at(2 * LEASE_MS + 1))).toBe(false);
    expect(await store.confirm({ key: 'relay:renew:never-claimed', token: 1 }, T0)).toBe(false);
  });

  it('GIVEN messages marked sent THEN they are reported sent and never claimed again, however old', async () => {
    const { store, row } = ctx();
    const claims = claimsOf('sent', 3);
    const granted = held(await store.claim(claims, LEASE_MS, T0), claims);
    await store.markSent(granted.slice(0, 2), at(5));
    expect(await store.sent(claims.map((c) => c.key))).toEqual(new Set([claims[0]!.key, claims[1]!.key]));
    expect(await store.claim(claims, LEASE_MS, at(10 * LEASE_MS))).toEqual(new Map([[claims[2]!.key, 2]]));
    expect(await row(claims[0]!.key)).toMatchObject({ status: 'sent', sentAt: at(5) });
  });

  it('GIVEN released claims THEN they can be claimed again at once, and a release never reopens a sent message', async () => {
    const { store } = ctx();
    const claims = claimsOf('release', 2);
    const granted = held(await store.claim(claims, LEASE_MS, T0), claims);
    await store.markSent([granted[0]!], T0);
    await store.release(granted);
    expect(await store.claim(claims, LEASE_MS, T0)).toEqual(new Map([[claims[1]!.key, 2]]));
    expect(await store.sent(claims.map((c) => c.key))).toEqual(new Set([claims[0]!.key]));
  });

  it('GIVEN a message given up for good THEN it is settled, not sent, never claimed again, and an overtaken holder cannot give it up', async () => {
    const { store, row } = ctx();
    const claims = claimsOf('failed', 3);
    const granted = held(await store.claim(claims, LEASE_MS, T0), claims);
    expect(await store.markFailed([granted[0]!], T0)).toEqual(new Set([claims[0]!.key]));
    await store.markSent([granted[1]!], T0);
    expect((await row(claims[0]!.key))?.status).toBe('failed');
    expect(await store.sent(claims.map((c) => c.key))).toEqual(new Set([claims[1]!.key]));
    expect(await store.settled(claims.map((c) => c.key))).toEqual(new Set([claims[0]!.key, claims[1]!.key]));
    // Past the lease: the failed one stays failed; the third is taken over, and its old holder marks nothing.
    const again = await store.claim(claims, LEASE_MS, at(LEASE_MS + 1));
    expect([...again.keys()]).toEqual([claims[2]!.key]);
    expect(await store.markFailed([granted[2]!], at(LEASE_MS + 2))).toEqual(new Set());
    expect((await row(claims[2]!.key))?.status).toBe('sending');
  });

  it('GIVEN nothing to do THEN the empty calls touch nothing', async () => {
    const { store } = ctx();
    expect((await store.claim([], LEASE_MS, T0)).size).toBe(0);
    expect(await store.sent([])).toEqual(new Set());
    expect(await store.settled([])).toEqual(new Set());
    expect(await store.markSent([], T0)).toEqual(new Set());
    expect(await store.markFailed([], T0)).toEqual(new Set());
    await expect(store.release([])).resolves.toBeUndefined();
  });
}
