import { afterEach, describe, expect, it, vi } from 'vitest';
import { FederationInbound } from '../../../src/adapters/matrix/federation/inbound.js';
import type { RawEvent } from '../../../src/core/federation-protocol/index.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { carrierSide, seatBody, until, type CarrierSide } from '../../support/federation-carrier-fixture.js';
import { MatrixWorld } from '../../support/federation-homeserver-double.js';

/**
 * Issue 19, "a peer floods events" (docs/FEDERATION-PROTOCOL.md §5), on the
 * in-memory Matrix with a fake clock: the receiving deployment's real
 * `PeerReceiver` (signatures, lanes) behind its carrier's inbound queue. The
 * flooding and the honest peer's signed events are taken from their link
 * rooms, then handed to the receiver's inbound as a sync would, on a clock
 * the test moves. (test/e2e/federation/flood.e2e.test.ts: the same on real
 * homeservers.)
 */
const QUOTA = { perSecond: 2, burst: 5 };
const FLOOD = 150;
const HONEST = 5;
const PARENT = 'dep_pc/asm_1';
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

let sides: CarrierSide[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const s of sides) await s.carrier.stop();
  sides = [];
});

/** A receiver C and two peers linked to it, each peer's seats posted in its link room; then every carrier stopped. */
async function posted() {
  const world = new MatrixWorld();
  const c = carrierSide({ deployment: 'dep_pc', homeserver: world.account('@fed:c.world'), options: { quota: QUOTA } });
  const flooder = carrierSide({ deployment: 'dep_fl', homeserver: world.account('@fed:fl.world') });
  const honest = carrierSide({ deployment: 'dep_ho', homeserver: world.account('@fed:ho.world') });
  sides.push(c, flooder, honest);
  for (const [peer, code] of [[flooder, 'PLM-FLOOD'], [honest, 'PLM-HONEST']] as const) {
    await peer.trust(c.identity);
    c.invite(code, PARENT);
    await peer.requestLink({ deployment: 'dep_pc', botUserId: c.identity.botUserId, assembly: PARENT }, `${peer.identity.deployment}/asm_2`, code);
  }
  for (const s of sides) s.carrier.start();
  await until('both joins applied at C', () => c.joined.length === 2);
  await c.carrier.stop();
  c.received.length = 0;
  const seats = async (peer: CarrierSide, n: number, tag: string): Promise<readonly RawEvent[]> => {
    const roomId = peer.opened[0]!.roomId;
    await peer.store.peerOutbox.enqueue(range(1, n).map((m) => ({ roomId, type: 'org.plenary.seat' as const, body: seatBody(peer.identity.deployment, m), idempotencyKey: `${tag}/${String(m)}` })), new Date());
    await until(`${tag} posted`, async () => (await peer.store.peerOutbox.pending(1)).length === 0);
    return (await world.account(c.identity.botUserId).history(roomId, 1000)).filter((e) => e.type === 'org.plenary.seat');
  };
  const flood = await seats(flooder, FLOOD, 'flood');
  const fair = await seats(honest, HONEST, 'honest');
  // Nothing runs on its own from here: the test hands C's inbound the events, on a clock it moves.
  for (const s of sides) await s.carrier.stop();
  const inbound = new FederationInbound({ receiver: c.carrier.receiver, outbox: c.store.peerOutbox, sender: c.carrier.sender, identity: c.identity, now: () => new Date(), log: silentLogger, quota: QUOTA });
  return { c, flood, fair, inbound };
}

const from = (c: CarrierSide, deployment: string) => c.received.filter((r) => r.sender === deployment);

describe('a peer floods a deployment (in-memory Matrix, fake clock)', () => {
  it(`GIVEN a quota of ${String(QUOTA.perSecond)}/s burst ${String(QUOTA.burst)} WHEN a peer's ${String(FLOOD)} events arrive at once THEN they are applied once, in order, at the quota, and another peer's events arriving meanwhile are applied at once`, async () => {
    const { c, flood, fair, inbound } = await posted();
    expect(flood).toHaveLength(FLOOD);
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const t0 = Date.now();
    for (const e of flood) inbound.push(e);
    await inbound.pump();
    expect(from(c, 'dep_fl')).toHaveLength(QUOTA.burst);

    await vi.advanceTimersByTimeAsync(10_000);
    const before = from(c, 'dep_fl').length;
    expect(before).toBeLessThanOrEqual(QUOTA.burst + 10 * QUOTA.perSecond + 1);
    // The honest peer's events arrive while the flood's backlog waits: the next pump applies them, no time passing.
    for (const e of fair) inbound.push(e);
    await inbound.pump();
    expect(from(c, 'dep_ho').map((r) => (r.body as { motion: number }).motion)).toEqual(range(1, HONEST));
    expect(from(c, 'dep_ho').every((r) => r.at === t0 + 10_000)).toBe(true);
    expect(from(c, 'dep_fl').length).toBeLessThanOrEqual(before + 1);

    await vi.advanceTimersByTimeAsync(((FLOOD - QUOTA.burst) / QUOTA.perSecond) * 1000 + 1000);
    const applied = from(c, 'dep_fl');
    expect(applied.map((r) => (r.body as { motion: number }).motion)).toEqual(range(1, FLOOD));
    for (let i = QUOTA.burst; i < applied.length; i++) expect(applied[i]!.at - t0).toBeGreaterThanOrEqual(((i - QUOTA.burst + 1) / QUOTA.perSecond) * 1000);
    expect(applied.at(-1)!.at - t0).toBeLessThanOrEqual(((FLOOD - QUOTA.burst) / QUOTA.perSecond) * 1000 + 100);
    expect(inbound.counts).toMatchObject({ accepted: FLOOD + HONEST, duplicate: 0, refused: 0, errors: 0 });
    inbound.close();
  }, 30_000);
});
