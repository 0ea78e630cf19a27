import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/core/events/hash-chain.js';
import type { NewMotion } from '../../src/core/ports/store.port.js';
import { auditAssembly } from '../../src/core/services/audit.service.js';
import { asMotionId, type MotionId } from '../../src/core/shared/ids.js';
import { assembly, HOUR, motion, newMotion, person, unique, UNKNOWN } from './store-fixtures.js';
import { relayTree } from './store-relay-fixtures.js';
import type { ConformanceContext } from './store.conformance.js';

const withId = (m: NewMotion): NewMotion & { id: MotionId } => ({ ...m, id: asMotionId(randomUUID()) });

/** The relay's bulk writes to what it shares with the rest of the store: motions, hash chains, the outbox; and the agenda. */
export function describeStoreRelayBulkConformance(ctx: ConformanceContext): void {
  describe('relay: bulk writes', () => {
    it('GIVEN motions for several assemblies in one call THEN each continues its assembly numbers, in input order, with the ids given', async () => {
      const [a, b, ann] = [await assembly(ctx.store), await assembly(ctx.store), await person(ctx.store)];
      await motion(ctx.store, a, ann.id);
      const over = { kind: 'proposal-response' as const, options: ['x', 'y'], payload: { referralId: 'r1', skip: undefined }, status: 'proposed' as const, opensAt: null, closesAt: null };
      const rows = [withId(newMotion(a, ann.id, over)), withId(newMotion(b, ann.id)), withId(newMotion(a, ann.id)), withId(newMotion(b, ann.id)), withId(newMotion(a, ann.id))];
      const made = await ctx.store.transaction((tx) => tx.relay.createMotions(rows));
      expect(made.map((m) => [m.id, m.assemblyId, m.number])).toEqual([
        [rows[0]!.id, a.id, 2],
        [rows[1]!.id, b.id, 1],
        [rows[2]!.id, a.id, 3],
        [rows[3]!.id, b.id, 2],
        [rows[4]!.id, a.id, 4],
      ]);
      const { skip: _skip, ...payload } = over.payload;
      expect(made[0]).toMatchObject({ kind: 'proposal-response', options: ['x', 'y'], payload, status: 'proposed', opensAt: null, closesAt: null, closedAt: null, result: null });
      for (const m of made) expect(await ctx.store.read.motion(m.id)).toEqual(m);
      expect((await motion(ctx.store, a, ann.id)).number).toBe(5);
      expect(await ctx.store.transaction((tx) => tx.relay.createMotions([]))).toEqual([]);
    });

    it('GIVEN motions in every state WHEN closed THEN only proposed and open ones close, returned in the order asked', async () => {
      const [a, ann] = [await assembly(ctx.store), await person(ctx.store)];
      const [open, passed, proposed] = [await motion(ctx.store, a, ann.id), await motion(ctx.store, a, ann.id), await motion(ctx.store, a, ann.id, { status: 'proposed' })];
      await ctx.store.transaction((tx) => tx.updateMotion(passed.id, { status: 'passed', closedAt: new Date() }));
      const at = new Date(Date.now() + HOUR);
      const closed = await ctx.store.transaction((tx) => tx.relay.closeMotions([proposed.id, passed.id, UNKNOWN.motion, open.id], 'superseded', at));
      expect(closed.map((m) => [m.id, m.status, m.closedAt])).toEqual([
        [proposed.id, 'superseded', at],
        [open.id, 'superseded', at],
      ]);
      expect((await ctx.store.read.motion(passed.id))?.status).toBe('passed');
      expect(await ctx.store.transaction((tx) => tx.relay.closeMotions([open.id], 'expired', at))).toEqual([]);
    });

    it('GIVEN events for several assemblies in one call THEN each chain grows in input order and every chain verifies, before and after', async () => {
      const [a, b] = [await assembly(ctx.store), await assembly(ctx.store)];
      await ctx.store.transaction((tx) => tx.appendEvent(a.id, { type: 'before', actorId: null, payload: {} }, new Date()));
      const at = new Date();
      const items = [a, b, a, a, b].map((x, i) => ({ assemblyId: x.id, event: { type: 'relay.offered', actorId: null, payload: { i, when: at, skip: undefined } } }));
      await ctx.store.transaction((tx) => tx.relay.appendEventsMany(items, at));
      await ctx.store.transaction((tx) => tx.appendEvent(a.id, { type: 'after', actorId: null, payload: {} }, new Date()));
      const [ea, eb] = [await ctx.store.read.events(a.id), await ctx.store.read.events(b.id)];
      expect(ea.map((e) => [e.seq, e.type, e.payload.i])).toEqual([
        [1, 'before', undefined],
        [2, 'relay.offered', 0],
        [3, 'relay.offered', 2],
        [4, 'relay.offered', 3],
        [5, 'after', undefined],
      ]);
      expect(eb.map((e) => [e.seq, e.payload.i])).toEqual([
        [1, 1],
        [2, 4],
      ]);
      expect(ea[1]).toMatchObject({ at, actorId: null, payload: { i: 0, when: at.toISOString() } });
      expect(verifyChain(ea)).toEqual([]);
      expect(verifyChain(eb)).toEqual([]);
      for (const x of [a, b]) expect((await auditAssembly(ctx.store.read, x)).chain).toEqual([]);
    });

    it('GIVEN events for an unknown assembly THEN the call fails and writes nothing', async () => {
      const a = await assembly(ctx.store);
      const items = [a.id, UNKNOWN.assembly].map((assemblyId) => ({ assemblyId, event: { type: 'x', actorId: null, payload: {} } }));
      await expect(ctx.store.transaction((tx) => tx.relay.appendEventsMany(items, new Date()))).rejects.toThrow();
      expect(await ctx.store.read.events(a.id)).toEqual([]);
    });

    it('GIVEN outbox rows in one call THEN a key already present, or twice in the call, is written once with its first payload', async () => {
      const [old, fresh, later] = [unique('relay.old'), unique('relay.fresh'), unique('relay.later')];
      const at = new Date(Date.now() + HOUR);
      await ctx.store.transaction((tx) => tx.enqueue('relay.down', old, { n: 0 }));
      await ctx.store.transaction((tx) =>
        tx.relay.enqueueMany([
          { kind: 'relay.down', dedupeKey: old, payload: { n: 1 } },
          { kind: 'relay.down', dedupeKey: fresh, payload: { n: 2, skip: undefined } },
          { kind: 'relay.down', dedupeKey: fresh, payload: { n: 3 } },
          { kind: 'relay.rollup', dedupeKey: later, payload: {}, availableAt: at },
        ]),
      );
      const mine = (await ctx.probe.outbox()).filter((o) => [old, fresh, later].includes(o.dedupeKey));
      expect(mine).toEqual([
        { kind: 'relay.down', dedupeKey: old, payload: { n: 0 }, availableAt: new Date(0) },
        { kind: 'relay.down', dedupeKey: fresh, payload: { n: 2 }, availableAt: new Date(0) },
        { kind: 'relay.rollup', dedupeKey: later, payload: {}, availableAt: at },
      ]);
    });

    it('GIVEN a re-armable row THEN a done one becomes pending again with the new time and payload, a pending one is left alone', async () => {
      const [done, waiting] = [unique('relay.rearm-done'), unique('relay.rearm-waiting')];
      const at = new Date(Date.now() + HOUR);
      await ctx.store.transaction((tx) => tx.relay.enqueueMany([{ kind: 'relay.rollup', dedupeKey: done, payload: { n: 1 } }, { kind: 'relay.rollup', dedupeKey: waiting, payload: { n: 1 } }]));
      expect(await ctx.store.transaction((tx) => tx.relay.takeOutbox(done))).toBe(true);
      await ctx.store.transaction((tx) => tx.relay.enqueueMany([{ kind: 'relay.rollup', dedupeKey: done, payload: { n: 2 }, availableAt: at, rearm: true }, { kind: 'relay.rollup', dedupeKey: waiting, payload: { n: 2 }, availableAt: at, rearm: true }]));
      const mine = (await ctx.probe.outbox()).filter((o) => [done, waiting].includes(o.dedupeKey));
      expect(mine).toEqual([
        { kind: 'relay.rollup', dedupeKey: done, payload: { n: 2 }, availableAt: at },
        { kind: 'relay.rollup', dedupeKey: waiting, payload: { n: 1 }, availableAt: new Date(0) },
      ]);
      // Pending again: its job takes it once more.
      expect(await ctx.store.transaction((tx) => tx.relay.takeOutbox(done))).toBe(true);
    });

    it('GIVEN an outbox row WHEN its job takes it twice THEN only the first take counts; a job without a row runs', async () => {
      const key = unique('relay.take');
      await ctx.store.transaction((tx) => tx.enqueue('relay.down', key, {}));
      expect(await ctx.store.transaction((tx) => tx.relay.takeOutbox(key))).toBe(true);
      expect(await ctx.store.transaction((tx) => tx.relay.takeOutbox(key))).toBe(false);
      expect(await ctx.store.transaction((tx) => tx.relay.takeOutbox(unique('relay.none')))).toBe(true);
    });

    it('GIVEN a take in a transaction that fails THEN the row is not taken', async () => {
      const key = unique('relay.take');
      await ctx.store.transaction((tx) => tx.enqueue('relay.down', key, {}));
      const boom = new Error('boom');
      await expect(
        ctx.store.transaction(async (tx) => {
          await tx.relay.takeOutbox(key);
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await ctx.store.transaction((tx) => tx.relay.takeOutbox(key))).toBe(true);
    });

    it('GIVEN assemblies THEN assembliesWithBindings gives each known one with its rooms, once', async () => {
      const [a, b] = [await assembly(ctx.store), await assembly(ctx.store)];
      const room = { platform: 'matrix' as const, roomId: unique('!r:example.org'), assemblyId: a.id, purpose: 'announcements' as const };
      const main = { platform: 'discord' as const, roomId: unique('chan'), serverId: 'g1', assemblyId: a.id, purpose: 'main' as const };
      await ctx.store.transaction((tx) => tx.bindRoom(room));
      await ctx.store.transaction((tx) => tx.bindRoom(main));
      const found = await ctx.store.read.relay.assembliesWithBindings([a.id, b.id, UNKNOWN.assembly, a.id]);
      expect([...found.keys()].sort()).toEqual([a.id, b.id].sort());
      expect(found.get(a.id)).toEqual({ assembly: a, bindings: [room, main] });
      expect(found.get(b.id)).toEqual({ assembly: b, bindings: [] });
    });
  });

  describe('relay: agenda', () => {
    it('GIVEN forwarded texts THEN they are numbered, listed newest first, found by number, and can be taken up', async () => {
      const t = await relayTree(ctx.store);
      const [fwd1, fwd2, draft] = [await motion(ctx.store, t.l1, t.founder.id), await motion(ctx.store, t.l2, t.founder.id), await motion(ctx.store, t.d1, t.founder.id)];
      const item = (from: typeof t.l1, m: typeof fwd1, title: string) =>
        ctx.store.transaction((tx) => tx.relay.createAgendaItem({ assemblyId: t.d1.id, fromAssemblyId: from.id, federationId: t.fed.id, title, text: `${title}, please.`, forwardedByMotionId: m.id }));
      const first = await item(t.l1, fwd1, 'Night buses');
      const second = await item(t.l2, fwd2, 'Bike racks');
      expect(second.number).toBeGreaterThan(first.number);
      expect(first).toMatchObject({ assemblyId: t.d1.id, fromAssemblyId: t.l1.id, federationId: t.fed.id, title: 'Night buses', text: 'Night buses, please.', forwardedByMotionId: fwd1.id, takenUpByMotionId: null });
      expect(first.createdAt).toBeInstanceOf(Date);
      expect(await ctx.store.read.relay.agendaItems(t.d1.id, 10)).toEqual([second, first]);
      expect(await ctx.store.read.relay.agendaItems(t.d1.id, 1)).toEqual([second]);
      expect(await ctx.store.read.relay.agendaItems(t.l1.id, 10)).toEqual([]);
      await ctx.store.transaction((tx) => tx.relay.takeUpAgendaItem(first.id, draft.id));
      expect(await ctx.store.read.relay.agendaItemByNumber(first.number)).toEqual({ ...first, takenUpByMotionId: draft.id });
      expect(await ctx.store.read.relay.agendaItemByNumber(2 ** 31)).toBeNull();
    });
  });
}
