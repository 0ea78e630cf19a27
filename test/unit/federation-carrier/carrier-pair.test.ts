import { afterEach, describe, expect, it } from 'vitest';
import { linkRoomCreation } from '../../../src/adapters/matrix/federation/link-rooms.js';
import { buildEnvelope, ed25519Signer, generateDeploymentKey } from '../../../src/core/federation-protocol/index.js';
import { carrierSide, digestBody, seatBody, until, type CarrierSide } from '../../support/federation-carrier-fixture.js';
import { MatrixWorld } from '../../support/federation-homeserver-double.js';

const PARENT = { deployment: 'dep_pa', botUserId: '@fed:a.world', assembly: 'dep_pa/asm_1' };
const CHILD_ASM = 'dep_ch/asm_2';

let sides: CarrierSide[] = [];
afterEach(async () => {
  for (const s of sides) await s.carrier.stop();
  sides = [];
});

/** A parent and a child deployment, started, with the link room open and the join applied. */
async function linked(world = new MatrixWorld()) {
  const parent = carrierSide({ deployment: PARENT.deployment, homeserver: world.account(PARENT.botUserId) });
  const child = carrierSide({ deployment: 'dep_ch', homeserver: world.account('@fed:b.world') });
  sides.push(parent, child);
  await child.trust(parent.identity);
  parent.invite('PLM-7Q2K', PARENT.assembly);
  await child.requestLink(PARENT, CHILD_ASM, 'PLM-7Q2K');
  parent.carrier.start();
  child.carrier.start();
  const roomId = (await until('the link room', () => child.opened[0]?.roomId));
  await until('the join applied by the parent', () => parent.joined.length === 1);
  return { world, parent, child, roomId };
}

const send = async (from: CarrierSide, roomId: string, type: 'org.plenary.seat' | 'org.plenary.vote_digest', n: number, tag = '') => {
  const body = type === 'org.plenary.seat' ? seatBody('dep_ch', n) : digestBody('dep_ch', n);
  await from.store.peerOutbox.enqueue([{ roomId, type, body, idempotencyKey: `${type.slice(12)}/${tag}${String(n)}` }], new Date());
};

