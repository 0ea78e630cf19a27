import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../src/core/model/policy.js';
import { asAssemblyId, asFederationId, asMotionId, asPersonId } from '../../src/core/shared/ids.js';
import { byId, federation, join, MALFORMED, member } from './store-federation-fixtures.js';
import { assembly, HOUR, person, unique, UNKNOWN } from './store-fixtures.js';
import type { ConformanceContext, StoreConformanceOptions } from './store.conformance.js';

const UNKNOWN_ID = '00000000-0000-7000-8000-000000000009';

export function describeStoreFederationConformance(ctx: ConformanceContext, options: StoreConformanceOptions): void {
  describe('federations, edges and invitations', () => {
    it('GIVEN a federation THEN it is found by id, by name in any case and by its root; unknown ones are not', async () => {
      const name = unique('Valley');
      const { fed, root, founder } = await federation(ctx.store, name);
      expect(fed).toMatchObject({ name, purpose: 'Shared transport', rootAssemblyId: root.id, foundedById: founder.id });
      expect(fed.createdAt).toBeInstanceOf(Date);
      expect(await ctx.store.read.federation(fed.id)).toEqual(fed);
      expect(await ctx.store.read.federationByName(` ${name.toUpperCase()} `)).toEqual(fed);
      expect(await ctx.store.read.federationByRoot(root.id)).toEqual(fed);
      expect(await ctx.store.read.federation(asFederationId(UNKNOWN_ID))).toBeNull();
      expect(await ctx.store.read.federationByName(unique('Nowhere'))).toBeNull();
      expect(await ctx.store.read.federationByRoot(UNKNOWN.assembly)).toBeNull();
    });

    it('GIVEN a child joined to a parent THEN the edge is active and listed on both sides', async () => {
      const f = await federation(ctx.store);
      const { local, edge } = await member(ctx.store, f);
      expect(edge).toMatchObject({ federationId: f.fed.id, childAssemblyId: local.id, parentAssemblyId: f.root.id, status: 'active', seats: 1, leftAt: null });
      expect(edge.joinedAt).toBeInstanceOf(Date);
      expect(await ctx.store.read.edge(edge.id)).toEqual(edge);
      expect(await ctx.store.read.activeEdge(f.fed.id, local.id)).toEqual(edge);
      expect(await ctx.store.read.parentEdges(local.id)).toEqual([edge]);
      expect(await ctx.store.read.childEdges(f.root.id)).toEqual([edge]);
      expect(await ctx.store.read.activeEdge(f.fed.id, f.root.id)).toBeNull();
    });

    it('GIVEN an edge WHEN it is ended THEN it is kept as history but no longer active or listed', async () => {
      const f = await federation(ctx.store);
      const { local, edge } = await member(ctx.store, f);
      const at = new Date(Date.now() + HOUR);
      await ctx.store.transaction((tx) => tx.endEdge(edge.id, at, null));
      expect(await ctx.store.read.edge(edge.id)).toEqual({ ...edge, status: 'left', leftAt: at });
      expect(await ctx.store.read.activeEdge(f.fed.id, local.id)).toBeNull();
      expect(await ctx.store.read.parentEdges(local.id)).toEqual([]);
      expect(await ctx.store.read.childEdges(f.root.id)).toEqual([]);
    });

    it('GIVEN a tree THEN its levels count the assemblies by active edge and the active members of its level-0 ones; search finds names in any case', async () => {
      const f = await federation(ctx.store, unique('Levels'));
      const { local: a, edge } = await member(ctx.store, f);
      const { local: b } = await member(ctx.store, f);
      const gone = await member(ctx.store, f);
      await ctx.store.transaction((tx) => tx.endEdge(gone.edge.id, new Date(), null));
      for (const [who, status] of [['one', 'active'], ['two', 'active'], ['three', 'left']] as const) {
        const p = await person(ctx.store, unique(who));
        await ctx.store.transaction((tx) => tx.upsertMembership({ assemblyId: a.id, personId: p.id, status, role: 'member' }));
      }
      const p = await person(ctx.store, unique('four'));
      await ctx.store.transaction((tx) => tx.upsertMembership({ assemblyId: b.id, personId: p.id, status: 'active', role: 'member' }));
      expect(await ctx.store.read.federationLevels(f.fed.id)).toEqual([
        { level: 1, assemblies: 1, members: 0 },
        { level: 0, assemblies: 2, members: 3 },
      ]);
      expect(await ctx.store.read.federationLevels(asFederationId(UNKNOWN_ID))).toEqual([]);
      const found = await ctx.store.read.searchFederation(f.fed.id, a.name.slice(0, 12).toUpperCase(), 10);
      expect(found.map((x) => x.id)).toContain(a.id);
      expect(found.map((x) => x.id)).not.toContain(gone.local.id);
      expect((await ctx.store.read.searchFederation(f.fed.id, 'council', 10)).map((x) => x.id)).toEqual([f.root.id]);
      expect(await ctx.store.read.searchFederation(f.fed.id, '%', 10)).toEqual([]);
      expect(await ctx.store.read.searchFederation(f.fed.id, a.name, 0)).toEqual([]);
      expect(edge.childAssemblyId).toBe(a.id);
    });

    it('GIVEN an assembly in two federations THEN it has one parent in each', async () => {
      const [valley, coast] = [await federation(ctx.store), await federation(ctx.store)];
      const local = await assembly(ctx.store);
      const inValley = await join(ctx.store, valley.fed, local, valley.root);
      const onCoast = await join(ctx.store, coast.fed, local, coast.root, 2);
      expect(byId(await ctx.store.read.parentEdges(local.id))).toEqual(byId([inValley, onCoast]));
      expect(await ctx.store.read.activeEdge(coast.fed.id, local.id)).toMatchObject({ parentAssemblyId: coast.root.id, seats: 2 });
    });

    it.skipIf(!options.enforcesUniqueIndexes)(
      'GIVEN a child with an active parent WHEN a second active parent is added in the same federation THEN it fails; after leaving it may join again',
      async () => {
        const f = await federation(ctx.store);
        const { local, edge } = await member(ctx.store, f);
        const other = await ctx.store.transaction((tx) => tx.createAssembly({ kind: 'delegates', name: unique('district'), level: 1, parentAssemblyId: null, policy: defaultPolicy() }));
        await expect(join(ctx.store, f.fed, local, other)).rejects.toThrow();
        expect(await ctx.store.read.parentEdges(local.id)).toEqual([edge]);
        await ctx.store.transaction((tx) => tx.endEdge(edge.id, new Date(), null));
        const again = await join(ctx.store, f.fed, local, other);
        expect(await ctx.store.read.activeEdge(f.fed.id, local.id)).toEqual(again);
      },
    );

    it('GIVEN an invitation WHEN used twice THEN the first use records who and when, the second is refused', async () => {
      const f = await federation(ctx.store);
      const [north, south] = [await assembly(ctx.store), await assembly(ctx.store)];
      const code = unique('INV');
      const expiresAt = new Date(Date.now() + 24 * HOUR);
      const input = { code, federationId: f.fed.id, parentAssemblyId: f.root.id, issuedById: f.founder.id, seats: 2, expiresAt };
      const inv = await ctx.store.transaction((tx) => tx.createInvitation(input));
      expect(inv).toEqual({ ...input, usedByAssemblyId: null, usedAt: null });
      expect(await ctx.store.read.invitation(code)).toEqual(inv);
      const at = new Date();
      expect(await ctx.store.transaction((tx) => tx.useInvitation(code, north.id, at))).toBe(true);
      expect(await ctx.store.transaction((tx) => tx.useInvitation(code, south.id, at))).toBe(false);
      expect(await ctx.store.read.invitation(code)).toEqual({ ...inv, usedByAssemblyId: north.id, usedAt: at });
      expect(await ctx.store.read.invitation(unique('NOPE'))).toBeNull();
      expect(await ctx.store.transaction((tx) => tx.useInvitation(unique('NOPE'), north.id, at))).toBe(false);
    });

    it('GIVEN circles of a local assembly THEN circlesOf lists them and nothing else', async () => {
      const local = await assembly(ctx.store);
      const circle = (name: string, parent: typeof local | null) =>
        ctx.store.transaction((tx) => tx.createAssembly({ kind: 'circle', name: unique(name), level: 0, parentAssemblyId: parent?.id ?? null, policy: defaultPolicy() }));
      const [kitchen, garden] = [await circle('kitchen', local), await circle('garden', local)];
      await circle('elsewhere', null);
      expect([...(await ctx.store.read.circlesOf(local.id))].sort()).toEqual([kitchen.id, garden.id].sort());
      expect(await ctx.store.read.circlesOf(UNKNOWN.assembly)).toEqual([]);
    });

    it('GIVEN ids that are no UUIDs THEN lookups find nothing and writes change nothing, without failing', async () => {
      const f = await federation(ctx.store);
      const { edge } = await member(ctx.store, f);
      const r = ctx.store.read;
      for (const id of MALFORMED) {
        expect(await r.federation(asFederationId(id))).toBeNull();
        expect(await r.federationByRoot(asAssemblyId(id))).toBeNull();
        expect(await r.edge(id)).toBeNull();
        expect(await r.seat(id)).toBeNull();
        expect(await r.activeEdge(asFederationId(id), edge.childAssemblyId)).toBeNull();
        expect(await r.parentEdges(asAssemblyId(id))).toEqual([]);
        expect(await r.childEdges(asAssemblyId(id))).toEqual([]);
        // FakeStore reads an empty filter value as no filter at all.
        if (id !== '') expect(await r.seats({ edgeId: id })).toEqual([]);
        if (id !== '') expect(await r.seats({ personId: asPersonId(id), status: 'active' })).toEqual([]);
        expect(await r.openNominations(id)).toEqual([]);
        expect(await r.mandates(asMotionId(id))).toEqual([]);
        expect(await r.ballotsOf(asPersonId(id), f.root.id, 10)).toEqual([]);
        expect(await r.circlesOf(asAssemblyId(id))).toEqual([]);
        await ctx.store.transaction(async (tx) => {
          await tx.endEdge(id, new Date(), null);
          await tx.endSeat(id, 'ended', new Date(), null);
          await tx.acceptNomination(id, new Date());
          await tx.useNominations([id], UNKNOWN.motion);
        });
      }
      expect(await r.edge(edge.id)).toEqual(edge);
    });
  });
}
