import { afterEach, describe, expect, it } from 'vitest';
import { carrierSide, digestBody, until, type CarrierSide } from '../../support/federation-carrier-fixture.js';
import { MatrixWorld } from '../../support/federation-homeserver-double.js';

/**
 * The tail of a lane lost in an outage: the last events a deployment sent
 * never reach the peer, and nothing after them tells the peer they exist.
 * The carriers run over the in-memory Matrix on a fake clock (their loops
 * poll every 100 ms of real time; the clock moves only when the test moves
 * it), so "within a minute" is measured on the carriers' own clock.
 */
const PARENT = { deployment: 'dep_pa', botUserId: '@fed:a.world', assembly: 'dep_pa/asm_1' };
const CHILD_BOT = '@fed:b.world';
const SECOND = 1000;

let sides: CarrierSide[] = [];
afterEach(async () => {
  for (const s of sides) await s.carrier.stop();
  sides = [];
});

async function linked() {
  const world = new MatrixWorld();
  const clock = { t: Date.parse('2026-12-08T00:00:00.000Z') };
  const options = { now: () => new Date(clock.t) };
  const parent = carrierSide({ deployment: PARENT.deployment, homeserver: world.account(PARENT.botUserId), options });
  const child = carrierSide({ deployment: 'dep_ch', homeserver: world.account(CHILD_BOT), options });
  sides.push(parent, child);
  await child.trust(parent.identity);
  parent.invite('PLM-7Q2K', PARENT.assembly);
  await child.requestLink(PARENT, 'dep_ch/asm_2', 'PLM-7Q2K');
  parent.carrier.start();
  child.carrier.start();
  const roomId = await until('the link room', () => child.opened[0]?.roomId);
  await until('the join applied by the parent', () => parent.joined.length === 1);
  // Past the child's own quiet heartbeat after its join: from here on each side speaks only when the test says.
  clock.t += 31 * SECOND;
  await until('the child’s quiet heartbeat sent', async () => (await child.store.peerOutbox.range(roomId, 1, 100)).some((e) => e.type === 'org.plenary.heartbeat' && e.sentAt !== null));
  await settle();
  return { world, clock, parent, child, roomId };
}

const digests = (side: CarrierSide) => side.received.filter((r) => r.type === 'org.plenary.vote_digest').map((r) => (r.body as { motion: number }).motion);
const sendDigests = async (parent: CarrierSide, roomId: string, from: number, to: number) => {
  for (let n = from; n <= to; n++) await parent.store.peerOutbox.enqueue([{ roomId, type: 'org.plenary.vote_digest', body: digestBody('dep_ch', n), idempotencyKey: `digest/${String(n)}` }], new Date());
};
const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

/** Moves the fake clock in 5 s steps (letting the loops run between) until `done`; how far it had to move. */
async function advanceUntil(clock: { t: number }, done: () => boolean, limitMs = 180 * SECOND): Promise<number> {
  const from = clock.t;
  while (!done()) {
    if (clock.t - from >= limitMs) throw new Error(`not recovered within ${String(limitMs / SECOND)} s of the carriers' clock`);
    clock.t += 5 * SECOND;
    await settle();
  }
  return clock.t - from;
}

describe('a lane whose last events were lost on the way', () => {
  it('GIVEN the homeserver loses the last 3 of 6 events THEN a heartbeat 30 s after the last send shows the position, the receiver asks at once, and the 3 arrive once, in order, within a minute', async () => {
    const { world, clock, parent, child, roomId } = await linked();
    const lostOnce = new Set(['digest/4', 'digest/5', 'digest/6']);
    world.lose = (e) => lostOnce.delete(String(e.content.idempotency_key));
    await sendDigests(parent, roomId, 1, 6);
    await until('1..3 applied and 4..6 sent', async () => digests(child).length === 3 && (await parent.store.peerOutbox.pending(10)).length === 0);
    await settle(500);
    expect(digests(child)).toEqual([1, 2, 3]); // nothing after the tail: the child cannot know it lacks anything
    const took = await advanceUntil(clock, () => digests(child).length >= 6);
    console.info(`lost tail: 3 events recovered ${String(took / SECOND)} s after the last send (carriers' clock; 5 s steps)`);
    expect(took).toBeLessThanOrEqual(60 * SECOND);
    await settle(500);
    expect(digests(child)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(child.received.map((r) => r.key)).size).toBe(child.received.length);
    // The heartbeat that showed the position came after the tail, named by it.
    const hb = (await parent.store.peerOutbox.range(roomId, 1, 100)).filter((e) => e.type === 'org.plenary.heartbeat');
    expect(hb.map((e) => e.idempotencyKey)).toContainEqual(expect.stringMatching(/\/after\/\d+$/));
  }, 40_000);

  it('GIVEN the sender’s homeserver down while it sends THEN each failed send is retried until it goes out, and arrives once', async () => {
    const { world, parent, child, roomId } = await linked();
    world.down.add(PARENT.botUserId);
    const before = world.sendCalls.length;
    await sendDigests(parent, roomId, 1, 3);
    await until('several failed attempts', () => world.sendCalls.length - before >= 5);
    expect(await parent.store.peerOutbox.pending(10)).toHaveLength(3);
    expect(digests(child)).toEqual([]);
    world.down.delete(PARENT.botUserId);
    await until('the 3 arrived', () => digests(child).length >= 3);
    await until('nothing left to send', async () => (await parent.store.peerOutbox.pending(10)).length === 0);
    await settle(500);
    expect(digests(child)).toEqual([1, 2, 3]);
    expect(new Set(child.received.map((r) => r.key)).size).toBe(child.received.length);
  }, 30_000);

  it('GIVEN the receiver’s homeserver down while the tail and the quiet heartbeat after it are lost THEN its sync coming back sends its position, and the sender sends the tail again', async () => {
    const { world, clock, parent, child, roomId } = await linked();
    await sendDigests(parent, roomId, 1, 2);
    await until('1, 2 applied', () => digests(child).length === 2);
    world.down.add(CHILD_BOT);
    world.lose = (e) => world.down.has(CHILD_BOT) && e.sender === PARENT.botUserId;
    await sendDigests(parent, roomId, 3, 5);
    await until('3..5 sent', async () => (await parent.store.peerOutbox.pending(10)).length === 0);
    clock.t += 31 * SECOND;
    await until('the quiet heartbeat sent (and lost)', async () => (await parent.store.peerOutbox.range(roomId, 1, 100)).some((e) => e.type === 'org.plenary.heartbeat' && e.sentAt !== null));
    world.down.delete(CHILD_BOT);
    const back = clock.t;
    const backReal = Date.now();
    await until('3..5 sent again on the child’s heartbeat', () => digests(child).length >= 5, 15_000);
    expect(clock.t - back).toBe(0); // no waiting on the carriers' clock at all
    console.info(`lost tail, receiver's homeserver down: 3 events recovered ${String(Date.now() - backReal)} ms (real) after it came back (its sync retries after 1 s, then 2 s, 4 s …)`);
    await settle(500);
    expect(digests(child)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(child.received.map((r) => r.key)).size).toBe(child.received.length);
  }, 40_000);
});