describe('Matrix carrier: two deployments over one (in-memory) Matrix', () => {
  it('GIVEN a link request THEN the child opens the room as the protocol fixes it, the parent stays, and the join binds the child', async () => {
    const { world, parent, child, roomId } = await linked();
    const state = await world.account(PARENT.botUserId).roomState(roomId);
    const pl = state.find((e) => e.type === 'm.room.power_levels')!.content;
    expect(pl).toMatchObject({ users: { '@fed:a.world': 100, '@fed:b.world': 100 }, users_default: 0, events_default: 100, state_default: 100, invite: 100 });
    expect(state.find((e) => e.type === 'm.room.join_rules')!.content.join_rule).toBe('invite');
    expect(state.find((e) => e.type === 'm.room.create')!.content['m.federate']).toBe(true);
    expect(world.membership(roomId, PARENT.botUserId)).toBe('join');
    expect(parent.carrier.rooms.left).toEqual([]);
    expect((await child.store.peerOutbox.linkRequests('room-open', 10)).map((r) => r.roomId)).toEqual([roomId]);
    expect(await parent.store.links.hostOf(CHILD_ASM)).toMatchObject({ deployment: 'dep_ch', linkRoomId: roomId });
    expect(parent.joined).toEqual([CHILD_ASM]);
  }, 20_000);

  it('GIVEN 200 events each way THEN each side applies every one once, in seq order', async () => {
    const { parent, child, roomId } = await linked();
    for (let n = 1; n <= 200; n++) {
      await send(child, roomId, 'org.plenary.seat', n);
      await send(parent, roomId, 'org.plenary.vote_digest', n);
    }
    await until('200 each way', () => parent.received.length >= 200 && child.received.length >= 200, 30_000);
    expect(parent.received.map((r) => (r.body as { motion: number }).motion)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(parent.received.map((r) => r.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 2)); // seq 1 was the join
    expect(child.received.map((r) => (r.body as { motion: number }).motion)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(new Set(child.received.map((r) => r.key)).size).toBe(200);
  }, 40_000);

  it('GIVEN the child stopped while the parent sends 50 THEN the restarted child catches up, nothing lost or twice', async () => {
    const { parent, child, roomId } = await linked();
    await send(parent, roomId, 'org.plenary.vote_digest', 1);
    await until('the first', () => child.received.length === 1);
    await child.carrier.stop();
    for (let n = 2; n <= 51; n++) await send(parent, roomId, 'org.plenary.vote_digest', n);
    await until('sent while the child is away', async () => (await parent.store.peerOutbox.pending(100)).length === 0);
    child.restart();
    await until('the catch-up', () => child.received.length >= 51);
    await new Promise((r) => setTimeout(r, 300));
    expect(child.received.map((r) => (r.body as { motion: number }).motion)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
  }, 30_000);

  it('GIVEN events a homeserver withholds THEN the gap is asked for again (org.plenary.resend) and filled, and a resend is the same signed bytes', async () => {
    const world = new MatrixWorld();
    const { parent, child, roomId } = await linked(world);
    let dropped = 0;
    world.withhold = (user, e) => user === '@fed:b.world' && e.type === 'org.plenary.vote_digest' && [3, 4].includes((e.content.body as { motion: number }).motion) && dropped++ < 100;
    for (let n = 1; n <= 6; n++) await send(parent, roomId, 'org.plenary.vote_digest', n);
    await until('1, 2 applied and 5, 6 waiting', async () => child.received.length === 2 && (await child.store.links.pendingFrom(roomId, 'dep_pa', 1, 10)).length === 2);
    const [e3] = await parent.store.peerOutbox.range(roomId, 4, 4);
    const before = parent.carrier.sender.envelope(e3!);
    world.withhold = () => false;
    // The receiver's lasting-gap clock, moved on: the sweep asks for seqs 4..5 (3 and 4 of the digests).
    const asks = await child.carrier.inbound.sweepGaps();
    expect(asks).toEqual([]); // not lasting yet
    const lane = await child.store.links.lane(roomId, 'dep_pa');
    await child.store.links.setLaneGap(roomId, 'dep_pa', new Date(Date.now() - 120_000), null);
    expect((await child.carrier.inbound.sweepGaps()).map((r) => [r.fromSeq, r.toSeq])).toEqual([[lane.nextSeq, lane.nextSeq + 1]]);
    await until('the gap filled', () => child.received.length === 6);
    expect(child.received.map((r) => (r.body as { motion: number }).motion)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(parent.carrier.sender.envelope(e3!)).toEqual(before);
  }, 30_000);

  it('GIVEN a forged event (a stranger in the room, the right bot with a wrong key, an altered body) THEN each is refused and nothing applied', async () => {
    const world = new MatrixWorld();
    const { parent, child, roomId } = await linked(world);
    const wrong = ed25519Signer(generateDeploymentKey('forged'));
    const env = (signer = child.identity.signer, motion = 900) => buildEnvelope({ type: 'org.plenary.seat', roomId, deployment: 'dep_ch', idempotencyKey: `forged/${String(motion)}`, seq: 2, sentAt: new Date(), body: seatBody('dep_ch', motion) }, signer);
    const good = env();
    const bad = env({ ...wrong, keyId: child.identity.signer.keyId });
    if (!good.ok || !bad.ok) throw new Error('envelopes');
    world.post(roomId, '@mallory:c.world', 'org.plenary.seat', good.value, undefined, true);
    world.post(roomId, '@fed:b.world', 'org.plenary.seat', bad.value, undefined, true);
    world.post(roomId, '@fed:b.world', 'org.plenary.seat', { ...good.value, body: { ...good.value.body, motion: 901 } }, undefined, true);
    await until('three refusals', () => parent.carrier.inbound.counts.refused >= 3);
    expect(parent.received).toEqual([]);
    await send(child, roomId, 'org.plenary.seat', 1);
    await until('the genuine seq 2', () => parent.received.length === 1);
    expect(parent.received[0]).toMatchObject({ seq: 2, sender: 'dep_ch' });
  }, 20_000);

  it('GIVEN a heartbeat saying the peer applied up to k THEN the sender sends again what comes after k', async () => {
    const world = new MatrixWorld();
    const { parent, child, roomId } = await linked(world);
    world.withhold = (user, e) => user === '@fed:b.world' && e.type === 'org.plenary.vote_digest' && (e.content.body as { motion: number }).motion >= 3;
    for (let n = 1; n <= 4; n++) await send(parent, roomId, 'org.plenary.vote_digest', n);
    await until('1, 2 applied', () => child.received.length === 2);
    await until('all sent', async () => (await parent.store.peerOutbox.pending(10)).length === 0);
    world.withhold = () => false;
    await child.carrier.heartbeat();
    await until('3 and 4 sent again after the heartbeat', () => child.received.length === 4);
    expect(child.received.map((r) => (r.body as { motion: number }).motion)).toEqual([1, 2, 3, 4]);
    expect(await parent.store.links.peer('dep_ch')).toMatchObject({ status: 'active' });
  }, 20_000);

  it('GIVEN an event of another protocol major version THEN the receiver answers org.plenary.error unsupported_version, and never an error with an error', async () => {
    const world = new MatrixWorld();
    const { parent, roomId } = await linked(world);
    world.post(roomId, '@fed:b.world', 'org.plenary.seat', { protocol: 2, deployment: 'dep_ch', idempotency_key: 'v2/1' }, undefined, true);
    world.post(roomId, '@fed:b.world', 'org.plenary.error', { protocol: 2, deployment: 'dep_ch', idempotency_key: 'v2/2' }, undefined, true);
    const errors = await until('the error answer', async () => {
      const all = await parent.store.peerOutbox.range(roomId, 1, 100);
      const errs = all.filter((e) => e.type === 'org.plenary.error');
      return errs.length > 0 ? errs : null;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect((await parent.store.peerOutbox.range(roomId, 1, 100)).filter((e) => e.type === 'org.plenary.error')).toHaveLength(1);
    expect(errors[0]!.body).toMatchObject({ code: 'unsupported_version', refers_to: 'v2/1', supported: [1] });
  }, 20_000);
});

describe('a link room the parent has not joined yet', () => {
  it('GIVEN the child opened the room THEN its join waits, unsent, until the parent bot is in the room (its homeserver could not read it before)', async () => {
    const world = new MatrixWorld();
    const child = carrierSide({ deployment: 'dep_ch', homeserver: world.account('@fed:b.world') });
    sides.push(child);
    await child.requestLink(PARENT, CHILD_ASM, 'PLM-1');
    child.carrier.start();
    const roomId = await until('the room', () => child.opened[0]?.roomId);
    await new Promise((r) => setTimeout(r, 400));
    expect((await child.store.peerOutbox.pending(10)).map((e) => e.type)).toEqual(['org.plenary.join']);
    expect(world.sendCalls.filter((c) => c.roomId === roomId)).toEqual([]);
    await world.account(PARENT.botUserId).join(roomId);
    await until('the join sent', async () => (await child.store.peerOutbox.pending(10)).length === 0);
    expect(world.sendCalls.filter((c) => c.roomId === roomId).map((c) => c.type)).toEqual(['org.plenary.join']);
  }, 10_000);
});

describe('link rooms the parent is invited to', () => {
  it.each([
    ['a stranger invited too', (child: string, parent: string) => ({ ...linkRoomCreation(child, parent), invite: [parent, '@eve:c.world'] }), /other members/],
    ['power for a stranger', (child: string, parent: string) => ({ ...linkRoomCreation(child, parent), power_level_content_override: { users: { [child]: 100, [parent]: 100, '@eve:c.world': 50 }, users_default: 0, events_default: 100, state_default: 100, invite: 100 } }), /power levels name/],
    ['anyone may post', (child: string, parent: string) => ({ ...linkRoomCreation(child, parent), power_level_content_override: { users: { [child]: 100, [parent]: 100 }, users_default: 0, events_default: 0, state_default: 100, invite: 100 } }), /events_default/],
    ['a public room', (child: string, parent: string) => ({ ...linkRoomCreation(child, parent), initial_state: [{ type: 'm.room.join_rules', state_key: '', content: { join_rule: 'public' } }] }), /invite-only/],
  ])('GIVEN %s THEN the parent bot leaves, saying why', async (_name, body, why) => {
    const world = new MatrixWorld();
    const parent = carrierSide({ deployment: PARENT.deployment, homeserver: world.account(PARENT.botUserId) });
    sides.push(parent);
    parent.carrier.start();
    const roomId = await world.account('@fed:b.world').createRoom(body('@fed:b.world', PARENT.botUserId));
    await until('left', () => parent.carrier.rooms.left.length === 1);
    expect(parent.carrier.rooms.left[0]).toMatchObject({ roomId, inviter: '@fed:b.world' });
    expect(parent.carrier.rooms.left[0]!.reason).toMatch(why);
    expect(world.membership(roomId, PARENT.botUserId)).toBe('leave');
  }, 10_000);
});
