import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, verifyChain } from '../../src/core/events/hash-chain.js';
import { assembly, ballotOf, cast, castRaw, HOUR, motion, no, person, plenary, UNKNOWN, yes } from './store-fixtures.js';
import type { ConformanceContext } from './store.conformance.js';

export function describeStoreBallotConformance(ctx: ConformanceContext): void {
  describe('ballots', () => {
    it('GIVEN a batch with a non-member and an excluded member THEN only the active member is counted, and the others are refused as not-member', async () => {
      const { motion: m, voters } = await plenary(ctx.store, 3);
      const [ann, bob, cyd] = voters as [(typeof voters)[0], (typeof voters)[0], (typeof voters)[0]];
      await ctx.store.transaction(async (tx) => {
        await tx.upsertMembership({ assemblyId: m.assemblyId, personId: ann.id, status: 'active', role: 'member' });
        await tx.upsertMembership({ assemblyId: m.assemblyId, personId: cyd.id, status: 'excluded', role: 'member' });
      });
      expect(await castRaw(ctx.store, m, [ballotOf(m, ann), ballotOf(m, bob), ballotOf(m, cyd)])).toEqual({ outcomes: ['cast', 'not-member', 'not-member'] });
      expect(await ctx.store.read.countBallots(m.id)).toBe(1);
    });

    it('GIVEN an open motion WHEN a person votes and then votes again THEN the first is cast, the second changes it, and one ballot counts', async () => {
      const { motion: m, voters } = await plenary(ctx.store, 2);
      const [ann, bob] = voters as [(typeof voters)[0], (typeof voters)[0]];
      const first = ballotOf(m, ann, yes);
      expect(await cast(ctx.store, m, [first, ballotOf(m, bob, no)])).toEqual({ outcomes: ['cast', 'cast'] });
      const again = ballotOf(m, ann, no, new Date(first.castAt.getTime() + 1000));
      expect(await cast(ctx.store, m, [again])).toEqual({ outcomes: ['changed'] });
      expect(await ctx.store.read.ballot(m.id, ann.id)).toEqual(again);
      expect(await ctx.store.read.ballot(m.id, UNKNOWN.person)).toBeNull();
      expect(await ctx.store.read.countBallots(m.id)).toBe(2);
      const current = await ctx.store.read.ballots(m.id);
      expect(current.map((b) => [b.personId, b.choice]).sort()).toEqual([[ann.id, no], [bob.id, no]].sort());
    });

    it('GIVEN votes and changes THEN the history keeps every ballot in order', async () => {
      const { motion: m, voters } = await plenary(ctx.store, 2);
      const [ann, bob] = voters as [(typeof voters)[0], (typeof voters)[0]];
      await cast(ctx.store, m, [ballotOf(m, ann, yes)]);
      await cast(ctx.store, m, [ballotOf(m, bob, yes), ballotOf(m, ann, no)]);
      await cast(ctx.store, m, [ballotOf(m, ann, yes)]);
      expect((await ctx.probe.ballotHistory(m.id)).map((h) => [h.personId, h.choice])).toEqual([
        [ann.id, yes],
        [bob.id, yes],
        [ann.id, no],
        [ann.id, yes],
      ]);
    });

    it('GIVEN one person twice in one batch THEN the first is cast, the second changes it, and the later ballot stands', async () => {
      const { motion: m, voters } = await plenary(ctx.store, 1);
      const [ann] = voters as [(typeof voters)[0]];
      const t = Date.now();
      const later = ballotOf(m, ann, no, new Date(t + 1));
      expect(await cast(ctx.store, m, [ballotOf(m, ann, yes, new Date(t)), later])).toEqual({ outcomes: ['cast', 'changed'] });
      expect(await ctx.store.read.ballots(m.id)).toEqual([later]);
      expect((await ctx.store.read.events(m.assemblyId)).map((e) => e.type)).toEqual(['ballot.cast', 'ballot.changed']);
    });

    it('GIVEN a current ballot WHEN the person sends the same choice again THEN it is unchanged: no history, no record, the ballot keeps its time', async () => {
      const { motion: m, voters } = await plenary(ctx.store, 1);
      const [ann] = voters as [(typeof voters)[0]];
      const first = ballotOf(m, ann, yes);
      await cast(ctx.store, m, [first]);
      const events = (await ctx.store.read.events(m.assemblyId)).length;
      expect(await cast(ctx.store, m, [ballotOf(m, ann, yes, new Date(first.castAt.getTime() + 1000))])).toEqual({ outcomes: ['unchanged'] });
      expect(await ctx.store.read.ballot(m.id, ann.id)).toEqual(first);
      expect(await ctx.probe.ballotHistory(m.id)).toHaveLength(1);
      expect(await ctx.store.read.events(m.assemblyId)).toHaveLength(events);
    });

    it('GIVEN one batch yes, yes, no, no, yes from one person THEN each is compared with the one before: cast, unchanged, changed, unchanged, changed, as the history shows', async () => {
      const { motion: m, voters } = await plenary(ctx.store, 1);
      const [ann] = voters as [(typeof voters)[0]];
      const t = Date.now();
      const batch = [yes, yes, no, no, yes].map((c, i) => ballotOf(m, ann, c, new Date(t + i)));
      expect(await cast(ctx.store, m, batch)).toEqual({ outcomes: ['cast', 'unchanged', 'changed', 'unchanged', 'changed'] });
      expect((await ctx.probe.ballotHistory(m.id)).map((h) => h.choice)).toEqual([yes, no, yes]);
      expect(await ctx.store.read.ballots(m.id)).toEqual([batch[4]]);
      expect((await ctx.store.read.events(m.assemblyId)).map((e) => e.type)).toEqual(['ballot.cast', 'ballot.changed', 'ballot.changed']);
    });

    it('GIVEN a voided ballot WHEN the person sends the same choice again THEN it is a fresh cast, not unchanged', async () => {
      const { motion: m, voters } = await plenary(ctx.store, 1);
      const [ann] = voters as [(typeof voters)[0]];
      await cast(ctx.store, m, [ballotOf(m, ann, yes)]);
      await ctx.store.transaction((tx) => tx.voidBallots(m.id, ann.id, new Date()));
      expect(await cast(ctx.store, m, [ballotOf(m, ann, yes)])).toEqual({ outcomes: ['cast'] });
      expect(await ctx.store.read.countBallots(m.id)).toBe(1);
    });

    it('GIVEN a motion that is not open, or past its closing time, WHEN ballots arrive THEN all are refused and nothing is written', async () => {
      const a = await assembly(ctx.store);
      const ann = await person(ctx.store);
      const past = new Date(Date.now() - HOUR);
      const motions = [
        await motion(ctx.store, a, ann.id, { status: 'proposed' }),
        await motion(ctx.store, a, ann.id, { status: 'passed' }),
        await motion(ctx.store, a, ann.id, { status: 'open', closesAt: past }),
      ];
      for (const m of motions) {
        expect(await cast(ctx.store, m, [ballotOf(m, ann), ballotOf(m, ann, no)])).toEqual({ outcomes: ['closed', 'closed'] });
        expect(await ctx.store.read.countBallots(m.id)).toBe(0);
        expect(await ctx.probe.ballotHistory(m.id)).toEqual([]);
      }
      const exactlyAtClose = await motion(ctx.store, a, ann.id, { status: 'open', closesAt: past });
      expect(await cast(ctx.store, exactlyAtClose, [ballotOf(exactlyAtClose, ann, yes, past)])).toEqual({ outcomes: ['closed'] });
      expect(await ctx.store.read.events(a.id)).toEqual([]);
    });

    it('GIVEN an open motion without a closing time THEN ballots are accepted', async () => {
      const a = await assembly(ctx.store);
      const ann = await person(ctx.store);
      const m = await motion(ctx.store, a, ann.id, { closesAt: null });
      expect(await cast(ctx.store, m, [ballotOf(m, ann)])).toEqual({ outcomes: ['cast'] });
    });

    it('GIVEN a ballot WHEN voided THEN it no longer counts, a second void does nothing, and a new vote is a fresh cast', async () => {
      const { motion: m, voters } = await plenary(ctx.store, 1);
      const [ann] = voters as [(typeof voters)[0]];
      await cast(ctx.store, m, [ballotOf(m, ann)]);
      expect(await ctx.store.transaction((tx) => tx.voidBallots(m.id, ann.id, new Date()))).toBe(true);
      expect(await ctx.store.transaction((tx) => tx.voidBallots(m.id, ann.id, new Date()))).toBe(false);
      expect(await ctx.store.read.ballot(m.id, ann.id)).toBeNull();
      expect(await ctx.store.read.ballots(m.id)).toEqual([]);
      expect(await ctx.store.read.countBallots(m.id)).toBe(0);
      expect(await cast(ctx.store, m, [ballotOf(m, ann, no)])).toEqual({ outcomes: ['cast'] });
      expect(await ctx.store.read.countBallots(m.id)).toBe(1);
      expect(await ctx.store.transaction((tx) => tx.voidBallots(m.id, UNKNOWN.person, new Date()))).toBe(false);
    });

    it('GIVEN ballots of an active member, one who left, one excluded and one already voided THEN strayBallots names exactly the left and the excluded', async () => {
      const { motion: m, voters } = await plenary(ctx.store, 4);
      const [ann, bob, cyd, dee] = voters as [(typeof voters)[0], (typeof voters)[0], (typeof voters)[0], (typeof voters)[0]];
      await cast(ctx.store, m, [ballotOf(m, ann), ballotOf(m, bob), ballotOf(m, cyd), ballotOf(m, dee)]);
      expect(await ctx.store.read.strayBallots(m.id)).toEqual([]);
      await ctx.store.transaction(async (tx) => {
        await tx.upsertMembership({ assemblyId: m.assemblyId, personId: bob.id, status: 'left', role: 'member' });
        await tx.upsertMembership({ assemblyId: m.assemblyId, personId: cyd.id, status: 'excluded', role: 'member' });
        await tx.upsertMembership({ assemblyId: m.assemblyId, personId: dee.id, status: 'left', role: 'member' });
        await tx.voidBallots(m.id, dee.id, new Date());
      });
      expect([...(await ctx.store.read.strayBallots(m.id))].sort()).toEqual([bob.id, cyd.id].sort());
      expect(await ctx.store.read.strayBallots(UNKNOWN.motion)).toEqual([]);
    });

    it('GIVEN two concurrent batches with the same person THEN exactly one ballot stands, one cast and one changed', async () => {
      const { motion: m, voters } = await plenary(ctx.store, 1);
      const [ann] = voters as [(typeof voters)[0]];
      const results = await Promise.all([cast(ctx.store, m, [ballotOf(m, ann, yes)]), cast(ctx.store, m, [ballotOf(m, ann, no)])]);
      expect(results.flatMap((r) => r.outcomes).sort()).toEqual(['cast', 'changed']);
      expect(await ctx.store.read.countBallots(m.id)).toBe(1);
      expect(await ctx.probe.ballotHistory(m.id)).toHaveLength(2);
    });
  });

  describe('the hash-chained record', () => {
    it('GIVEN events from appendEvent, ballot batches and a failed transaction THEN seqs run 1..n and the chain verifies', async () => {
      const { assembly: a, motion: m, voters } = await plenary(ctx.store, 3);
      const at = new Date();
      const first = await ctx.store.transaction((tx) => tx.appendEvent(a.id, { type: 'assembly.created', actorId: null, payload: { name: a.name, note: undefined } }, at));
      expect(first).toMatchObject({ assemblyId: a.id, seq: 1, type: 'assembly.created', actorId: null, payload: { name: a.name }, at, prevHash: GENESIS_HASH });
      await cast(ctx.store, m, voters.map((v) => ballotOf(m, v)));
      await ctx.store.transaction(() => Promise.reject(new Error('rolled back'))).catch(() => undefined);
      await ctx.store.transaction(async (tx) => {
        await tx.appendEvent(a.id, { type: 'motion.closed', actorId: voters[0]!.id, payload: { z: 1, a: [{ y: 2, x: 'é"\\' }] } }, new Date());
        await tx.appendEvent(a.id, { type: 'note', actorId: null, payload: {} }, new Date());
      });
      await cast(ctx.store, m, [ballotOf(m, voters[1]!, no)]);
      const events = await ctx.store.read.events(a.id);
      expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(events.map((e) => e.type)).toEqual(['assembly.created', 'ballot.cast', 'ballot.cast', 'ballot.cast', 'motion.closed', 'note', 'ballot.changed']);
      expect(events[0]).toEqual(first);
      expect(events[1]?.actorId).toBe(voters[0]!.id);
      expect(verifyChain(events)).toEqual([]);
    });

    it('GIVEN a chain THEN events pages after a seq, and other assemblies have their own chain', async () => {
      const [a, b] = [await assembly(ctx.store), await assembly(ctx.store)];
      await ctx.store.transaction(async (tx) => {
        for (let i = 0; i < 5; i++) await tx.appendEvent(a.id, { type: 'tick', actorId: null, payload: { i } }, new Date());
        await tx.appendEvent(b.id, { type: 'tock', actorId: null, payload: {} }, new Date());
      });
      const all = await ctx.store.read.events(a.id);
      expect((await ctx.store.read.events(a.id, 2, 2)).map((e) => e.seq)).toEqual([3, 4]);
      expect(verifyChain(await ctx.store.read.events(a.id, 2), all[1]!.hash, 3)).toEqual([]);
      expect(await ctx.store.read.events(b.id)).toMatchObject([{ seq: 1, prevHash: GENESIS_HASH }]);
      expect(await ctx.store.read.events(UNKNOWN.assembly)).toEqual([]);
    });

    it('GIVEN no such assembly WHEN an event is appended THEN the transaction rejects', async () => {
      await expect(ctx.store.transaction((tx) => tx.appendEvent(UNKNOWN.assembly, { type: 'x', actorId: null, payload: {} }, new Date()))).rejects.toThrow();
    });
  });

  describe('merging persons', () => {
    it('GIVEN two persons WHEN merged THEN memberships, ballots and accounts move, and the target keeps its own membership', async () => {
      const [home, shared, ann, annToo] = [await assembly(ctx.store), await assembly(ctx.store), await person(ctx.store, 'Ann'), await person(ctx.store, 'Ann too')];
      const mine = await motion(ctx.store, home, annToo.id);
      await ctx.store.transaction(async (tx) => {
        await tx.upsertMembership({ assemblyId: home.id, personId: annToo.id, status: 'active', role: 'facilitator' });
        await tx.upsertMembership({ assemblyId: shared.id, personId: annToo.id, status: 'left', role: 'member' });
        await tx.upsertMembership({ assemblyId: shared.id, personId: ann.id, status: 'active', role: 'member' });
      });
      const moved = await ctx.store.read.membership(home.id, annToo.id);
      const ballot = ballotOf(mine, annToo, no);
      await cast(ctx.store, mine, [ballot]);
      const [account] = await ctx.store.read.accountsOf(annToo.id);

      expect(await ctx.store.transaction((tx) => tx.mergePersons(annToo.id, ann.id))).toBe(true);
      expect(await ctx.store.read.membership(home.id, ann.id)).toEqual({ ...moved, personId: ann.id });
      expect(await ctx.store.read.membership(shared.id, ann.id)).toMatchObject({ status: 'active' });
      expect(await ctx.store.read.membership(home.id, annToo.id)).toBeNull();
      expect(await ctx.store.read.membership(shared.id, annToo.id)).toBeNull();
      expect(await ctx.store.read.ballot(mine.id, ann.id)).toEqual({ ...ballot, personId: ann.id });
      expect(await ctx.store.read.ballot(mine.id, annToo.id)).toBeNull();
      expect(await ctx.store.read.personByAccount(account!.platform, account!.externalId)).toMatchObject({ id: ann.id });
      expect(await ctx.store.read.accountsOf(annToo.id)).toEqual([]);
    });

    it('GIVEN both persons voted on the same motion WHEN merged THEN it is refused and nothing changes', async () => {
      const { assembly: a, motion: m, voters } = await plenary(ctx.store, 2);
      const [ann, annToo] = voters as [(typeof voters)[0], (typeof voters)[0]];
      await ctx.store.transaction((tx) => tx.upsertMembership({ assemblyId: a.id, personId: annToo.id, status: 'active', role: 'member' }));
      await cast(ctx.store, m, [ballotOf(m, ann, yes), ballotOf(m, annToo, no)]);
      const accounts = await ctx.store.read.accountsOf(annToo.id);

      expect(await ctx.store.transaction((tx) => tx.mergePersons(annToo.id, ann.id))).toBe(false);
      expect(await ctx.store.read.membership(a.id, annToo.id)).toMatchObject({ status: 'active' });
      expect(await ctx.store.read.membership(a.id, ann.id)).toMatchObject({ status: 'active' });
      expect((await ctx.store.read.ballot(m.id, annToo.id))?.choice).toEqual(no);
      expect((await ctx.store.read.ballot(m.id, ann.id))?.choice).toEqual(yes);
      expect(await ctx.store.read.accountsOf(annToo.id)).toEqual(accounts);
    });
  });
}
