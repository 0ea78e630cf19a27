import { describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../src/core/ports/peer-link-store.port.js';
import { unique } from './store-fixtures.js';
import type { ConformanceContext } from './store.conformance.js';

const T0 = new Date('2026-12-07T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

const inbound = (room: string, sender: string, seq: number, key = unique(`k${seq}`)): InboundEvent => ({
  idempotencyKey: key,
  roomId: room,
  sender,
  seq,
  eventType: 'org.plenary.heartbeat',
  content: { seq, body: { nested: { n: 12345678901234, text: 'ünïcødé \u2028' } }, z: 1, a: 2 },
});

/** The federation_* tables (core/ports/peer-link-store.port.ts): one contract for FakePeerLinks and Prisma. */
export function describeStorePeerLinkConformance(ctx: ConformanceContext): void {
  describe('federation peers, keys and inbox', () => {
    it('GIVEN an event received twice under one key THEN it is kept once, as sent, pending', async () => {
      const room = unique('!room');
      const e = inbound(room, 'dep_b', 1);
      expect(await ctx.store.links.receiveInbound(e, T0)).toBe('new');
      expect(await ctx.store.links.receiveInbound({ ...e, seq: 2 }, at(5))).toBe('duplicate');
      expect(await ctx.store.links.inboxEntry(e.idempotencyKey)).toEqual({ ...e, status: 'pending', note: null, receivedAt: T0, settledAt: null });
      expect((await ctx.store.links.pendingFrom(room, 'dep_b', 1, 10)).map((x) => x.seq)).toEqual([1]);
    });

    it('GIVEN a seq held by one key WHEN another key claims it THEN it is refused as seq-taken, also after the first is settled', async () => {
      const room = unique('!room');
      await ctx.store.links.receiveInbound(inbound(room, 'dep_b', 1), T0);
      expect(await ctx.store.links.receiveInbound(inbound(room, 'dep_b', 1), T0)).toBe('seq-taken');
      expect(await ctx.store.links.settleInbound(room, 'dep_b', 1, 'applied', null, T0)).toBe(true);
      expect(await ctx.store.links.receiveInbound(inbound(room, 'dep_b', 1), T0)).toBe('seq-taken');
      // Another sender, or another room, has its own seq 1.
      expect(await ctx.store.links.receiveInbound(inbound(room, 'dep_c', 1), T0)).toBe('new');
      expect(await ctx.store.links.receiveInbound(inbound(unique('!other'), 'dep_b', 1), T0)).toBe('new');
    });

    it('GIVEN pending events 1, 2 and 4 THEN they settle only in order, each once, and the lane moves with them', async () => {
      const room = unique('!room');
      const keys = [1, 2, 4].map((s) => inbound(room, 'dep_b', s));
      for (const k of keys) await ctx.store.links.receiveInbound(k, T0);
      expect(await ctx.store.links.lane(room, 'dep_b')).toEqual({ roomId: room, sender: 'dep_b', nextSeq: 1, gapSince: null, resendAskedAt: null });
      expect(await ctx.store.links.settleInbound(room, 'dep_b', 2, 'applied', null, T0)).toBe(false);
      expect(await ctx.store.links.settleInbound(room, 'dep_b', 1, 'applied', null, at(1))).toBe(true);
      expect(await ctx.store.links.settleInbound(room, 'dep_b', 1, 'applied', null, at(1))).toBe(false);
      expect(await ctx.store.links.settleInbound(room, 'dep_b', 2, 'recorded', 'superseded', at(2))).toBe(true);
      expect(await ctx.store.links.settleInbound(room, 'dep_b', 3, 'applied', null, at(3))).toBe(false);
      expect((await ctx.store.links.lane(room, 'dep_b')).nextSeq).toBe(3);
      expect((await ctx.store.links.pendingFrom(room, 'dep_b', 3, 10)).map((x) => x.seq)).toEqual([4]);
      expect((await ctx.store.links.lanesIn(room)).map((l) => [l.sender, l.nextSeq])).toEqual([['dep_b', 3]]);
      expect(await ctx.store.links.lanesIn(unique('!none'))).toEqual([]);
      const second = await ctx.store.links.inboxEntry(keys[1]!.idempotencyKey);
      expect(second).toMatchObject({ status: 'recorded', note: 'superseded', settledAt: at(2) });
    });

    it('GIVEN a lane with a gap THEN it is listed from its start (inclusive) until cleared', async () => {
      const room = unique('!room');
      const sender = unique('dep_gap');
      await ctx.store.links.setLaneGap(room, sender, T0, null);
      expect((await ctx.store.links.gappedLanes(at(1), 1000)).filter((l) => l.roomId === room)).toEqual([{ roomId: room, sender, nextSeq: 1, gapSince: T0, resendAskedAt: null }]);
      expect((await ctx.store.links.gappedLanes(at(-1), 1000)).filter((l) => l.roomId === room)).toEqual([]);
      expect((await ctx.store.links.gappedLanes(T0, 1000)).filter((l) => l.roomId === room)).toHaveLength(1);
      await ctx.store.links.setLaneGap(room, sender, T0, at(9));
      expect((await ctx.store.links.lane(room, sender)).resendAskedAt).toEqual(at(9));
      await ctx.store.links.setLaneGap(room, sender, null, null);
      expect((await ctx.store.links.gappedLanes(at(1), 1000)).filter((l) => l.roomId === room)).toEqual([]);
    });

    it('GIVEN many concurrent receipts of one key and settles of one seq THEN exactly one of each wins', async () => {
      const room = unique('!room');
      const e = inbound(room, 'dep_b', 1);
      const receipts = await Promise.all(Array.from({ length: 20 }, () => ctx.store.links.receiveInbound(e, T0)));
      expect(receipts.filter((r) => r === 'new')).toHaveLength(1);
      expect(receipts.filter((r) => r === 'duplicate')).toHaveLength(19);
      const settles = await Promise.all(Array.from({ length: 20 }, () => ctx.store.links.settleInbound(room, 'dep_b', 1, 'applied', null, T0)));
      expect(settles.filter(Boolean)).toHaveLength(1);
      expect((await ctx.store.links.lane(room, 'dep_b')).nextSeq).toBe(2);
    });

    // (PGlite is one session: there every lane's transaction waits for the one before, which is fine for one process.)
    it('GIVEN two drainers of one lane THEN they run one after the other, the second seeing what the first committed', async () => {
      const room = unique('!room');
      const trace: string[] = [];
      let release: () => void = () => undefined;
      const gate = new Promise<void>((r) => (release = r));
      const first = ctx.store.links.withLane(room, 'dep_b', async (links) => {
        trace.push('first in');
        await links.receiveInbound(inbound(room, 'dep_b', 1, `${room}-1`), T0);
        await gate;
        trace.push('first out');
        return 1;
      });
      await new Promise((r) => setTimeout(r, 50));
      const second = ctx.store.links.withLane(room, 'dep_b', async (links) => {
        trace.push('second in');
        // The first drainer's writes are committed by the time the second holds the lane.
        expect((await links.inboxEntry(`${room}-1`))?.seq).toBe(1);
        return 2;
      });
      const other = ctx.store.links.withLane(room, 'dep_c', () => {
        trace.push('other lane');
        return Promise.resolve(3);
      });
      await new Promise((r) => setTimeout(r, 50));
      expect(trace).not.toContain('second in');
      release();
      expect(await Promise.all([first, second, other])).toEqual([1, 2, 3]);
      expect(trace.filter((t) => t !== 'other lane')).toEqual(['first in', 'first out', 'second in']);
    });

    it('GIVEN peers THEN heartbeats keep them active and silence makes them dormant once', async () => {
      const a = unique('dep_a');
      const b = unique('dep_b');
      await ctx.store.links.upsertPeer({ deployment: a, botUserId: '@a:a.example', name: 'A' }, T0);
      await ctx.store.links.upsertPeer({ deployment: b, botUserId: '@b:b.example', name: 'B' }, T0);
      await ctx.store.links.upsertPeer({ deployment: a, botUserId: '@a2:a.example', name: 'A2' }, at(50));
      await ctx.store.links.markHeartbeat(b, at(100));
      await ctx.store.links.markHeartbeat(b, at(60));
      expect(await ctx.store.links.peer(a)).toEqual({ deployment: a, botUserId: '@a2:a.example', name: 'A2', status: 'active', lastHeartbeatAt: null, createdAt: T0 });
      expect((await ctx.store.links.peer(b))?.lastHeartbeatAt).toEqual(at(100));
      const dormant = (await ctx.store.links.markDormant(at(80))).filter((d) => d === a || d === b);
      expect(dormant).toEqual([a]);
      expect((await ctx.store.links.markDormant(at(80))).filter((d) => d === a)).toEqual([]);
      await ctx.store.links.markHeartbeat(a, at(200));
      expect((await ctx.store.links.peer(a))?.status).toBe('active');
      expect(await ctx.store.links.peer(unique('dep_none'))).toBeNull();
    });

    it('GIVEN deployment keys THEN a key id is stored once and never replaced, and retiring keeps the first time', async () => {
      const d = unique('dep_k');
      const k1 = { deployment: d, keyId: 'ed25519:1', publicKey: 'AAA', botUserId: '@k:k', validFrom: T0, previousKeyId: null, rotationSignature: null, retiredAt: null };
      const k2 = { ...k1, keyId: 'ed25519:2', publicKey: 'BBB', validFrom: at(10), previousKeyId: 'ed25519:1', rotationSignature: 'sig' };
      expect(await ctx.store.links.addDeploymentKey(k1)).toBe(true);
      expect(await ctx.store.links.addDeploymentKey({ ...k1, publicKey: 'EVIL' })).toBe(false);
      expect(await ctx.store.links.addDeploymentKey(k2)).toBe(true);
      await ctx.store.links.retireDeploymentKey(d, 'ed25519:1', at(10));
      await ctx.store.links.retireDeploymentKey(d, 'ed25519:1', at(99));
      expect(await ctx.store.links.deploymentKeys(d)).toEqual([{ ...k1, retiredAt: at(10) }, k2]);
    });

    it('GIVEN an assembly bound to a host THEN another deployment cannot take it over', async () => {
      const asm = `dep_b/${unique('asm')}`;
      const binding = { assembly: asm, deployment: 'dep_b', federation: 'fed', parentAssembly: 'dep_a/asm_1', linkRoomId: '!l:a' };
      expect(await ctx.store.links.bindHostedAssembly(binding, T0)).toBe('bound');
      expect(await ctx.store.links.bindHostedAssembly(binding, T0)).toBe('already');
      expect(await ctx.store.links.bindHostedAssembly({ ...binding, deployment: 'dep_evil' }, T0)).toBe('other-host');
      expect(await ctx.store.links.hostOf(asm)).toEqual(binding);
      expect(await ctx.store.links.hostOf(`dep_b/${unique('none')}`)).toBeNull();
    });

    it('GIVEN decisions THEN one per assembly, proposal and version counts, the latest in place of the earlier, concurrently too', async () => {
      const asm = unique('dep_b/asm');
      const d = { assembly: asm, proposal: 'dep_a/p1', version: 1, idempotencyKey: 'k1' };
      const r = await Promise.all(Array.from({ length: 10 }, (_, i) => ctx.store.links.countDecision({ ...d, idempotencyKey: `k${i}` }, T0)));
      expect(r.filter((x) => x === 'counted')).toHaveLength(1);
      expect(r.filter((x) => x === 'replaced')).toHaveLength(9);
      expect((await ctx.store.links.countedDecisions('dep_a/p1', 1, 1000)).filter((c) => c.assembly === asm)).toHaveLength(1);
      expect(await ctx.store.links.countDecision({ ...d, idempotencyKey: 'later' }, T0)).toBe('replaced');
      expect(await ctx.store.links.countDecision({ ...d, idempotencyKey: 'later' }, T0)).toBe('already');
      expect((await ctx.store.links.countedDecisions('dep_a/p1', 1, 1000)).filter((c) => c.assembly === asm)).toEqual([{ ...d, idempotencyKey: 'later' }]);
      expect(await ctx.store.links.countDecision({ ...d, version: 2 }, T0)).toBe('counted');
    });

    it('GIVEN counted decisions THEN those of one version are listed by assembly, up to the limit', async () => {
      const proposal = unique('dep_a/prop');
      for (const a of ['dep_b/z', 'dep_b/a', 'dep_c/m']) await ctx.store.links.countDecision({ assembly: a, proposal, version: 1, idempotencyKey: `${proposal}/${a}` }, T0);
      await ctx.store.links.countDecision({ assembly: 'dep_b/b', proposal, version: 2, idempotencyKey: `${proposal}/v2` }, T0);
      expect((await ctx.store.links.countedDecisions(proposal, 1, 10)).map((c) => c.assembly)).toEqual(['dep_b/a', 'dep_b/z', 'dep_c/m']);
      expect(await ctx.store.links.countedDecisions(proposal, 1, 2)).toEqual([
        { assembly: 'dep_b/a', proposal, version: 1, idempotencyKey: `${proposal}/dep_b/a` },
        { assembly: 'dep_b/z', proposal, version: 1, idempotencyKey: `${proposal}/dep_b/z` },
      ]);
      expect(await ctx.store.links.countedDecisions(proposal, 3, 10)).toEqual([]);
    });

    it('GIVEN member counts THEN the first per chain head is kept, listed by head', async () => {
      const asm = unique('dep_b/asm');
      await ctx.store.links.recordMemberCount(asm, 20, 7, T0);
      await ctx.store.links.recordMemberCount(asm, 3, 5, T0);
      await ctx.store.links.recordMemberCount(asm, 20, 900, at(1));
      await ctx.store.links.recordMemberCount(asm, 9_007_199_254_740_000, 8, at(1));
      expect(await ctx.store.links.memberCounts(asm)).toEqual([
        { chainSeq: 3, members: 5 },
        { chainSeq: 20, members: 7 },
        { chainSeq: 9_007_199_254_740_000, members: 8 },
      ]);
    });
  });
}
