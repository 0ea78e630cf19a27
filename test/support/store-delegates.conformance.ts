import { describe, expect, it } from 'vitest';
import type { Choice } from '../../src/core/model/entities.js';
import { byId, federation, member, seat } from './store-federation-fixtures.js';
import { assembly, ballotOf, cast, HOUR, motion, no, person, UNKNOWN, yes } from './store-fixtures.js';
import type { ConformanceContext, StoreConformanceOptions } from './store.conformance.js';

const abstain: Choice = { kind: 'yes-no-abstain', value: 'abstain' };

export function describeStoreDelegateConformance(ctx: ConformanceContext, options: StoreConformanceOptions): void {
  describe('seats, nominations, mandates and a person’s ballots', () => {
    it('GIVEN seats on two edges THEN each filter, alone or combined, finds exactly its seats', async () => {
      const f = await federation(ctx.store);
      const [north, south] = [await member(ctx.store, f), await member(ctx.store, f)];
      const [ana, ben] = [await person(ctx.store), await person(ctx.store)];
      const startedAt = new Date(Date.now() - HOUR);
      const anaNorth = await seat(ctx.store, north.edge, ana.id, startedAt);
      const benNorth = await seat(ctx.store, north.edge, ben.id);
      const benSouth = await seat(ctx.store, south.edge, ben.id);
      expect(anaNorth).toMatchObject({ edgeId: north.edge.id, homeAssemblyId: north.local.id, parentAssemblyId: f.root.id, personId: ana.id, status: 'active', startedAt, endedAt: null, termEndsAt: null, electedByMotionId: null });
      expect(await ctx.store.read.seat(anaNorth.id)).toEqual(anaNorth);
      const r = ctx.store.read;
      expect(byId(await r.seats({ edgeId: north.edge.id }))).toEqual(byId([anaNorth, benNorth]));
      expect(byId(await r.seats({ parentAssemblyId: f.root.id }))).toEqual(byId([anaNorth, benNorth, benSouth]));
      expect(await r.seats({ homeAssemblyId: south.local.id })).toEqual([benSouth]);
      expect(byId(await r.seats({ personId: ben.id }))).toEqual(byId([benNorth, benSouth]));
      expect(await r.seats({ personId: ben.id, edgeId: south.edge.id, status: 'active' })).toEqual([benSouth]);
      expect(await r.seats({ personId: ben.id, status: 'recalled' })).toEqual([]);
      expect(await r.seats({ edgeId: north.edge.id, personId: UNKNOWN.person })).toEqual([]);
      const all = await r.seats({});
      expect(all.map((s) => s.id)).toEqual(expect.arrayContaining([anaNorth.id, benNorth.id, benSouth.id]));
    });

    it('GIVEN an active seat WHEN recalled or ended THEN it records the status and time and leaves the active filter', async () => {
      const f = await federation(ctx.store);
      const { edge } = await member(ctx.store, f);
      const [ana, ben] = [await person(ctx.store), await person(ctx.store)];
      const recall = await motion(ctx.store, await assembly(ctx.store), ana.id);
      const [anaSeat, benSeat] = [await seat(ctx.store, edge, ana.id), await seat(ctx.store, edge, ben.id)];
      const at = new Date(Date.now() + HOUR);
      await ctx.store.transaction(async (tx) => {
        await tx.endSeat(anaSeat.id, 'recalled', at, recall.id);
        await tx.endSeat(benSeat.id, 'ended', at, null);
      });
      expect(await ctx.store.read.seat(anaSeat.id)).toEqual({ ...anaSeat, status: 'recalled', endedAt: at });
      expect(await ctx.store.read.seat(benSeat.id)).toEqual({ ...benSeat, status: 'ended', endedAt: at });
      expect(await ctx.store.read.seats({ edgeId: edge.id, status: 'active' })).toEqual([]);
      expect(await ctx.store.read.seats({ edgeId: edge.id, status: 'recalled' })).toEqual([{ ...anaSeat, status: 'recalled', endedAt: at }]);
      // A recalled delegate may be elected again: the ended seat is history.
      const again = await seat(ctx.store, edge, ana.id);
      expect(await ctx.store.read.seats({ edgeId: edge.id, status: 'active' })).toEqual([again]);
    });

    it.skipIf(!options.enforcesUniqueIndexes)('GIVEN an active seat WHEN the same person gets a second active seat on the same edge THEN it fails', async () => {
      const f = await federation(ctx.store);
      const { edge } = await member(ctx.store, f);
      const ana = await person(ctx.store);
      const first = await seat(ctx.store, edge, ana.id);
      await expect(seat(ctx.store, edge, ana.id)).rejects.toThrow();
      expect(await ctx.store.read.seats({ edgeId: edge.id })).toEqual([first]);
    });

    it('GIVEN nominations WHEN one is accepted and some are taken into an election THEN only the others stay open', async () => {
      const f = await federation(ctx.store);
      const { local, edge } = await member(ctx.store, f);
      const [ana, ben, cy] = [await person(ctx.store), await person(ctx.store), await person(ctx.store)];
      const nominate = (who: typeof ana, by: typeof ana) => ctx.store.transaction((tx) => tx.createNomination({ homeAssemblyId: local.id, edgeId: edge.id, personId: who.id, nominatedById: by.id }));
      const [nAna, nBen, nCy] = [await nominate(ana, ana), await nominate(ben, ana), await nominate(cy, cy)];
      expect(nBen).toMatchObject({ homeAssemblyId: local.id, edgeId: edge.id, personId: ben.id, nominatedById: ana.id, acceptedAt: null, electionMotionId: null });
      expect(byId(await ctx.store.read.openNominations(edge.id))).toEqual(byId([nAna, nBen, nCy]));

      const at = new Date();
      await ctx.store.transaction((tx) => tx.acceptNomination(nBen.id, at));
      expect((await ctx.store.read.openNominations(edge.id)).find((n) => n.id === nBen.id)).toEqual({ ...nBen, acceptedAt: at });

      const election = await motion(ctx.store, local, ana.id, { kind: 'election' });
      await ctx.store.transaction((tx) => tx.useNominations([nAna.id, nBen.id], election.id));
      expect(await ctx.store.read.openNominations(edge.id)).toEqual([nCy]);
      // A withdrawn nomination is no longer open; withdrawing again changes nothing.
      await ctx.store.transaction((tx) => tx.withdrawNomination(nCy.id, at));
      await ctx.store.transaction((tx) => tx.withdrawNomination(nCy.id, new Date(at.getTime() + HOUR)));
      expect(await ctx.store.read.openNominations(edge.id)).toEqual([]);
      await ctx.store.transaction((tx) => tx.withdrawNomination(UNKNOWN.motion, at));
      expect(await ctx.store.read.openNominations(UNKNOWN.motion)).toEqual([]);
    });

    it('GIVEN nominations for a committee and for an edge of its local assembly THEN each list holds only its own, and accepting, taking into an election and withdrawing work alike', async () => {
      const f = await federation(ctx.store);
      const { local, edge } = await member(ctx.store, f);
      const committee = await ctx.store.transaction((tx) => tx.createAssembly({ kind: 'committee', name: `Committee ${local.name}`, level: 0, parentAssemblyId: local.id, policy: local.policy }));
      const [ana, ben, cy] = [await person(ctx.store), await person(ctx.store), await person(ctx.store)];
      const forCommittee = (who: typeof ana) => ctx.store.transaction((tx) => tx.createNomination({ homeAssemblyId: local.id, committeeId: committee.id, personId: who.id, nominatedById: ana.id }));
      const [cAna, cBen, cCy] = [await forCommittee(ana), await forCommittee(ben), await forCommittee(cy)];
      const eAna = await ctx.store.transaction((tx) => tx.createNomination({ homeAssemblyId: local.id, edgeId: edge.id, personId: ana.id, nominatedById: ana.id }));
      expect(cBen).toMatchObject({ homeAssemblyId: local.id, committeeId: committee.id, edgeId: null, personId: ben.id, acceptedAt: null, electionMotionId: null });
      expect(eAna).toMatchObject({ edgeId: edge.id, committeeId: null });
      expect(byId(await ctx.store.read.openCommitteeNominations(committee.id))).toEqual(byId([cAna, cBen, cCy]));
      expect(await ctx.store.read.openNominations(edge.id)).toEqual([eAna]);
      const at = new Date();
      await ctx.store.transaction((tx) => tx.acceptNomination(cBen.id, at));
      await ctx.store.transaction((tx) => tx.withdrawNomination(cCy.id, at));
      const election = await motion(ctx.store, local, ana.id, { kind: 'election' });
      await ctx.store.transaction((tx) => tx.useNominations([cAna.id], election.id));
      expect(await ctx.store.read.openCommitteeNominations(committee.id)).toEqual([{ ...cBen, acceptedAt: at }]);
      expect(await ctx.store.read.openNominations(edge.id)).toEqual([eAna]);
      expect(await ctx.store.read.openCommitteeNominations(local.id)).toEqual([]);
      expect(await ctx.store.read.openCommitteeNominations(UNKNOWN.assembly)).toEqual([]);
    });

    it('GIVEN mandates on an upstairs motion THEN they are listed for it and for no other motion', async () => {
      const f = await federation(ctx.store);
      const [north, south] = [await member(ctx.store, f), await member(ctx.store, f)];
      const ana = await person(ctx.store);
      const [upstairs, other] = [await motion(ctx.store, f.root, ana.id), await motion(ctx.store, f.root, ana.id)];
      const northMandate = { homeAssemblyId: north.local.id, upstairsMotionId: upstairs.id, instruction: yes, motionId: (await motion(ctx.store, north.local, ana.id, { kind: 'mandate' })).id };
      const southMandate = { homeAssemblyId: south.local.id, upstairsMotionId: upstairs.id, instruction: no, motionId: (await motion(ctx.store, south.local, ana.id, { kind: 'mandate' })).id };
      await ctx.store.transaction(async (tx) => {
        await tx.createMandate(northMandate);
        await tx.createMandate(southMandate);
      });
      const listed = await ctx.store.read.mandates(upstairs.id);
      expect([...listed].sort((a, b) => a.homeAssemblyId.localeCompare(b.homeAssemblyId))).toEqual([northMandate, southMandate].sort((a, b) => a.homeAssemblyId.localeCompare(b.homeAssemblyId)));
      expect(await ctx.store.read.mandates(other.id)).toEqual([]);
    });

    it('GIVEN ballots of a person in two assemblies, one voided, THEN ballotsOf lists that assembly’s newest motion first, voided flagged, up to the limit', async () => {
      const [here, elsewhere] = [await assembly(ctx.store), await assembly(ctx.store)];
      const [ana, ben] = [await person(ctx.store), await person(ctx.store)];
      const [m1, m2, m3] = [await motion(ctx.store, here, ana.id), await motion(ctx.store, here, ana.id), await motion(ctx.store, here, ana.id)];
      const away = await motion(ctx.store, elsewhere, ana.id);
      await ctx.store.transaction(async (tx) => {
        for (const [a, p] of [[here, ana], [here, ben], [elsewhere, ana]] as const) await tx.upsertMembership({ assemblyId: a.id, personId: p.id, status: 'active', role: 'member' });
      });
      const t = Date.now();
      const [b1, b3] = [ballotOf(m1, ana, yes, new Date(t)), ballotOf(m3, ana, abstain, new Date(t + 1))];
      const b2 = ballotOf(m2, ana, no, new Date(t + 2));
      await cast(ctx.store, m1, [b1, ballotOf(m1, ben, no)]);
      await cast(ctx.store, m3, [b3]);
      await cast(ctx.store, m2, [b2]);
      await cast(ctx.store, away, [ballotOf(away, ana)]);
      await ctx.store.transaction((tx) => tx.voidBallots(m2.id, ana.id, new Date()));

      expect(await ctx.store.read.ballotsOf(ana.id, here.id, 10)).toEqual([
        { ...b3, voided: false },
        { ...b2, voided: true },
        { ...b1, voided: false },
      ]);
      expect(await ctx.store.read.ballotsOf(ana.id, here.id, 2)).toEqual([
        { ...b3, voided: false },
        { ...b2, voided: true },
      ]);
      expect(await ctx.store.read.ballotsOf(ana.id, elsewhere.id, 10)).toHaveLength(1);
      expect(await ctx.store.read.ballotsOf(UNKNOWN.person, here.id, 10)).toEqual([]);
    });
  });
}
