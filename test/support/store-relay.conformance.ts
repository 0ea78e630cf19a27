import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Referral, SubtreeTally } from '../../src/core/relay/model.js';
import { asAssemblyId, asFederationId, asMotionId, asProposalId, type AssemblyId } from '../../src/core/shared/ids.js';
import { MALFORMED } from './store-federation-fixtures.js';
import { HOUR, UNKNOWN } from './store-fixtures.js';
import { proposal, referral, relayTree, settle, tally, type RelayTree } from './store-relay-fixtures.js';
import { describeStoreRelayBulkConformance } from './store-relay-bulk.conformance.js';
import { describeStoreRelayPagingConformance } from './store-relay-paging.conformance.js';
import type { ConformanceContext } from './store.conformance.js';

const UNKNOWN_ID = '00000000-0000-7000-8000-00000000000a';
const ids = (xs: readonly { id: string }[]): string[] => xs.map((x) => x.id);
const sorted = (xs: readonly AssemblyId[]): AssemblyId[] => [...xs].sort();

/**
 * The relay's half of the store (`StoreTx.relay`, `StoreReads.relay`):
 * proposals, the referral tree and its rollup. The bulk writes it shares
 * with the rest of the store are in store-relay-bulk.conformance.ts.
 */
export function describeStoreRelayConformance(ctx: ConformanceContext): void {
  describe('relay: proposals and versions', () => {
    it('GIVEN two proposals THEN the second gets a higher number; both are found by id, number and origin, newest first', async () => {
      const tree = await relayTree(ctx.store);
      const deadline = new Date(Date.now() + 24 * HOUR);
      const first = await proposal(ctx.store, tree, deadline);
      const second = await proposal(ctx.store, tree);
      expect(second.number).toBeGreaterThan(first.number);
      expect(first).toMatchObject({ federationId: tree.fed.id, originAssemblyId: tree.root.id, status: 'open', adoptionRule: { kind: 'count', atLeast: 2 }, deadline, currentVersion: 1, adoptedAt: null, closedAt: null });
      expect(first.createdAt).toBeInstanceOf(Date);
      const r = ctx.store.read.relay;
      expect(await r.proposal(first.id)).toEqual(first);
      expect(await r.proposalByNumber(second.number)).toEqual(second);
      expect(await r.proposalsOf(tree.root.id, 10)).toEqual([second, first]);
      expect(await r.proposalsOf(tree.root.id, 1)).toEqual([second]);
      expect(await ctx.store.transaction((tx) => tx.relay.lockProposal(first.id))).toEqual(first);
    });

    it('GIVEN a proposal WHEN updated THEN only the given fields change', async () => {
      const p = await proposal(ctx.store, await relayTree(ctx.store));
      const at = new Date(Date.now() + HOUR);
      await ctx.store.transaction((tx) => tx.relay.updateProposal(p.id, { status: 'adopted', adoptedAt: at }));
      expect(await ctx.store.read.relay.proposal(p.id)).toEqual({ ...p, status: 'adopted', adoptedAt: at });
      await ctx.store.transaction((tx) => tx.relay.updateProposal(p.id, { currentVersion: 2, closedAt: at, adoptedAt: null }));
      expect(await ctx.store.read.relay.proposal(p.id)).toEqual({ ...p, status: 'adopted', currentVersion: 2, closedAt: at, adoptedAt: null });
    });

    it('GIVEN live proposals past their deadline THEN dueProposals lists them, not closed, ended or later ones', async () => {
      const tree = await relayTree(ctx.store);
      const t = new Date('2001-01-01T00:00:00Z').getTime();
      const [due, adopted, closed, ended, later, none] = [
        await proposal(ctx.store, tree, new Date(t - HOUR)),
        await proposal(ctx.store, tree, new Date(t)),
        await proposal(ctx.store, tree, new Date(t - HOUR)),
        await proposal(ctx.store, tree, new Date(t - HOUR)),
        await proposal(ctx.store, tree, new Date(t + HOUR)),
        await proposal(ctx.store, tree),
      ];
      await ctx.store.transaction(async (tx) => {
        await tx.relay.updateProposal(adopted.id, { status: 'adopted' });
        await tx.relay.updateProposal(closed.id, { status: 'adopted', closedAt: new Date(t) });
        await tx.relay.updateProposal(ended.id, { status: 'withdrawn' });
      });
      const mine = new Set(ids([due, adopted, closed, ended, later, none]));
      const found = (await ctx.store.read.relay.dueProposals(new Date(t), 1000)).filter((p) => mine.has(p.id));
      expect(ids(found).sort()).toEqual(ids([due, adopted]).sort());
    });

    it('GIVEN versions of a proposal THEN each is found, listed in order, and a version twice is refused', async () => {
      const p = await proposal(ctx.store, await relayTree(ctx.store));
      const v1 = await ctx.store.transaction((tx) => tx.relay.createVersion({ proposalId: p.id, version: 1, title: 'Buses', text: 'Hourly.', changeNote: null, motionId: null }));
      const v2 = await ctx.store.transaction((tx) => tx.relay.createVersion({ proposalId: p.id, version: 2, title: 'Buses', text: 'Half-hourly.', changeNote: 'More often.', motionId: null }));
      expect(v1).toMatchObject({ proposalId: p.id, version: 1, title: 'Buses', text: 'Hourly.', changeNote: null, motionId: null });
      expect(v1.createdAt).toBeInstanceOf(Date);
      expect(await ctx.store.read.relay.version(p.id, 2)).toEqual(v2);
      expect(await ctx.store.read.relay.versions(p.id)).toEqual([v1, v2]);
      expect(await ctx.store.read.relay.version(p.id, 3)).toBeNull();
      await expect(ctx.store.transaction((tx) => tx.relay.createVersion({ proposalId: p.id, version: 2, title: 'x', text: 'y', changeNote: null, motionId: null }))).rejects.toThrow();
      expect(await ctx.store.read.relay.versions(p.id)).toEqual([v1, v2]);
    });
  });

  describe('relay: the federation tree', () => {
    it('GIVEN a three-level tree THEN localsBelow counts the level-0 assemblies under each, through active edges of that federation only', async () => {
      const t = await relayTree(ctx.store);
      const counts = await ctx.store.transaction((tx) => tx.relay.localsBelow(t.fed.id, [t.root.id, t.d1.id, t.d2.id, t.l1.id, t.circle.id, t.gone.id, t.root.id, UNKNOWN.assembly]));
      // root: l1 l2 l5 (d1) + l3 circle (d2) + l4 l6. Not the left edge, l1's own circle or the other federation's member.
      expect(Object.fromEntries(counts)).toEqual({ [t.root.id]: 7, [t.d1.id]: 3, [t.d2.id]: 2, [t.l1.id]: 1, [t.circle.id]: 1, [t.gone.id]: 1, [UNKNOWN.assembly]: 0 });
      const other = await ctx.store.transaction((tx) => tx.relay.localsBelow(asFederationId(UNKNOWN_ID), [t.root.id, t.d1.id]));
      expect(Object.fromEntries(other)).toEqual({ [t.root.id]: 0, [t.d1.id]: 0 });
    });

    it('GIVEN a proposal THEN relayChildren gives the active members not yet referred, in id order, with rooms and subtree sizes, at most limit', async () => {
      const t = await relayTree(ctx.store);
      const p = await proposal(ctx.store, t);
      const room = { platform: 'console' as const, roomId: `room-${t.d1.id}`, assemblyId: t.d1.id, purpose: 'main' as const };
      await ctx.store.transaction((tx) => tx.bindRoom(room));
      const root = referral(p.id, t.root, { depth: 0, localTotal: 7, status: 'accepted' });
      await ctx.store.transaction((tx) => tx.relay.createReferrals([root]));
      const [rootRef, d1Ref, d2Ref] = [root.id, randomUUID(), randomUUID()];
      const q = { federationId: t.fed.id, parents: [{ assemblyId: t.root.id, referralId: rootRef }], proposalId: p.id, version: 1, limit: 10 };
      const all = await ctx.store.transaction((tx) => tx.relay.relayChildren(q));
      expect(all.map((c) => c.assembly.id)).toEqual(sorted([t.d1.id, t.d2.id, t.l4.id, t.l6.id]));
      const d1 = all.find((c) => c.assembly.id === t.d1.id);
      expect(d1).toEqual({ parentAssemblyId: t.root.id, assembly: t.d1, bindings: [room], localsInSubtree: 3 });
      expect(all.find((c) => c.assembly.id === t.l4.id)).toMatchObject({ bindings: [], localsInSubtree: 1 });

      // Referred (in this version) children are left out; the limit applies after that.
      const [first] = sorted([t.d1.id, t.d2.id, t.l4.id, t.l6.id]);
      const firstChild = [t.d1, t.d2, t.l4, t.l6].find((a) => a.id === first);
      await ctx.store.transaction((tx) => tx.relay.createReferrals([referral(p.id, firstChild!, { parent: root, depth: 1, localTotal: 1 }), referral(p.id, t.d2, { parent: root, depth: 1, localTotal: 2, version: 2 })]));
      const rest = await ctx.store.transaction((tx) => tx.relay.relayChildren({ ...q, limit: 2 }));
      expect(rest.map((c) => c.assembly.id)).toEqual(sorted([t.d1.id, t.d2.id, t.l4.id, t.l6.id]).slice(1, 3));
      const below = await ctx.store.transaction((tx) => tx.relay.relayChildren({ ...q, parents: [{ assemblyId: t.d1.id, referralId: d1Ref }] }));
      expect(below.map((c) => c.assembly.id)).toEqual(sorted([t.l1.id, t.l2.id, t.l5.id]));
      // Several parents at once: grouped by parent (in id order), each group in id order.
      const both = await ctx.store.transaction((tx) => tx.relay.relayChildren({ ...q, parents: [{ assemblyId: t.d1.id, referralId: d1Ref }, { assemblyId: t.d2.id, referralId: d2Ref }] }));
      const byParent = [t.d1.id, t.d2.id].sort();
      expect(both.map((c) => c.parentAssemblyId)).toEqual(both.map((c) => c.parentAssemblyId).sort());
      expect(new Set(both.map((c) => c.parentAssemblyId))).toEqual(new Set(byParent));
      expect(both.filter((c) => c.parentAssemblyId === t.d1.id).map((c) => c.assembly.id)).toEqual(sorted([t.l1.id, t.l2.id, t.l5.id]));
    });

    it('GIVEN ids that are no UUIDs THEN relay reads find nothing and writes change nothing, without failing', async () => {
      const r = ctx.store.read.relay;
      for (const id of MALFORMED) {
        expect(await r.proposal(asProposalId(id))).toBeNull();
        expect(await r.referral(id)).toBeNull();
        expect(await r.referralFor(asProposalId(id), 1, asAssemblyId(id))).toBeNull();
        expect(await r.childReferrals(id, 10)).toEqual([]);
        expect(await r.referralsTo(asAssemblyId(id), 10)).toEqual([]);
        expect(await r.versions(asProposalId(id))).toEqual([]);
        expect(await r.agendaItems(asAssemblyId(id), 10)).toEqual([]);
        expect((await r.assembliesWithBindings([asAssemblyId(id)])).size).toBe(0);
        await ctx.store.transaction(async (tx) => {
          expect(await tx.relay.lockReferrals([id])).toEqual([]);
          await tx.relay.markRelayed([id], new Date());
          await tx.relay.endReferrals([id], 'expired', false);
          expect(await tx.relay.closeMotions([asMotionId(id)], 'expired', new Date())).toEqual([]);
          expect(await tx.relay.maxDirtyDepth(asProposalId(id), 1)).toBeNull();
          expect(await tx.relay.rollupDepth(asProposalId(id), 1, 0, 10)).toBe(0);
        });
      }
      expect(await r.proposalByNumber(2 ** 40)).toBeNull();
    });
  });

  describeReferrals(ctx);
  describeStoreRelayBulkConformance(ctx);
  describeStoreRelayPagingConformance(ctx);
}

