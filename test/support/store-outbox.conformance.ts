import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../src/core/model/federation.js';
import type { Store } from '../../src/core/ports/store.port.js';
import { HOUR, unique } from './store-fixtures.js';
import type { ConformanceContext } from './store.conformance.js';

const FAR_FUTURE = new Date('2999-01-01T00:00:00Z');

/**
 * Claims work across the whole outbox, so each test starts from an outbox with
 * nothing pending or dispatched: everything left by earlier tests is claimed
 * and finished. Tests in one file run one after another.
 */
async function settle(store: Store): Promise<void> {
  await store.reclaimStaleOutbox(FAR_FUTURE);
  for (;;) {
    const items = await store.claimOutbox(FAR_FUTURE, 500);
    if (items.length === 0) return;
    for (const item of items) await store.finishOutbox(item.dedupeKey, { ok: true });
  }
}

/** The port's fields only (FakeStore's items carry its bookkeeping too). */
const plain = (o: OutboxItem | undefined): OutboxItem | undefined =>
  o && { id: o.id, kind: o.kind, dedupeKey: o.dedupeKey, payload: o.payload, status: o.status, attempts: o.attempts, availableAt: o.availableAt, lastError: o.lastError };

async function enqueue(store: Store, n: number, availableAt?: Date): Promise<string[]> {
  const keys = Array.from({ length: n }, (_, i) => unique(`job${i}`));
  await store.transaction(async (tx) => {
    for (const [i, key] of keys.entries()) await tx.enqueue('test.job', key, { i }, availableAt);
  });
  return keys;
}

