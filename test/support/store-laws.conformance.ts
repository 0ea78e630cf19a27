import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { enactAdopted } from '../../src/core/laws/adopted.js';
import type { NewLaw } from '../../src/core/laws/model.js';
import type { Assembly } from '../../src/core/model/entities.js';
import type { Proposal, Referral } from '../../src/core/relay/model.js';
import type { AssemblyId, MotionId } from '../../src/core/shared/ids.js';
import { asFederationId, asProposalId } from '../../src/core/shared/ids.js';
import type { Store } from '../../src/core/ports/store.port.js';
import { federation } from './store-federation-fixtures.js';
import { assembly, motion, person, UNKNOWN } from './store-fixtures.js';
import type { ConformanceContext } from './store.conformance.js';

const T = new Date('2026-03-01T10:00:00.000Z');
const own = (assemblyId: AssemblyId, title: string, motionNumber: number): NewLaw => ({ assemblyId, title, text: `${title}.`, motionNumber, source: null, at: T });
const PROPOSAL = asProposalId('00000000-0000-7000-8000-0000000000a1');

/** A proposal of a real federation with two versions, adopted. */
async function adopted(store: Store): Promise<{ proposal: Proposal; federationName: string }> {
  const f = await federation(store);
  const proposal = await store.transaction(async (tx) => {
    const p = await tx.relay.createProposal({ federationId: f.fed.id, originAssemblyId: f.root.id, adoptionRule: { kind: 'count', atLeast: 1 }, deadline: null });
    await tx.relay.createVersion({ proposalId: p.id, version: 1, title: 'Night buses', text: 'Buses run all night.', changeNote: null, motionId: null });
    await tx.relay.createVersion({ proposalId: p.id, version: 2, title: 'Night buses', text: 'Buses run all night, every night.', changeNote: 'every night', motionId: null });
    return p;
  });
  return { proposal: { ...proposal, status: 'adopted', adoptedAt: T }, federationName: f.fed.name };
}
const acceptedBy = (p: Proposal, a: Assembly, responseMotionId: MotionId | null, version = 1): { referral: Referral; assembly: Assembly } => ({
  assembly: a,
  referral: { id: randomUUID(), proposalId: p.id, version, assemblyId: a.id, parentReferralId: randomUUID(), depth: 1, status: 'accepted', reason: null, reasonMessage: null, amendmentText: null, responseMotionId, decidedAt: T, memberCount: 1, relayedAt: null, localTotal: 1, accepted: 1, rejected: 0, amendRequested: 0, pending: 0, membersCovered: 1 },
});

