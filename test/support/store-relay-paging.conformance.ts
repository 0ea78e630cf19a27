import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Motion } from '../../src/core/model/entities.js';
import type { MemberAssembly } from '../../src/core/ports/relay-store.port.js';
import { asAssemblyId, asFederationId } from '../../src/core/shared/ids.js';
import { assembly, HOUR, motion, person, UNKNOWN } from './store-fixtures.js';
import { relayTree } from './store-relay-fixtures.js';
import type { ConformanceContext } from './store.conformance.js';

const pair = (m: MemberAssembly): string => `${m.parentAssemblyId}/${m.assembly.id}`;

/** The relay's paged reads and writes over a branch: a level of member assemblies, a page at a time; response motions by referral. */
export function describeStoreRelayPagingConformance(ctx: ConformanceContext): void {
  describe('relay: paging a branch', () => {
    it('GIVEN two parents THEN memberAssemblies gives their active members in that federation, by parent then id, with rooms, a page at a time after a cursor', async () => {
      const t = await relayTree(ctx.store);
      const room = { platform: 'console' as const, roomId: `room-${t.d1.id}`, assemblyId: t.d1.id, purpose: 'main' as const };
      await ctx.store.transaction((tx) => tx.bindRoom(room));
      const q = { federationId: t.fed.id, parents: [t.d1.id, t.root.id, t.d1.id, UNKNOWN.assembly], limit: 100 };
      const all = await ctx.store.read.relay.memberAssemblies(q);
      // Not the left edge (gone), the other federation's member (elsewhere), nor l1's own circle.
      const expected = [...[t.d1, t.d2, t.l4, t.l6].map((a) => `${t.root.id}/${a.id}`), ...[t.l1, t.l2, t.l5].map((a) => `${t.d1.id}/${a.id}`)].sort();
      expect(all.map(pair)).toEqual(expected);
      expect(all.find((m) => m.assembly.id === t.d1.id)).toEqual({ parentAssemblyId: t.root.id, assembly: t.d1, bindings: [room] });
      expect(all.find((m) => m.assembly.id === t.l4.id)?.bindings).toEqual([]);
      // Pages of 2 (and of 1) after the last one seen give the same list, once each, in a transaction too.
      for (const limit of [1, 2, 3]) {
        const paged: string[] = [];
        let after: MemberAssembly | undefined;
        for (let i = 0; i < 20; i++) {
          const cursor = after ? { parentAssemblyId: after.parentAssemblyId, assemblyId: after.assembly.id } : null;
          const page = await ctx.store.transaction((tx) => tx.relay.memberAssemblies({ ...q, limit, after: cursor }));
          expect(page.length).toBeLessThanOrEqual(limit);
          paged.push(...page.map(pair));
          after = page.at(-1);
          if (page.length < limit) break;
        }
        expect(paged).toEqual(expected);
      }
      expect(await ctx.store.read.relay.memberAssemblies({ ...q, limit: 0 })).toEqual([]);
      expect(await ctx.store.read.relay.memberAssemblies({ ...q, federationId: asFederationId(randomUUID()) })).toEqual([]);
      expect(await ctx.store.read.relay.memberAssemblies({ ...q, parents: [t.l1.id, UNKNOWN.assembly] })).toEqual([]);
      expect(await ctx.store.read.relay.memberAssemblies({ ...q, parents: ['not-a-uuid' as never] })).toEqual([]);
      // A cursor past the last member of the last parent: nothing more.
      const last = all.at(-1);
      expect(await ctx.store.read.relay.memberAssemblies({ ...q, after: { parentAssemblyId: last?.parentAssemblyId ?? UNKNOWN.assembly, assemblyId: last?.assembly.id ?? UNKNOWN.assembly } })).toEqual([]);
      expect(await ctx.store.read.relay.memberAssemblies({ ...q, after: { parentAssemblyId: asAssemblyId('bad'), assemblyId: asAssemblyId('bad') } })).toEqual([]);
    });

    it('GIVEN response motions in every state WHEN closed by referral THEN only the proposed and open ones on those referrals, in those assemblies, close; again, none', async () => {
      const [a, b, ann] = [await assembly(ctx.store), await assembly(ctx.store), await person(ctx.store)];
      const [r1, r2] = [randomUUID(), randomUUID()];
      const response = (referralId: string, status: 'open' | 'proposed' = 'open'): Promise<Motion> => motion(ctx.store, a, ann.id, { kind: 'proposal-response', status, payload: { referralId, response: 'accept' } });
      const relays = await response(r1);
      const moved = await response(r1.toUpperCase(), 'proposed');
      const other = await response(r2);
      const passed = await response(r1);
      await ctx.store.transaction((tx) => tx.updateMotion(passed.id, { status: 'passed', closedAt: new Date() }));
      const resolution = await motion(ctx.store, a, ann.id, { payload: { referralId: r1 } });
      const elsewhere = await motion(ctx.store, b, ann.id, { kind: 'proposal-response', payload: { referralId: r1 } });
      const at = new Date(Date.now() + HOUR);
      const closed = await ctx.store.transaction((tx) => tx.relay.closeResponseMotions([{ id: r1, assemblyId: a.id }, { id: randomUUID(), assemblyId: UNKNOWN.assembly }], 'withdrawn', at));
      expect(closed.map((m) => [m.id, m.status, m.closedAt]).sort()).toEqual([
        [relays.id, 'withdrawn', at],
        [moved.id, 'withdrawn', at],
      ].sort());
      for (const m of [other, resolution, elsewhere]) expect((await ctx.store.read.motion(m.id))?.status).toBe('open');
      expect((await ctx.store.read.motion(passed.id))?.status).toBe('passed');
      expect((await ctx.store.read.motion(relays.id))?.status).toBe('withdrawn');
      expect(await ctx.store.transaction((tx) => tx.relay.closeResponseMotions([{ id: r1, assemblyId: a.id }], 'withdrawn', at))).toEqual([]);
      expect(await ctx.store.transaction((tx) => tx.relay.closeResponseMotions([], 'withdrawn', at))).toEqual([]);
    });
  });
}