export function describeStoreOutboxConformance(ctx: ConformanceContext): void {
  describe('outbox dispatch', () => {
    it('GIVEN due and future work WHEN claimed THEN the due items come in order, marked dispatched, and are not claimed again', async () => {
      await settle(ctx.store);
      const t = new Date();
      const due = await enqueue(ctx.store, 3, new Date(t.getTime() - HOUR));
      const later = await enqueue(ctx.store, 1, new Date(t.getTime() + HOUR));
      const claimed = await ctx.store.claimOutbox(t, 10);
      expect(claimed.map((o) => o.dedupeKey)).toEqual(due);
      expect(claimed[1]).toMatchObject({ kind: 'test.job', payload: { i: 1 }, status: 'dispatched', attempts: 1, availableAt: new Date(t.getTime() - HOUR), lastError: null });
      expect(new Set(claimed.map((o) => o.id)).size).toBe(3);
      expect(await ctx.store.claimOutbox(t, 10)).toEqual([]);
      expect((await ctx.store.claimOutbox(new Date(t.getTime() + HOUR), 10)).map((o) => o.dedupeKey)).toEqual(later);
    });

    it('GIVEN work enqueued without a time THEN it is due by any clock, even one far in the past', async () => {
      await settle(ctx.store);
      const [key] = await enqueue(ctx.store, 1);
      expect((await ctx.store.claimOutbox(new Date('1990-01-01T00:00:00Z'), 10)).map((o) => o.dedupeKey)).toEqual([key]);
    });

    it('GIVEN more due items than the limit THEN a claim takes the oldest up to the limit and the next claim the rest', async () => {
      await settle(ctx.store);
      const keys = await enqueue(ctx.store, 5);
      const t = new Date();
      expect((await ctx.store.claimOutbox(t, 2)).map((o) => o.dedupeKey)).toEqual(keys.slice(0, 2));
      expect((await ctx.store.claimOutbox(t, 10)).map((o) => o.dedupeKey)).toEqual(keys.slice(2));
      expect(await ctx.store.claimOutbox(t, 0)).toEqual([]);
    });

    it('GIVEN claimed items WHEN released THEN they are pending again and the next claim counts a second attempt', async () => {
      await settle(ctx.store);
      const keys = await enqueue(ctx.store, 2);
      const t = new Date();
      const [first, second] = await ctx.store.claimOutbox(t, 10);
      await ctx.store.releaseOutbox([first!, { id: 'not-an-id', attempts: 1 }, { id: '999999999999', attempts: 1 }]);
      const again = await ctx.store.claimOutbox(t, 10);
      expect(again.map(plain)).toEqual([{ ...plain(first), attempts: 2 }]);
      expect(keys).toEqual([first!.dedupeKey, second!.dedupeKey]);
      // Releasing an item that is no longer dispatched changes nothing.
      await ctx.store.finishOutbox(first!.dedupeKey, { ok: true });
      await ctx.store.releaseOutbox([{ ...first!, attempts: 2 }]);
      expect(await ctx.store.claimOutbox(t, 10)).toEqual([]);
    });

    it('GIVEN claimed items WHEN finished THEN a success is done, a failure is listed with its error, and neither is claimed again', async () => {
      await settle(ctx.store);
      const [okKey, badKey] = await enqueue(ctx.store, 2);
      const t = new Date();
      const [ok, bad] = await ctx.store.claimOutbox(t, 10);
      await ctx.store.finishOutbox(okKey!, { ok: true });
      await ctx.store.finishOutbox(badKey!, { ok: false, error: 'room gone' });
      await ctx.store.finishOutbox(unique('unknown'), { ok: true });
      const failed = await ctx.store.read.outboxFailed(1000);
      expect(failed.filter((o) => o.dedupeKey === badKey).map(plain)).toEqual([{ ...plain(bad), status: 'failed', lastError: 'room gone' }]);
      expect(failed.some((o) => o.dedupeKey === okKey)).toBe(false);
      expect(ok?.dedupeKey).toBe(okKey);
      expect(await ctx.store.reclaimStaleOutbox(FAR_FUTURE)).toBe(0);
      expect(await ctx.store.claimOutbox(FAR_FUTURE, 10)).toEqual([]);
      expect(await ctx.store.read.outboxFailed(0)).toEqual([]);
    });

    it('GIVEN items dispatched but never finished WHEN reclaimed THEN only those claimed before the cut-off are pending again', async () => {
      await settle(ctx.store);
      const [early, late] = await enqueue(ctx.store, 2);
      const t = new Date();
      await ctx.store.claimOutbox(t, 1);
      const t2 = new Date(t.getTime() + 60_000);
      await ctx.store.claimOutbox(t2, 1);
      expect(await ctx.store.reclaimStaleOutbox(t)).toBe(0);
      expect(await ctx.store.reclaimStaleOutbox(new Date(t.getTime() + 1))).toBe(1);
      const reclaimed = await ctx.store.claimOutbox(t2, 10);
      expect(reclaimed.map((o) => [o.dedupeKey, o.attempts])).toEqual([[early, 2]]);
      expect(late).toBeDefined();
    });

    it('GIVEN dispatcher A stalled past the stale cut-off and its item claimed again by B WHEN A releases its claim THEN A is refused and B keeps the item; B may release it', async () => {
      await settle(ctx.store);
      const [key] = await enqueue(ctx.store, 1);
      const t = new Date();
      const [a] = await ctx.store.claimOutbox(t, 10);
      expect(await ctx.store.reclaimStaleOutbox(new Date(t.getTime() + 1))).toBe(1);
      const [b] = await ctx.store.claimOutbox(t, 10);
      expect([a?.dedupeKey, a?.attempts, b?.dedupeKey, b?.attempts]).toEqual([key, 1, key, 2]);
      // A wakes up, fails to enqueue and gives its claim back: B's claim stays B's.
      await ctx.store.releaseOutbox([a!]);
      expect(await ctx.store.claimOutbox(t, 10)).toEqual([]);
      await ctx.store.releaseOutbox([b!]);
      expect((await ctx.store.claimOutbox(t, 10)).map((o) => [o.dedupeKey, o.attempts])).toEqual([[key, 3]]);
    });

    it('GIVEN many due items WHEN several dispatchers claim at once THEN every item is handed out exactly once', async () => {
      await settle(ctx.store);
      const keys = await enqueue(ctx.store, 40);
      const t = new Date();
      const claims = await Promise.all(Array.from({ length: 4 }, () => ctx.store.claimOutbox(t, 15)));
      const rest = await ctx.store.claimOutbox(t, 100);
      const ids = [...claims.flat(), ...rest].map((o) => o.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...claims.flat(), ...rest].map((o) => o.dedupeKey).sort()).toEqual([...keys].sort());
    });
  });
}