export function describeStoreLawConformance(ctx: ConformanceContext): void {
  describe('law books', () => {
    it('GIVEN laws enacted in two assemblies THEN each numbers its own from 1, in order, past 9', async () => {
      const [a, b] = await Promise.all([assembly(ctx.store), assembly(ctx.store)]);
      const made = await ctx.store.transaction(async (tx) => {
        const out = [];
        for (let i = 1; i <= 11; i++) out.push(await tx.laws.enact(own(a.id, `Rule ${i}`, i)));
        out.push(await tx.laws.enact(own(b.id, 'Other', 1)));
        return out;
      });
      expect(made.map((l) => l.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 1]);
      const list = await ctx.store.read.laws.laws(a.id, false);
      expect(list.map((l) => l.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      expect(list[10]).toMatchObject({ status: 'in-force', passedAt: T, repealedAt: null, repealedByMotion: null, source: null, versions: [{ version: 1, title: 'Rule 11', text: 'Rule 11.', motionNumber: 11, at: T.toISOString() }] });
      expect(await ctx.store.read.laws.law(b.id, 1)).toMatchObject({ number: 1, versions: [{ title: 'Other' }] });
      expect(await ctx.store.read.laws.law(a.id, 12)).toBeNull();
      expect(await ctx.store.read.laws.law(a.id, 0)).toBeNull();
      expect(await ctx.store.read.laws.law(a.id, 2 ** 40)).toBeNull();
      expect(await ctx.store.read.laws.laws(UNKNOWN.assembly, true)).toEqual([]);
    });

    it('GIVEN many laws enacted at once across assemblies THEN each assembly continues its own numbering and the sources are kept', async () => {
      const [a, b] = await Promise.all([assembly(ctx.store), assembly(ctx.store)]);
      await ctx.store.transaction((tx) => tx.laws.enact(own(a.id, 'First', 1)));
      const source = { proposalId: PROPOSAL, proposalRef: 'P-1', proposalVersion: 2, federationId: asFederationId('00000000-0000-7000-8000-0000000000f1'), federationName: 'Valley', referralId: 'r1', acceptedByMotion: null };
      const made = await ctx.store.transaction((tx) =>
        tx.laws.enactMany([
          { ...own(a.id, 'From above', 0), motionNumber: null, source },
          { ...own(b.id, 'From above', 0), motionNumber: null, source },
          own(a.id, 'Second own', 3),
        ]),
      );
      expect(made.map((l) => [l.assemblyId, l.number])).toEqual([
        [a.id, 2],
        [b.id, 1],
        [a.id, 3],
      ]);
      expect(await ctx.store.read.laws.lawFromProposal(a.id, PROPOSAL)).toMatchObject({ number: 2, source });
      expect(await ctx.store.read.laws.lawFromProposal(a.id, asProposalId('00000000-0000-7000-8000-0000000000a2'))).toBeNull();
      expect(await ctx.store.transaction((tx) => tx.laws.enactMany([]))).toEqual([]);
    });

    it('GIVEN laws from a proposal in some assemblies THEN one read finds the newest of each, and one write appends versions to many (twice to one) in order', async () => {
      const [a, b, c] = await Promise.all([assembly(ctx.store), assembly(ctx.store), assembly(ctx.store)]);
      const source = { proposalId: PROPOSAL, proposalRef: 'P-1', proposalVersion: 1, federationId: asFederationId('00000000-0000-7000-8000-0000000000f1'), federationName: 'Valley', referralId: 'r1', acceptedByMotion: null };
      const fromAbove = (id: AssemblyId): NewLaw => ({ ...own(id, 'From above', 0), motionNumber: null, source });
      const [a1, , a3, b1] = await ctx.store.transaction((tx) => tx.laws.enactMany([fromAbove(a.id), own(a.id, 'Own', 2), fromAbove(a.id), fromAbove(b.id)]));
      const found = await ctx.store.transaction((tx) => tx.laws.lawsFromProposal([a.id, b.id, c.id, a.id, UNKNOWN.assembly], PROPOSAL));
      expect([...found.keys()].sort()).toEqual([a.id, b.id].sort());
      expect(found.get(a.id)).toMatchObject({ id: a3?.id, number: 3, source });
      expect(found.get(b.id)).toMatchObject({ id: b1?.id, number: 1 });
      expect((await ctx.store.transaction((tx) => tx.laws.lawsFromProposal([], PROPOSAL))).size).toBe(0);
      expect((await ctx.store.transaction((tx) => tx.laws.lawsFromProposal([a.id], asProposalId('00000000-0000-7000-8000-0000000000a2')))).size).toBe(0);

      const v = (version: number, text: string) => ({ version, title: 'From above', text, motionNumber: null, at: T.toISOString() });
      await ctx.store.transaction((tx) =>
        tx.laws.addVersions([
          { lawId: a3?.id ?? '', version: v(2, 'Second.') },
          { lawId: b1?.id ?? '', version: v(2, 'Second.') },
          { lawId: a3?.id ?? '', version: v(3, 'Third.') },
          { lawId: 'not-an-id', version: v(9, 'Nowhere.') },
        ]),
      );
      await ctx.store.transaction((tx) => tx.laws.addVersions([]));
      expect((await ctx.store.read.laws.law(a.id, 3))?.versions.map((x) => [x.version, x.text])).toEqual([
        [1, 'From above.'],
        [2, 'Second.'],
        [3, 'Third.'],
      ]);
      expect((await ctx.store.read.laws.law(b.id, 1))?.versions.map((x) => x.text)).toEqual(['From above.', 'Second.']);
      expect((await ctx.store.read.laws.law(a.id, 1))?.id).toBe(a1?.id);
      expect((await ctx.store.read.laws.law(a.id, 1))?.versions).toHaveLength(1);
    });

    it('GIVEN a law amended and repealed THEN its versions are kept in order, it leaves the list in force, and a second repeal changes nothing', async () => {
      const a = await assembly(ctx.store);
      const law = await ctx.store.transaction((tx) => tx.laws.enact(own(a.id, 'Quiet', 1)));
      const later = new Date(T.getTime() + 1000);
      await ctx.store.transaction((tx) => tx.laws.addVersion(law.id, { version: 2, title: 'Quiet', text: 'Quieter.', motionNumber: 2, at: later.toISOString() }));
      await ctx.store.transaction((tx) => tx.laws.repeal(law.id, 3, later));
      await ctx.store.transaction((tx) => tx.laws.repeal(law.id, 4, new Date(later.getTime() + 1)));
      const got = await ctx.store.read.laws.law(a.id, 1);
      expect(got).toMatchObject({ status: 'repealed', repealedByMotion: 3, repealedAt: later });
      expect(got?.versions.map((v) => [v.version, v.text, v.motionNumber])).toEqual([
        [1, 'Quiet.', 1],
        [2, 'Quieter.', 2],
      ]);
      expect(await ctx.store.read.laws.laws(a.id, false)).toEqual([]);
      expect((await ctx.store.read.laws.laws(a.id, true)).map((l) => l.number)).toEqual([1]);
    });

    it('GIVEN notes kept under a law THEN they come back oldest first and an annulment is found by the motion it struck', async () => {
      const a = await assembly(ctx.store);
      const law = await ctx.store.transaction((tx) => tx.laws.enact(own(a.id, 'Quiet', 1)));
      await ctx.store.transaction(async (tx) => {
        await tx.laws.addNote({ lawId: law.id, kind: 'report', text: 'All quiet.', targetMotionId: null, payload: { by: 'Committee' }, at: new Date(T.getTime() + 2) });
        await tx.laws.addNote({ lawId: law.id, kind: 'annulment', text: 'Struck.', targetMotionId: UNKNOWN.motion, payload: { circle: 'Garden', circleMotion: 3 }, at: new Date(T.getTime() + 1) });
      });
      const notes = await ctx.store.read.laws.notes(law.id);
      expect(notes.map((n) => [n.kind, n.text])).toEqual([
        ['annulment', 'Struck.'],
        ['report', 'All quiet.'],
      ]);
      expect(await ctx.store.read.laws.annulmentOf(UNKNOWN.motion)).toMatchObject({ kind: 'annulment', payload: { circle: 'Garden', circleMotion: 3 } });
      expect(await ctx.store.read.laws.annulmentOf(law.id as never)).toBeNull();
      expect(await ctx.store.read.laws.notes('not-an-id')).toEqual([]);
    });

    it('GIVEN laws taken in from proposals THEN the batch reads find the newest per assembly, and only passed motions have their numbers read', async () => {
      const [a, b, c] = await Promise.all([assembly(ctx.store), assembly(ctx.store), assembly(ctx.store)]);
      const source = { proposalId: PROPOSAL, proposalRef: 'P-1', proposalVersion: 1, federationId: asFederationId('00000000-0000-7000-8000-0000000000f1'), federationName: 'Valley', referralId: 'r1', acceptedByMotion: null };
      await ctx.store.transaction((tx) => tx.laws.enactMany([own(a.id, 'Own', 1), { ...own(a.id, 'Old', 0), motionNumber: null, source }, { ...own(a.id, 'New', 0), motionNumber: null, source }, { ...own(b.id, 'Only', 0), motionNumber: null, source }]));
      const found = await ctx.store.read.laws.lawsFromProposal([a.id, b.id, c.id, a.id, UNKNOWN.assembly], PROPOSAL);
      expect([...found.entries()].map(([id, l]) => [id, l.number, l.versions[0]?.title]).sort()).toEqual([[a.id, 3, 'New'], [b.id, 1, 'Only']].sort());
      expect((await ctx.store.read.laws.lawsFromProposal([], PROPOSAL)).size).toBe(0);
      const mover = await person(ctx.store);
      const [passed, open] = await Promise.all([motion(ctx.store, a, mover.id), motion(ctx.store, a, mover.id)]);
      await ctx.store.transaction((tx) => tx.updateMotion(passed.id, { status: 'passed', closedAt: T }));
      const numbers = await ctx.store.read.laws.passedMotionNumbers([passed.id, open.id, UNKNOWN.motion, 'not-an-id' as MotionId]);
      expect([...numbers.entries()]).toEqual([[passed.id, passed.number]]);
      expect((await ctx.store.read.laws.passedMotionNumbers([])).size).toBe(0);
    });

    it('GIVEN versions appended in one batch, a law twice THEN each law gets them in the order given and other laws are untouched', async () => {
      const a = await assembly(ctx.store);
      const [x, y, z] = await ctx.store.transaction((tx) => tx.laws.enactMany([own(a.id, 'X', 1), own(a.id, 'Y', 2), own(a.id, 'Z', 3)]));
      const v = (version: number, text: string) => ({ version, title: 'T', text, motionNumber: null, at: T.toISOString() });
      await ctx.store.transaction(async (tx) => {
        await tx.laws.lockBooks([a.id, a.id, UNKNOWN.assembly]);
        await tx.laws.addVersions([
          { lawId: x!.id, version: v(2, 'x2') },
          { lawId: z!.id, version: v(2, 'z2') },
          { lawId: x!.id, version: v(3, 'x3') },
          { lawId: 'not-an-id', version: v(2, 'lost') },
        ]);
        await tx.laws.addVersions([]);
      });
      const texts = async (n: number) => (await ctx.store.read.laws.law(a.id, n))?.versions.map((ver) => [ver.version, ver.text]);
      expect(await texts(1)).toEqual([[1, 'X.'], [2, 'x2'], [3, 'x3']]);
      expect(await texts(2)).toEqual([[1, 'Y.']]);
      expect(await texts(3)).toEqual([[1, 'Z.'], [2, 'z2']]);
      expect(y).toBeDefined();
    });

    it('GIVEN an adopted proposal taken in by assemblies that accepted it THEN each law names the response motion that accepted it, only when that motion passed, and a later version accepted becomes the next text', async () => {
      const [a, b, c] = await Promise.all([assembly(ctx.store), assembly(ctx.store), assembly(ctx.store)]);
      const mover = await person(ctx.store);
      const [ma, mb] = [await motion(ctx.store, a, mover.id), await motion(ctx.store, b, mover.id)];
      const mb2 = await motion(ctx.store, b, mover.id);
      await ctx.store.transaction((tx) => tx.updateMotion(ma.id, { status: 'passed', closedAt: T }));
      const { proposal: p, federationName } = await adopted(ctx.store);
      // b's response motion has not passed (a decision recorded in bulk): the law names no motion; c answered without one.
      await ctx.store.transaction((tx) => enactAdopted(tx, p, [acceptedBy(p, a, ma.id), acceptedBy(p, b, mb.id), acceptedBy(p, c, null)], T));
      const lawOf = async (x: Assembly) => (await ctx.store.read.laws.lawFromProposal(x.id, p.id))!;
      expect((await lawOf(a)).source).toMatchObject({ proposalId: p.id, proposalRef: `P-${p.number}`, proposalVersion: 1, federationName, acceptedByMotion: ma.number });
      expect((await lawOf(a)).versions).toMatchObject([{ version: 1, title: 'Night buses', text: 'Buses run all night.', motionNumber: null }]);
      expect((await lawOf(b)).source).toMatchObject({ acceptedByMotion: null });
      expect((await lawOf(c)).source).toMatchObject({ acceptedByMotion: null });
      expect((await ctx.store.read.events(a.id)).find((e) => e.type === 'law.enacted')?.payload).toMatchObject({ law: 1, acceptedByMotion: ma.number });
      // Version 2 accepted by b's next motion: the same law takes the new text; a (already on it) and c are unchanged.
      await ctx.store.transaction((tx) => tx.updateMotion(mb2.id, { status: 'passed', closedAt: T }));
      const p2 = { ...p, currentVersion: 2 };
      await ctx.store.transaction((tx) => enactAdopted(tx, p2, [acceptedBy(p2, b, mb2.id, 2), acceptedBy(p2, a, ma.id, 1)], T));
      expect((await lawOf(b)).versions.map((v) => [v.version, v.text])).toEqual([
        [1, 'Buses run all night.'],
        [2, 'Buses run all night, every night.'],
      ]);
      expect((await lawOf(a)).versions.map((v) => v.version)).toEqual([1]);
      expect((await ctx.store.read.events(b.id)).find((e) => e.type === 'law.amended')?.payload).toMatchObject({ law: 1, version: 2, acceptedByMotion: mb2.number });
      expect((await ctx.store.read.laws.laws(b.id, true)).map((l) => l.number)).toEqual([1]);
    });

    it('GIVEN a transaction that fails after enacting THEN no law is left behind', async () => {
      const a = await assembly(ctx.store);
      await expect(
        ctx.store.transaction(async (tx) => {
          await tx.laws.enact(own(a.id, 'Doomed', 1));
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await ctx.store.read.laws.laws(a.id, true)).toEqual([]);
    });
  });
}
