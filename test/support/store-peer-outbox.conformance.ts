import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OutboundEventInput } from '../../src/core/ports/federation-link.port.js';
import { unique } from './store-fixtures.js';
import type { ConformanceContext } from './store.conformance.js';

const T0 = new Date('2026-12-07T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const room = (): string => `${unique('!out')}:a.example`;
const beat = (roomId: string, key = unique('hb'), n = 0): OutboundEventInput => ({ roomId, type: 'org.plenary.heartbeat', body: { heads: [], last_seq_received: n }, idempotencyKey: key });
const keyState = (roomId: string): OutboundEventInput => ({
  roomId,
  type: 'org.plenary.deployment_key',
  stateKey: 'dep_a',
  idempotencyKey: unique('key'),
  body: { deployment: 'dep_a', key_id: 'ed25519:one', public_key: 'AAAA', bot_user_id: '@bot:a.example', valid_from: T0.toISOString(), previous_key_id: null, rotation_signature: null },
});

/** `PeerOutbox` (core/ports/federation-link.port.ts) on `Store` and `StoreTx`: one contract for FakeStore and Prisma. */
export function describeStorePeerOutboxConformance(ctx: ConformanceContext): void {
  describe('federation outbox and link requests', () => {
    it('GIVEN events for two rooms THEN each room counts its own seqs 1, 2, 3 in input order, and lastSeq follows', async () => {
      const [a, b] = [room(), room()];
      expect(await ctx.store.peerOutbox.lastSeq(a)).toBe(0);
      const out = await ctx.store.peerOutbox.enqueue([beat(a), beat(b), beat(a), keyState(a), beat(b)], T0);
      expect(out.map((e) => [e.roomId === a ? 'a' : 'b', e.seq])).toEqual([['a', 1], ['b', 1], ['a', 2], ['a', 3], ['b', 2]]);
      expect(out[3]).toMatchObject({ type: 'org.plenary.deployment_key', stateKey: 'dep_a', createdAt: T0, sentAt: null, eventId: null });
      expect(await ctx.store.peerOutbox.lastSeq(a)).toBe(3);
      expect((await ctx.store.peerOutbox.range(a, 1, 3)).map((e) => e.idempotencyKey)).toEqual([out[0], out[2], out[3]].map((e) => e!.idempotencyKey));
      expect(await ctx.store.peerOutbox.range(a, 2, 2)).toEqual([out[2]]);
    });

    it('GIVEN a known idempotency key enqueued again (other body, other room, same batch) THEN the first row comes back and no seq is taken', async () => {
      const [a, b] = [room(), room()];
      const [first] = await ctx.store.peerOutbox.enqueue([beat(a, 'hb/again', 1)].map((e) => ({ ...e, idempotencyKey: unique('again') })), T0);
      const again = await ctx.store.peerOutbox.enqueue([beat(b, first!.idempotencyKey, 9), beat(a), { ...beat(a, first!.idempotencyKey, 7) }], at(5));
      expect(again[0]).toEqual(first);
      expect(again[2]).toEqual(first);
      expect(again[1]!.seq).toBe(2);
      expect(await ctx.store.peerOutbox.lastSeq(b)).toBe(0);
      expect(first!.body).toEqual({ heads: [], last_seq_received: 1 });
    });

    it('GIVEN an enqueue inside a transaction that rolls back THEN neither its rows nor its seqs remain: the next event takes seq 1', async () => {
      const a = room();
      const lost = beat(a);
      await expect(
        ctx.store.transaction(async (tx) => {
          expect((await tx.peerOutbox.enqueue([lost, beat(a)], T0)).map((e) => e.seq)).toEqual([1, 2]);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await ctx.store.peerOutbox.lastSeq(a)).toBe(0);
      expect(await ctx.store.peerOutbox.range(a, 1, 10)).toEqual([]);
      const [next] = await ctx.store.transaction((tx) => tx.peerOutbox.enqueue([lost], at(1)));
      expect(next).toMatchObject({ seq: 1, idempotencyKey: lost.idempotencyKey, createdAt: at(1) });
    });

    it('GIVEN an invalid event THEN the enqueue throws and takes nothing, also not the valid events beside it', async () => {
      const a = room();
      const bad: OutboundEventInput[] = [
        { ...beat(a), body: { heads: [], last_seq_received: -1 } },
        { ...beat(a), idempotencyKey: 'has space' },
        { ...beat(a), stateKey: 'x' },
        { ...keyState(a), stateKey: null },
        { ...beat(a), type: 'org.example.other' as never },
        { ...beat(a), roomId: 'no-room' },
      ];
      for (const e of bad) await expect(ctx.store.peerOutbox.enqueue([beat(a), e], T0)).rejects.toThrow(/federation outbox/);
      expect(await ctx.store.peerOutbox.lastSeq(a)).toBe(0);
    });

    it('GIVEN unsent events in rooms THEN pending lists rooms by their oldest unsent event, each by seq; markSent takes them out and range still returns them', async () => {
      const [a, b] = [room(), room()];
      const b1 = (await ctx.store.peerOutbox.enqueue([beat(b)], at(-3_000_000)))[0]!;
      const [a1, a2] = await ctx.store.peerOutbox.enqueue([beat(a), beat(a)], at(-4_000_000));
      const b2 = (await ctx.store.peerOutbox.enqueue([beat(b)], at(-5_000_000)))[0]!;
      const mine = async () => (await ctx.store.peerOutbox.pending(100_000)).filter((e) => e.roomId === a || e.roomId === b).map((e) => e.id);
      expect(await mine()).toEqual([b1.id, b2.id, a1!.id, a2!.id]);
      await ctx.store.peerOutbox.markSent([{ id: b1.id, eventId: '$b1' }, { id: a1!.id, eventId: '$a1' }], at(1));
      expect(await mine()).toEqual([b2.id, a2!.id]);
      expect((await ctx.store.peerOutbox.range(b, 1, 2)).map((e) => [e.seq, e.sentAt, e.eventId])).toEqual([[1, at(1), '$b1'], [2, null, null]]);
      await ctx.store.peerOutbox.markSent([{ id: b2.id, eventId: '$b2' }, { id: a2!.id, eventId: '$a2' }], at(2));
      expect(await mine()).toEqual([]);
    });

    it('GIVEN an unsent event THEN completeBody sets its body once, validated as at enqueue; once sent it is kept as sent', async () => {
      const r = room();
      const [e] = await ctx.store.peerOutbox.enqueue([beat(r)], T0);
      await expect(ctx.store.peerOutbox.completeBody(e!.id, { heads: 'not a list' })).rejects.toThrow();
      expect(await ctx.store.peerOutbox.completeBody(e!.id, { heads: [], last_seq_received: 7 })).toBe(true);
      expect((await ctx.store.peerOutbox.range(r, 1, 1))[0]?.body).toEqual({ heads: [], last_seq_received: 7 });
      await ctx.store.peerOutbox.markSent([{ id: e!.id, eventId: '$e' }], at(1));
      expect(await ctx.store.peerOutbox.completeBody(e!.id, { heads: [], last_seq_received: 8 })).toBe(false);
      expect((await ctx.store.peerOutbox.range(r, 1, 1))[0]?.body).toEqual({ heads: [], last_seq_received: 7 });
    });

    it('GIVEN 25 concurrent enqueues to one room, some repeating a key THEN the seqs are 1..n without gap or repeat and each key holds one row', async () => {
      const a = room();
      const keys = Array.from({ length: 15 }, () => unique('c'));
      const results = await Promise.all(Array.from({ length: 25 }, (_, i) => ctx.store.peerOutbox.enqueue([beat(a, keys[i % 15]), beat(a)], T0)));
      const rows = await ctx.store.peerOutbox.range(a, 1, 1000);
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 15 + 25 }, (_, i) => i + 1));
      expect(new Set(rows.map((r) => r.idempotencyKey)).size).toBe(rows.length);
      for (const [i, r] of results.entries()) expect(r[0]).toEqual(rows.find((x) => x.idempotencyKey === keys[i % 15]));
      expect(await ctx.store.peerOutbox.lastSeq(a)).toBe(40);
    });

    it('PROPERTY: any run of batches, some rolled back, some repeating keys, leaves each room 1..n in first-enqueue order', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ items: fc.array(fc.record({ room: fc.nat(2), key: fc.nat(11) }), { minLength: 1, maxLength: 5 }), rollBack: fc.boolean() }), { minLength: 1, maxLength: 8 }),
          async (batches) => {
            const rooms = [room(), room(), room()];
            const prefix = unique('p');
            const model = new Map<string, { room: string; seq: number }>();
            const last = [0, 0, 0];
            for (const batch of batches) {
              const input = batch.items.map((i) => beat(rooms[i.room]!, `${prefix}/${i.key}`));
              const run = ctx.store.transaction(async (tx) => {
                const got = await tx.peerOutbox.enqueue(input, T0);
                if (batch.rollBack) throw new Error('roll back');
                return got;
              });
              if (batch.rollBack) {
                await expect(run).rejects.toThrow('roll back');
                continue;
              }
              const got = await run;
              batch.items.forEach((i, n) => {
                const key = `${prefix}/${i.key}`;
                if (!model.has(key)) model.set(key, { room: rooms[i.room]!, seq: ++last[i.room]! });
                expect({ room: got[n]!.roomId, seq: got[n]!.seq }).toEqual(model.get(key));
              });
            }
            for (const [r, roomId] of rooms.entries()) {
              expect(await ctx.store.peerOutbox.lastSeq(roomId)).toBe(last[r]);
              expect((await ctx.store.peerOutbox.range(roomId, 1, 100)).map((e) => e.seq)).toEqual(Array.from({ length: last[r]! }, (_, i) => i + 1));
            }
          },
        ),
        { numRuns: 20 },
      );
    });

    it('GIVEN a link request THEN asking again returns it, it moves only from the status it is in, and a refused one opens again as pending', async () => {
      const federation = unique('fed');
      const req = { federation, parentAssembly: 'dep_a/asm_1', parentDeployment: 'dep_a', parentBotUserId: '@bot:a.example', childAssembly: 'dep_b/asm_2' };
      const first = await ctx.store.peerOutbox.requestLink(req, T0);
      expect(first).toMatchObject({ ...req, status: 'pending', roomId: null, createdAt: T0 });
      expect(await ctx.store.peerOutbox.requestLink(req, at(5))).toEqual(first);
      const other = await ctx.store.peerOutbox.requestLink({ ...req, childAssembly: 'dep_b/asm_3' }, at(1));
      const pending = (await ctx.store.peerOutbox.linkRequests('pending', 100_000)).filter((l) => l.federation === federation);
      expect(pending.map((l) => l.id)).toEqual([first.id, other.id]);
      const moves = await Promise.all(Array.from({ length: 10 }, (_, i) => ctx.store.peerOutbox.moveLinkRequest(first.id, 'pending', 'room-open', `!r${i}:b.example`, at(2))));
      expect(moves.filter(Boolean)).toHaveLength(1);
      const open = (await ctx.store.peerOutbox.linkRequests('room-open', 100_000)).find((l) => l.id === first.id);
      expect(open?.roomId).toMatch(/^!r\d:b\.example$/);
      expect(await ctx.store.peerOutbox.moveLinkRequest(first.id, 'pending', 'refused', null, at(3))).toBe(false);
      expect(await ctx.store.peerOutbox.moveLinkRequest(first.id, 'room-open', 'refused', null, at(3))).toBe(true);
      expect(await ctx.store.peerOutbox.moveLinkRequest('00000000-0000-0000-0000-000000000000', 'pending', 'refused', null, at(3))).toBe(false);
      expect(await ctx.store.peerOutbox.requestLink(req, at(4))).toMatchObject({ id: first.id, status: 'pending', roomId: null });
      await ctx.store.peerOutbox.moveLinkRequest(other.id, 'pending', 'room-open', `!${federation}:b.example`, at(5));
      const sent = room();
      await ctx.store.peerOutbox.enqueue([beat(sent)], at(5));
      const rooms = await ctx.store.peerOutbox.linkRooms();
      expect(rooms).toEqual(expect.arrayContaining([`!${federation}:b.example`, sent]));
      expect(rooms).not.toContain(open?.roomId);
    });

    it('GIVEN link requests of one deployment to one parent THEN openLinkRoom names the first room open or joined, never a pending, refused or other parent\'s one', async () => {
      const federation = unique('fed');
      const base = { federation, parentAssembly: 'dep_a/asm_1', parentDeployment: 'dep_a', parentBotUserId: '@bot:a.example' };
      expect(await ctx.store.peerOutbox.openLinkRoom(federation, 'dep_a')).toBeNull();
      const one = await ctx.store.peerOutbox.requestLink({ ...base, childAssembly: 'dep_b/asm_1' }, T0);
      const two = await ctx.store.peerOutbox.requestLink({ ...base, childAssembly: 'dep_b/asm_2' }, at(1));
      const elsewhere = await ctx.store.peerOutbox.requestLink({ ...base, parentDeployment: 'dep_c', parentAssembly: 'dep_c/asm_9', childAssembly: 'dep_b/asm_3' }, at(1));
      expect(await ctx.store.peerOutbox.openLinkRoom(federation, 'dep_a')).toBeNull();
      await ctx.store.peerOutbox.moveLinkRequest(elsewhere.id, 'pending', 'room-open', `!c-${federation}:b.example`, at(2));
      expect(await ctx.store.peerOutbox.openLinkRoom(federation, 'dep_a')).toBeNull();
      await ctx.store.peerOutbox.moveLinkRequest(two.id, 'pending', 'room-open', `!a-${federation}:b.example`, at(2));
      expect(await ctx.store.peerOutbox.openLinkRoom(federation, 'dep_a')).toBe(`!a-${federation}:b.example`);
      await ctx.store.peerOutbox.moveLinkRequest(two.id, 'room-open', 'refused', null, at(3));
      expect(await ctx.store.peerOutbox.openLinkRoom(federation, 'dep_a')).toBeNull();
      await ctx.store.peerOutbox.moveLinkRequest(one.id, 'pending', 'room-open', `!a2-${federation}:b.example`, at(4));
      await ctx.store.peerOutbox.moveLinkRequest(one.id, 'room-open', 'joined', null, at(5));
      expect(await ctx.store.peerOutbox.openLinkRoom(federation, 'dep_a')).toBe(`!a2-${federation}:b.example`);
      expect(await ctx.store.peerOutbox.openLinkRoom(unique('fed'), 'dep_a')).toBeNull();
    });
  });
}
