import { describe, expect, it } from 'vitest';
import type { MotionResult } from '../../src/core/model/entities.js';
import { assembly, HOUR, motion, newMotion, person, UNKNOWN } from './store-fixtures.js';
import type { ConformanceContext } from './store.conformance.js';

const RESULT: MotionResult = { outcome: 'passed', eligible: 10, ballots: 7, quorumMet: true, summary: '5 yes, 2 no', tally: { yes: 5, no: 2, abstain: 0 }, winners: [] };

export function describeStoreMotionConformance(ctx: ConformanceContext): void {
  describe('motions and seconds', () => {
    it('GIVEN two assemblies WHEN motions are created THEN each assembly numbers its own 1, 2, 3', async () => {
      const [a, b, ann] = [await assembly(ctx.store), await assembly(ctx.store), await person(ctx.store)];
      const numbers: number[] = [];
      for (const target of [a, a, b, a, b]) numbers.push((await motion(ctx.store, target, ann.id)).number);
      expect(numbers).toEqual([1, 2, 1, 3, 2]);
    });

    it('GIVEN a motion with every field set THEN it reads back exactly as created', async () => {
      const [a, ann] = [await assembly(ctx.store), await person(ctx.store)];
      const input = newMotion(a, ann.id, {
        kind: 'proposal-draft',
        method: 'ranked',
        options: ['Tea', 'Coffee', 'Mate'],
        seats: 2,
        quorum: { num: 1, den: 3, strict: true },
        threshold: { num: 2, den: 3, strict: false },
        secret: true,
        secondsRequired: 2,
        payload: { proposal: 'p-1', nested: { list: [1, 'two', null], flag: true }, dropped: undefined },
        votingHours: 24,
        status: 'proposed',
        opensAt: null,
        closesAt: new Date(Date.now() + 24 * HOUR),
      });
      const created = await ctx.store.transaction((tx) => tx.createMotion(input));
      const { dropped: _dropped, ...payload } = input.payload;
      expect(created).toMatchObject({ ...input, payload, number: 1, closedAt: null, result: null });
      expect(created.createdAt).toBeInstanceOf(Date);
      expect(await ctx.store.read.motion(created.id)).toEqual(created);
      expect(await ctx.store.read.motionByNumber(a.id, 1)).toEqual(created);
      expect(await ctx.store.read.motionByNumber(a.id, 2)).toBeNull();
      expect(await ctx.store.read.motion(UNKNOWN.motion)).toBeNull();
    });

    it('GIVEN several motions THEN motions lists them newest first, filtered by status and limited', async () => {
      const [a, ann] = [await assembly(ctx.store), await person(ctx.store)];
      await motion(ctx.store, a, ann.id, { status: 'open' });
      await motion(ctx.store, a, ann.id, { status: 'proposed' });
      await motion(ctx.store, a, ann.id, { status: 'open' });
      expect((await ctx.store.read.motions(a.id)).map((m) => m.number)).toEqual([3, 2, 1]);
      expect((await ctx.store.read.motions(a.id, ['open'])).map((m) => m.number)).toEqual([3, 1]);
      expect((await ctx.store.read.motions(a.id, ['open', 'proposed'], 2)).map((m) => m.number)).toEqual([3, 2]);
      expect(await ctx.store.read.motions(a.id, ['passed'])).toEqual([]);
    });

    it('GIVEN a motion WHEN updated THEN only the given fields change, and a result can be stored and cleared', async () => {
      const [a, ann] = [await assembly(ctx.store), await person(ctx.store)];
      const m = await motion(ctx.store, a, ann.id, { status: 'proposed', opensAt: null, closesAt: null });
      const opensAt = new Date();
      const closesAt = new Date(opensAt.getTime() + HOUR);
      const opened = await ctx.store.transaction((tx) => tx.updateMotion(m.id, { status: 'open', opensAt, closesAt }));
      expect(opened).toEqual({ ...m, status: 'open', opensAt, closesAt });
      const closed = await ctx.store.transaction((tx) => tx.updateMotion(m.id, { status: 'passed', closedAt: closesAt, result: RESULT }));
      expect(closed).toEqual({ ...opened, status: 'passed', closedAt: closesAt, result: RESULT });
      expect(await ctx.store.read.motion(m.id)).toEqual(closed);
      const cleared = await ctx.store.transaction((tx) => tx.updateMotion(m.id, { result: null, closesAt: null }));
      expect(cleared).toEqual({ ...closed, result: null, closesAt: null });
    });

    it('GIVEN no such motion WHEN updated THEN the transaction rejects', async () => {
      await expect(ctx.store.transaction((tx) => tx.updateMotion(UNKNOWN.motion, { status: 'failed' }))).rejects.toThrow();
    });

    it('GIVEN a motion WHEN locked THEN the lock returns the current motion, and nothing for an unknown id', async () => {
      const [a, ann] = [await assembly(ctx.store), await person(ctx.store)];
      const m = await motion(ctx.store, a, ann.id);
      expect(await ctx.store.transaction((tx) => tx.lockMotion(m.id))).toEqual(m);
      expect(await ctx.store.transaction((tx) => tx.lockMotion(UNKNOWN.motion))).toBeNull();
    });

    it('GIVEN an assembly whose policy changed WHEN locked THEN the lock returns it as committed now, and nothing for an unknown id', async () => {
      const a = await assembly(ctx.store);
      await ctx.store.transaction((tx) => tx.updatePolicy(a.id, { ...a.policy, earlyClose: !a.policy.earlyClose }));
      const locked = await ctx.store.transaction((tx) => tx.lockAssembly(a.id));
      expect(locked?.policy.earlyClose).toBe(!a.policy.earlyClose);
      expect(await ctx.store.transaction((tx) => tx.lockAssembly(UNKNOWN.assembly))).toBeNull();
    });

    // Order is not part of the port (FakeStore keeps insertion order); PrismaStore's earliest-first order is tested beside it.
    it('GIVEN motions past and before their closing time THEN dueMotions gives the open and proposed ones past it', async () => {
      const [a, ann] = [await assembly(ctx.store), await person(ctx.store)];
      // Far in the past, so these come before anything other tests left behind.
      const t = new Date('2001-01-01T00:00:00Z').getTime();
      const at = (h: number): Date => new Date(t + h * HOUR);
      const late = await motion(ctx.store, a, ann.id, { status: 'open', closesAt: at(3) });
      const early = await motion(ctx.store, a, ann.id, { status: 'proposed', closesAt: at(1) });
      await motion(ctx.store, a, ann.id, { status: 'open', closesAt: at(10) });
      await motion(ctx.store, a, ann.id, { status: 'passed', closesAt: at(2) });
      await motion(ctx.store, a, ann.id, { status: 'proposed', closesAt: null });
      const mine = (list: readonly { assemblyId: string; number: number }[]): number[] =>
        list
          .filter((m) => m.assemblyId === a.id)
          .map((m) => m.number)
          .sort((x, y) => x - y);
      expect(mine(await ctx.store.read.dueMotions(at(5), 1000))).toEqual([late.number, early.number]);
      expect(mine(await ctx.store.read.dueMotions(at(3), 1000))).toEqual([late.number, early.number]);
      expect(mine(await ctx.store.read.dueMotions(at(1), 1))).toEqual([early.number]);
      expect(mine(await ctx.store.read.dueMotions(new Date(t), 1000))).toEqual([]);
    });

    it('GIVEN a motion WHEN the same person seconds it twice THEN only the first counts', async () => {
      const [a, ann, bob] = [await assembly(ctx.store), await person(ctx.store), await person(ctx.store)];
      const m = await motion(ctx.store, a, ann.id, { status: 'proposed', secondsRequired: 2 });
      expect(await ctx.store.transaction((tx) => tx.addSecond(m.id, bob.id))).toBe(true);
      expect(await ctx.store.transaction((tx) => tx.addSecond(m.id, bob.id))).toBe(false);
      expect(await ctx.store.transaction((tx) => tx.addSecond(m.id, ann.id))).toBe(true);
      expect([...(await ctx.store.read.seconds(m.id))].sort()).toEqual([ann.id, bob.id].sort());
      expect(await ctx.store.read.seconds(UNKNOWN.motion)).toEqual([]);
    });
  });
}
