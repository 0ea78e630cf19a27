import { describe, expect, it } from 'vitest';
import type { Assembly } from '../../src/core/model/entities.js';
import { policySchema } from '../../src/core/model/policy.js';
import type { Store } from '../../src/core/ports/store.port.js';
import { assembly, HOUR, UNKNOWN } from './store-fixtures.js';
import type { ConformanceContext } from './store.conformance.js';

const EPOCH = new Date(0);
const T = new Date('1990-06-01T00:00:00Z');

function appendOne(store: Store, a: Assembly): Promise<void> {
  return store.transaction(async (tx) => {
    await tx.appendEvent(a.id, { type: 'test.event', actorId: null, payload: {} }, T);
  });
}

/** Of the due assemblies (the store is shared with other tests), the ones this test made, in the order returned. */
async function dueOf(store: Store, now: Date, mine: readonly Assembly[]): Promise<string[]> {
  const ids = new Set<string>(mine.map((a) => a.id));
  return (await store.read.dueCheckpoints(now, 100_000)).filter((id) => ids.has(id));
}

export function describeStoreCheckpointConformance(ctx: ConformanceContext): void {
  describe('record checkpoints', () => {
    it('GIVEN a new assembly THEN none was posted and it is due as soon as its chain moves (once), not before', async () => {
      const a = await assembly(ctx.store);
      expect(await ctx.store.read.checkpointOf(a.id)).toEqual({ seq: 0, at: null, dueAt: EPOCH });
      expect(await dueOf(ctx.store, T, [a])).toEqual([]);
      await appendOne(ctx.store, a);
      expect(await dueOf(ctx.store, T, [a])).toEqual([a.id]);
      expect(await ctx.store.read.checkpointOf(UNKNOWN.assembly)).toBeNull();
    });

    it('GIVEN checkpoints marked THEN only moved chains past their due time are due, earliest due first, up to the limit', async () => {
      const [moved, early, notYet, still, off] = await Promise.all([1, 2, 3, 4, 5].map(() => assembly(ctx.store)));
      for (const a of [moved!, early!, notYet!, still!, off!]) await appendOne(ctx.store, a);
      await ctx.store.transaction(async (tx) => {
        await tx.markCheckpoint(moved!.id, { seq: 1, at: T, dueAt: new Date(T.getTime() - 2 * HOUR) });
        await tx.markCheckpoint(early!.id, { seq: 0, at: T, dueAt: new Date(T.getTime() - 3 * HOUR) });
        await tx.markCheckpoint(notYet!.id, { seq: 0, at: T, dueAt: new Date(T.getTime() + 1) });
        await tx.markCheckpoint(still!.id, { seq: 0, at: T, dueAt: new Date(T.getTime() - HOUR) });
        await tx.markCheckpoint(off!.id, { seq: 0, at: T, dueAt: null });
      });
      await appendOne(ctx.store, moved!);
      const mine = [moved!, early!, notYet!, still!, off!];
      expect(await dueOf(ctx.store, T, mine)).toEqual([early!.id, moved!.id, still!.id]);
      expect(await ctx.store.read.checkpointOf(still!.id)).toEqual({ seq: 0, at: T, dueAt: new Date(T.getTime() - HOUR) });
      // The limit cuts the same list.
      const all = await ctx.store.read.dueCheckpoints(T, 100_000);
      expect(all.filter((id) => mine.some((a) => a.id === id))).toEqual([early!.id, moved!.id, still!.id]);
      expect(await ctx.store.read.dueCheckpoints(T, 2)).toEqual(all.slice(0, 2));
    });

    it('GIVEN a checkpoint posted WHEN the policy interval changes THEN the next is due that long after the post; 0 turns it off', async () => {
      const a = await assembly(ctx.store);
      await appendOne(ctx.store, a);
      const policy = (hours: number) => policySchema.parse({ ...a.policy, checkpointHours: hours });
      await ctx.store.transaction((tx) => tx.markCheckpoint(a.id, { seq: 1, at: T, dueAt: new Date(T.getTime() + 24 * HOUR) }));
      await ctx.store.transaction((tx) => tx.updatePolicy(a.id, policy(6)));
      expect(await ctx.store.read.checkpointOf(a.id)).toEqual({ seq: 1, at: T, dueAt: new Date(T.getTime() + 6 * HOUR) });
      expect((await ctx.store.read.assembly(a.id))?.policy.checkpointHours).toBe(6);
      await ctx.store.transaction((tx) => tx.updatePolicy(a.id, policy(0)));
      expect(await ctx.store.read.checkpointOf(a.id)).toEqual({ seq: 1, at: T, dueAt: null });
      await appendOne(ctx.store, a);
      expect(await dueOf(ctx.store, new Date('2999-01-01T00:00:00Z'), [a])).toEqual([]);
    });
  });
}
