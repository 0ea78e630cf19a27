import { describe, expect, it } from 'vitest';
import { deployment, joinBody, signed, T0 } from '../../support/federation-peers.js';
import { parentReceiver } from '../../support/federation-receiver.js';

const ROOM = '!link-b:b.example';
const at = (ms: number) => new Date(T0.getTime() + ms);
const seat = (motion: number) => ({ assembly: 'dep_b/asm_42', parent_assembly: 'dep_a/asm_1', seat: 1, delegate: '@ana:b.example', motion, term_ends: null, chain_head: { seq: motion, hash: 'e'.repeat(64) } });

/** A heartbeat is its sender's position: every seq below it exists, so a gap under it needs no 60 s of patience. */
describe('a gap under a heartbeat', () => {
  it('GIVEN seqs 3..5 never arrived THEN the heartbeat at seq 6 asks for 3..5 at once, the sweep does not ask again within the resend period, and the resent events apply once, in order', async () => {
    const w = parentReceiver({ gapMs: 60_000, resendEveryMs: 600_000 });
    const b = deployment('dep_b');
    w.invite('CODE');
    await w.receiver.receive(signed(b, ROOM, 'org.plenary.join', joinBody(b, 'asm_42', 'CODE')), T0);
    const seats = [2, 3, 4, 5].map((n) => signed(b, ROOM, 'org.plenary.seat', seat(n)));
    await w.receiver.receive(seats[0]!, T0);
    const hb = signed(b, ROOM, 'org.plenary.heartbeat', { heads: [], last_seq_received: 0 });
    expect(await w.receiver.receive(hb, at(1000))).toMatchObject({ kind: 'accepted', applied: 0, resend: { roomId: ROOM, sender: 'dep_b', fromSeq: 3, toSeq: 5 } });
    expect(await w.receiver.receive(hb, at(2000))).toEqual({ kind: 'duplicate' });
    expect(await w.receiver.inbox.sweepGaps(at(120_000))).toEqual([]);
    for (const e of seats.slice(1)) await w.receiver.receive(e, at(130_000));
    expect(w.others.map((o) => o.entry.seq)).toEqual([2, 3, 4, 5]);
    expect(await w.store.lane(ROOM, 'dep_b')).toMatchObject({ nextSeq: 7, gapSince: null });
  });

  it('GIVEN any other event ahead of the lane THEN the gap waits its 60 s as before', async () => {
    const w = parentReceiver({ gapMs: 60_000, resendEveryMs: 600_000 });
    const b = deployment('dep_b');
    w.invite('CODE');
    await w.receiver.receive(signed(b, ROOM, 'org.plenary.join', joinBody(b, 'asm_42', 'CODE')), T0);
    signed(b, ROOM, 'org.plenary.seat', seat(2)); // seq 2, never delivered
    expect(await w.receiver.receive(signed(b, ROOM, 'org.plenary.seat', seat(3)), at(1000))).toMatchObject({ kind: 'accepted', resend: null });
    expect(await w.receiver.inbox.sweepGaps(at(30_000))).toEqual([]);
    expect((await w.receiver.inbox.sweepGaps(at(62_000))).map((r) => [r.fromSeq, r.toSeq])).toEqual([[2, 2]]);
  });
});