/** Root accepted; d1, d2, l4 referred (l6 not yet); d1 accepted, d2 rejected; l1, l2, l5 referred below d1 and decided. */
async function decidedTree(ctx: ConformanceContext): Promise<{ t: RelayTree; p: Awaited<ReturnType<typeof proposal>>; r: Record<string, Referral> }> {
  const t = await relayTree(ctx.store);
  const p = await proposal(ctx.store, t);
  const root = referral(p.id, t.root, { depth: 0, localTotal: 7, status: 'accepted' });
  const [d1, d2, l4] = [referral(p.id, t.d1, { parent: root, depth: 1, localTotal: 3 }), referral(p.id, t.d2, { parent: root, depth: 1, localTotal: 2 }), referral(p.id, t.l4, { parent: root, depth: 1, localTotal: 1 })];
  const base = new Date('2002-02-02T00:00:00Z').getTime();
  const at = (minutes: number): Date => new Date(base + minutes * 60_000);
  await ctx.store.transaction(async (tx) => {
    await tx.relay.createReferrals([root, d1, d2, l4]);
    await tx.relay.markRelayed([root.id], at(0));
    await tx.relay.decide([
      { referralId: d1.id, status: 'accepted', reason: null, amendmentText: null, at: at(1) },
      { referralId: d2.id, status: 'rejected', reason: 'Not our business.', amendmentText: null, at: at(2) },
    ]);
  });
  const [l1, l2, l5] = [referral(p.id, t.l1, { parent: d1, depth: 2, localTotal: 1 }), referral(p.id, t.l2, { parent: d1, depth: 2, localTotal: 1 }), referral(p.id, t.l5, { parent: d1, depth: 2, localTotal: 1 })];
  await ctx.store.transaction(async (tx) => {
    await tx.relay.createReferrals([l1, l2, l5]);
    await tx.relay.markRelayed([d1.id], at(3));
    await tx.relay.decide([
      { referralId: l5.id, status: 'rejected', reason: 'Too dear.', reasonMessage: { id: 'law.note.requireLeave', params: { circle: 'C', federation: 'F', motion: 4, hasWhy: 'no', why: '' } }, amendmentText: null, at: at(4) },
      { referralId: l1.id, status: 'accepted', reason: null, amendmentText: null, at: at(5) },
      { referralId: l2.id, status: 'amend-requested', reason: null, amendmentText: 'On Sundays too.', at: at(6) },
    ]);
  });
  const r: Record<string, Referral> = {};
  for (const [name, row] of Object.entries({ root, d1, d2, l4, l1, l2, l5 })) {
    const read = await ctx.store.read.relay.referral(row.id);
    if (read) r[name] = read;
  }
  return { t, p, r };
}

