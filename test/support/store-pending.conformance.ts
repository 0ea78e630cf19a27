import { describe, expect, it } from 'vitest';
import { assembly, ballotOf, cast, HOUR, motion, person, UNKNOWN } from './store-fixtures.js';
import type { ConformanceContext } from './store.conformance.js';

export function describeStorePendingConformance(ctx: ConformanceContext): void {
  describe('pending ballots (what needs my vote)', () => {
    it('GIVEN open motions in two assemblies THEN pendingFor lists those without a current ballot, earliest deadline first, with the assembly name', async () => {
      const [a, b, ann, ben] = [await assembly(ctx.store), await assembly(ctx.store), await person(ctx.store), await person(ctx.store)];
      await ctx.store.transaction(async (tx) => {
        for (const x of [a, b]) for (const p of [ann, ben]) await tx.upsertMembership({ assemblyId: x.id, personId: p.id, status: 'active', role: 'member' });
      });
      const t = Date.now();
      const late = await motion(ctx.store, a, ben.id, { closesAt: new Date(t + 5 * HOUR) });
      const soon = await motion(ctx.store, b, ben.id, { closesAt: new Date(t + 1 * HOUR) });
      const voted = await motion(ctx.store, a, ben.id, { closesAt: new Date(t + 2 * HOUR) });
      await motion(ctx.store, a, ben.id, { status: 'proposed', closesAt: new Date(t + 3 * HOUR) });
      await motion(ctx.store, b, ben.id, { status: 'passed', closesAt: new Date(t - HOUR) });
      await cast(ctx.store, voted, [ballotOf(voted, ann)]);
      const pending = await ctx.store.read.pendingFor(ann.id, 10);
      expect(pending.map((p) => [p.assemblyName, p.motion.id])).toEqual([
        [b.name, soon.id],
        [a.name, late.id],
      ]);
      expect(pending[0]?.motion).toEqual(soon);
      // Ben voted on nothing: the voted motion is still his.
      expect((await ctx.store.read.pendingFor(ben.id, 10)).map((p) => p.motion.id)).toEqual([soon.id, voted.id, late.id]);
      expect((await ctx.store.read.pendingFor(ben.id, 2)).map((p) => p.motion.id)).toEqual([soon.id, voted.id]);
    });

    it('GIVEN a voided ballot, a membership that ended and a stranger THEN only active members see the motion, and a voided ballot is no ballot', async () => {
      const [a, ann, ben, cy] = [await assembly(ctx.store), await person(ctx.store), await person(ctx.store), await person(ctx.store)];
      const m = await motion(ctx.store, a, ann.id);
      await cast(ctx.store, m, [ballotOf(m, ann), ballotOf(m, ben)]);
      await ctx.store.transaction(async (tx) => {
        await tx.voidBallots(m.id, ann.id, new Date());
        await tx.upsertMembership({ assemblyId: a.id, personId: ben.id, status: 'left', role: 'member' });
      });
      expect((await ctx.store.read.pendingFor(ann.id, 10)).map((p) => p.motion.id)).toEqual([m.id]);
      expect(await ctx.store.read.pendingFor(ben.id, 10)).toEqual([]);
      expect(await ctx.store.read.pendingFor(cy.id, 10)).toEqual([]);
      expect(await ctx.store.read.pendingFor(UNKNOWN.person, 10)).toEqual([]);
    });
  });
}