const zero = { accepted: 0, rejected: 0, amendRequested: 0, pending: 0, membersCovered: 0 };

function describeReferrals(ctx: ConformanceContext): void {
  describe('relay: referrals and the rollup', () => {
    it('GIVEN new referrals THEN they start pending with pending = localTotal, clean, and are found every way', async () => {
      const { t, p, r } = await decidedTree(ctx);
      const relay = ctx.store.read.relay;
      expect(r.l4).toMatchObject({ proposalId: p.id, version: 1, assemblyId: t.l4.id, parentReferralId: r.root?.id, depth: 1, status: 'pending', reason: null, reasonMessage: null, amendmentText: null, responseMotionId: null, decidedAt: null, memberCount: 0, relayedAt: null, localTotal: 1, ...zero, pending: 1 });
      expect(r.root).toMatchObject({ status: 'accepted', relayedAt: new Date('2002-02-02T00:00:00Z'), localTotal: 7, pending: 7 });
      expect(r.d2).toMatchObject({ status: 'rejected', reason: 'Not our business.', reasonMessage: null, decidedAt: new Date('2002-02-02T00:02:00Z') });
      // A reason Plenary wrote keeps its message beside the English, read back as written.
      expect(r.l5?.reasonMessage).toEqual({ id: 'law.note.requireLeave', params: { circle: 'C', federation: 'F', motion: 4, hasWhy: 'no', why: '' } });
      expect(r.l1).toMatchObject({ status: 'accepted', memberCount: 3 });
      expect(r.l2).toMatchObject({ status: 'amend-requested', amendmentText: 'On Sundays too.', memberCount: 2 });
      expect(await relay.rootReferral(p.id, 1)).toEqual(r.root);
      expect(await relay.referralFor(p.id, 1, t.d1.id)).toEqual(r.d1);
      expect(await relay.referralFor(p.id, 2, t.d1.id)).toBeNull();
      const kids = [r.d1, r.d2, r.l4].sort((a, b) => (a!.assemblyId < b!.assemblyId ? -1 : 1));
      expect(await relay.childReferrals(r.root!.id, 10)).toEqual(kids);
      expect(await relay.childReferrals(r.root!.id, 1, kids[0]!.assemblyId)).toEqual([kids[1]]);
      expect(await relay.referralsTo(t.d1.id, 10)).toEqual([r.d1]);
      expect(await relay.referralsTo(t.root.id, 10)).toEqual([]);
      expect(await relay.levelCounts(p.id, 1)).toEqual([
        { depth: 0, status: 'accepted', count: 1 },
        { depth: 1, status: 'accepted', count: 1 },
        { depth: 1, status: 'pending', count: 1 },
        { depth: 1, status: 'rejected', count: 1 },
        { depth: 2, status: 'accepted', count: 1 },
        { depth: 2, status: 'amend-requested', count: 1 },
        { depth: 2, status: 'rejected', count: 1 },
      ]);
      const rejected = await relay.decided(p.id, 1, 'rejected', 10);
      expect(rejected.map((x) => [x.id, x.assemblyName])).toEqual([[r.d2!.id, t.d2.name], [r.l5!.id, t.l5.name]]);
      expect((await relay.decided(p.id, 1, 'rejected', 1)).map((x) => x.id)).toEqual([r.d2!.id]);
      expect(await relay.decided(p.id, 1, 'amend-requested', 10)).toEqual([{ ...r.l2, assemblyName: t.l2.name }]);
    });

    it('GIVEN a referral for an assembly twice THEN the first stays; WHEN marked relayed twice THEN the first time stays', async () => {
      const t = await relayTree(ctx.store);
      const p = await proposal(ctx.store, t);
      const first = referral(p.id, t.root, { depth: 0, localTotal: 7, status: 'accepted' });
      await ctx.store.transaction((tx) => tx.relay.createReferrals([first, referral(p.id, t.root, { depth: 0, localTotal: 99 })]));
      await ctx.store.transaction((tx) => tx.relay.createReferrals([referral(p.id, t.root, { depth: 0, localTotal: 98 })]));
      expect(await ctx.store.read.relay.rootReferral(p.id, 1)).toMatchObject({ id: first.id, localTotal: 7 });
      const [a, b] = [new Date('2003-01-01T00:00:00Z'), new Date('2003-01-02T00:00:00Z')];
      await ctx.store.transaction((tx) => tx.relay.markRelayed([first.id], a));
      await ctx.store.transaction((tx) => tx.relay.markRelayed([first.id], b));
      expect((await ctx.store.read.relay.referral(first.id))?.relayedAt).toEqual(a);
    });

    it('GIVEN a decided tree WHEN rolled up bottom-up THEN each referral holds its subtree counts and the version settles', async () => {
      const { p, r } = await decidedTree(ctx);
      expect(await ctx.store.read.relay.dirtyVersions(100_000)).toContainEqual({ proposalId: p.id, version: 1 });
      expect(await ctx.store.transaction((tx) => tx.relay.maxDirtyDepth(p.id, 1))).toBe(2);
      await settle(ctx.store, p.id);
      expect(await ctx.store.transaction((tx) => tx.relay.maxDirtyDepth(p.id, 1))).toBeNull();
      expect(await ctx.store.read.relay.dirtyVersions(100_000)).not.toContainEqual({ proposalId: p.id, version: 1 });
      const read = async (name: string) => tally(await ctx.store.read.relay.referral(r[name]!.id));
      expect(await read('l1')).toEqual({ localTotal: 1, ...zero, accepted: 1, membersCovered: 3 });
      expect(await read('l2')).toEqual({ localTotal: 1, ...zero, amendRequested: 1 });
      expect(await read('l5')).toEqual({ localTotal: 1, ...zero, rejected: 1 });
      expect(await read('l4')).toEqual({ localTotal: 1, ...zero, pending: 1 });
      expect(await read('d1')).toEqual({ localTotal: 3, accepted: 1, rejected: 1, amendRequested: 1, pending: 0, membersCovered: 3 });
      // d2 rejected: l3 and its circle are not reached (neither pending nor decided).
      expect(await read('d2')).toEqual({ localTotal: 2, ...zero });
      // l4 pending, l6 not yet offered: both pending.
      expect(await read('root')).toEqual({ localTotal: 7, accepted: 1, rejected: 1, amendRequested: 1, pending: 2, membersCovered: 3 });
    });

    it('GIVEN a settled version WHEN a referral decides THEN it is dirty again and the next rollup counts it', async () => {
      const { p, r } = await decidedTree(ctx);
      await settle(ctx.store, p.id);
      await ctx.store.transaction((tx) => tx.relay.decide([{ referralId: r.l4!.id, status: 'accepted', reason: null, amendmentText: null, at: new Date() }]));
      expect(await ctx.store.transaction((tx) => tx.relay.maxDirtyDepth(p.id, 1))).toBe(1);
      await settle(ctx.store, p.id);
      expect(tally(await ctx.store.read.relay.referral(r.root!.id))).toEqual({ localTotal: 7, accepted: 2, rejected: 1, amendRequested: 1, pending: 1, membersCovered: 8 });
    });

    it('GIVEN more dirty referrals at a depth than the limit THEN a pass recomputes at most limit of them and reports how many', async () => {
      const { p } = await decidedTree(ctx);
      const pass = () => ctx.store.transaction((tx) => tx.relay.rollupDepth(p.id, 1, 2, 2));
      expect([await pass(), await pass(), await pass()]).toEqual([2, 1, 0]);
      expect(await ctx.store.transaction((tx) => tx.relay.maxDirtyDepth(p.id, 1))).toBe(1);
    });

    it('GIVEN referrals WHEN ended with onlyPending THEN only pending ones end; without it decided ones end too, ended ones stay', async () => {
      const { p, r } = await decidedTree(ctx);
      await settle(ctx.store, p.id);
      const all = [r.l4!.id, r.d1!.id, r.l1!.id];
      await ctx.store.transaction((tx) => tx.relay.endReferrals(all, 'expired', true));
      expect((await ctx.store.read.relay.referral(r.l4!.id))?.status).toBe('expired');
      expect((await ctx.store.read.relay.referral(r.d1!.id))?.status).toBe('accepted');
      expect(await ctx.store.transaction((tx) => tx.relay.maxDirtyDepth(p.id, 1))).toBe(1);
      await ctx.store.transaction((tx) => tx.relay.endReferrals(all, 'superseded', false));
      const statuses = await Promise.all(all.map(async (id) => (await ctx.store.read.relay.referral(id))?.status));
      expect(statuses).toEqual(['expired', 'superseded', 'superseded']);
      await settle(ctx.store, p.id);
      // The ended subtree counts nothing; l6, never offered, is still pending.
      expect(tally(await ctx.store.read.relay.referral(r.root!.id))).toEqual({ localTotal: 7, ...zero, pending: 1 });
    });

    it('GIVEN a member assembly that left WHEN its referral is detached THEN its local total leaves every ancestor, and the rollup counts without it', async () => {
      const { p, r } = await decidedTree(ctx);
      await ctx.store.transaction(async (tx) => {
        await tx.relay.endReferrals([r.d1!.id], 'withdrawn', false);
        await tx.relay.detachReferrals([r.d1!.id, r.d1!.id, UNKNOWN_ID]);
      });
      expect((await ctx.store.read.relay.referral(r.d1!.id))?.localTotal).toBe(0);
      expect((await ctx.store.read.relay.referral(r.root!.id))?.localTotal).toBe(4);
      expect((await ctx.store.read.relay.referral(r.d2!.id))?.localTotal).toBe(2);
      await settle(ctx.store, p.id);
      // d2 rejected (its 2 not reached), l4 and the never-offered l6 pending: 4 in scope.
      const root = await ctx.store.read.relay.referral(r.root!.id);
      expect(root?.localTotal).toBe(4);
      expect(root?.accepted).toBe(0);
      // Detaching again changes nothing.
      await ctx.store.transaction((tx) => tx.relay.detachReferrals([r.d1!.id]));
      expect((await ctx.store.read.relay.referral(r.root!.id))?.localTotal).toBe(4);
    });

    it('GIVEN a level-0 referral that stands for a remote subtree WHEN its reports come THEN its size moves on every ancestor and the rollup keeps the reported counts while it is accepted', async () => {
      const tree = await relayTree(ctx.store);
      const p = await proposal(ctx.store, tree);
      const root = referral(p.id, tree.root, { depth: 0, localTotal: 2, status: 'accepted' });
      const proxy = referral(p.id, tree.l4, { parent: root, depth: 1, localTotal: 1 });
      const l6 = referral(p.id, tree.l6, { parent: root, depth: 1, localTotal: 1 });
      await ctx.store.transaction((tx) => tx.relay.createReferrals([root, proxy, l6]));
      const report = (t: SubtreeTally) => ctx.store.transaction((tx) => tx.relay.reportSubtree(proxy.id, t));
      const read = async (id: string) => tally(await ctx.store.read.relay.referral(id));
      await report({ localTotal: 5, accepted: 0, rejected: 0, amendRequested: 0, pending: 5, membersCovered: 0 });
      expect((await read(root.id))?.localTotal).toBe(6);
      await settle(ctx.store, p.id);
      expect(await read(root.id)).toEqual({ localTotal: 6, accepted: 0, rejected: 0, amendRequested: 0, pending: 6, membersCovered: 0 });
      await ctx.store.transaction((tx) => tx.relay.decide([{ referralId: proxy.id, status: 'accepted', reason: null, amendmentText: null, at: new Date(), memberCount: 40 }]));
      await report({ localTotal: 5, accepted: 2, rejected: 1, amendRequested: 1, pending: 1, membersCovered: 17 });
      await settle(ctx.store, p.id);
      expect(await read(proxy.id)).toEqual({ localTotal: 5, accepted: 2, rejected: 1, amendRequested: 1, pending: 1, membersCovered: 17 });
      expect(await read(root.id)).toEqual({ localTotal: 6, accepted: 2, rejected: 1, amendRequested: 1, pending: 2, membersCovered: 17 });
      // The subtree shrinks (one of its locals left): the scope shrinks with it.
      await report({ localTotal: 4, accepted: 2, rejected: 1, amendRequested: 1, pending: 0, membersCovered: 17 });
      await settle(ctx.store, p.id);
      expect(await read(root.id)).toEqual({ localTotal: 5, accepted: 2, rejected: 1, amendRequested: 1, pending: 1, membersCovered: 17 });
      // Reported for a referral that is not accepted: nothing of it counts but its pending size.
      await ctx.store.transaction((tx) => tx.relay.endReferrals([proxy.id], 'withdrawn', false));
      await settle(ctx.store, p.id);
      expect(await read(root.id)).toEqual({ localTotal: 5, accepted: 0, rejected: 0, amendRequested: 0, pending: 1, membersCovered: 0 });
    });

    it('GIVEN referrals WHEN locked THEN those that exist come back once each, in id order', async () => {
      const { r } = await decidedTree(ctx);
      const want = [r.l5!, r.d1!, r.root!].sort((a, b) => (a.id < b.id ? -1 : 1));
      const locked = await ctx.store.transaction((tx) => tx.relay.lockReferrals([r.l5!.id, UNKNOWN_ID, r.d1!.id, r.root!.id, r.l5!.id]));
      expect(locked).toEqual(want);
    });
  });
}
