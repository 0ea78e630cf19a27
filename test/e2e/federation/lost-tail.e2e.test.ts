import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { HttpHomeserver, type FederationHomeserver } from '../../../src/adapters/matrix/federation/client.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { carrierSide, digestBody, until, type CarrierSide } from '../../support/federation-carrier-fixture.js';
import { FED_A_URL, FED_B_URL, FED_SECRET, federatingPairUnavailable } from '../../support/federation-homeservers.js';
import { registerWithSharedSecret } from '../../support/matrix-synapse-accounts.js';

/**
 * A lane's tail lost on the way, on the two real federating homeservers:
 * the parent's carrier believes it sent its last 3 events, but they never
 * reach its homeserver (the test's homeserver skips them, once). Nothing
 * follows them, so the child cannot see the gap; the parent's heartbeat 30 s
 * after its last send shows its position and the tail comes back, once.
 */
const reason = await federatingPairUnavailable();
const suffix = randomBytes(3).toString('hex');
const account = async (url: string, name: string) => {
  const a = await registerWithSharedSecret(url, FED_SECRET, `${name}${suffix}`);
  return new HttpHomeserver({ baseUrl: url, accessToken: a.accessToken, userId: a.userId, log: silentLogger });
};

/** The homeserver as the carrier sees it, except that the first send of each key in `skip` is answered without being posted. */
function skipping(hs: FederationHomeserver, skip: Set<string>): FederationHomeserver {
  const send: FederationHomeserver['send'] = (roomId, type, content, txnId) => (skip.delete(String(content.idempotency_key)) ? Promise.resolve(`$skipped-${txnId}`) : hs.send(roomId, type, content, txnId));
  // Every other call goes to the real homeserver, whatever the interface grows.
  return new Proxy(hs, {
    get: (target, prop, receiver) => {
      if (prop === 'send') return send;
      const v: unknown = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

describe.skipIf(reason !== null)('a lost lane tail across two real homeservers', () => {
  const sides: CarrierSide[] = [];
  afterAll(async () => {
    for (const s of sides) await s.carrier.stop();
  }, 60_000);

  it('GIVEN the last 3 of 5 events never posted THEN they arrive at the child once, in order, within a minute of the last send', async () => {
    const hsA = await account(FED_A_URL, 'tailparent');
    const hsB = await account(FED_B_URL, 'tailchild');
    const skip = new Set<string>();
    const options = { inbox: { gapMs: 3000, resendEveryMs: 20_000 } };
    const parent = carrierSide({ deployment: 'dep_pa', homeserver: skipping(hsA, skip), options });
    const child = carrierSide({ deployment: 'dep_ch', homeserver: hsB, options });
    sides.push(parent, child);
    await child.trust(parent.identity);
    parent.invite('PLM-TAIL', 'dep_pa/asm_1');
    await child.requestLink({ deployment: 'dep_pa', botUserId: hsA.userId, assembly: 'dep_pa/asm_1' }, 'dep_ch/asm_2', 'PLM-TAIL');
    parent.carrier.start();
    child.carrier.start();
    const roomId = await until('the link room', () => child.opened[0]?.roomId, 20_000);
    await until('the join applied on the parent', () => parent.joined.length === 1, 20_000);

    for (const n of [3, 4, 5]) skip.add(`digest/${String(n)}`);
    await parent.store.peerOutbox.enqueue([1, 2, 3, 4, 5].map((n) => ({ roomId, type: 'org.plenary.vote_digest' as const, body: digestBody('dep_ch', n), idempotencyKey: `digest/${String(n)}` })), new Date());
    await until('all 5 marked sent', async () => (await parent.store.peerOutbox.pending(10)).length === 0, 20_000);
    const lastSend = Date.now();
    expect(skip.size).toBe(0);
    const digests = () => child.received.filter((r) => r.type === 'org.plenary.vote_digest').map((r) => (r.body as { motion: number }).motion);
    await until('1, 2 at the child', () => digests().length >= 2, 20_000);
    await until('the lost tail at the child', () => digests().length >= 5, 60_000);
    const took = Date.now() - lastSend;
    await new Promise((r) => setTimeout(r, 2000));
    expect(digests()).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(child.received.map((r) => r.key)).size).toBe(child.received.length);
    console.info(`lost tail e2e: 3 events recovered ${(took / 1000).toFixed(1)} s after the last send (heartbeat after 30 s quiet)`);
    expect(took).toBeLessThan(60_000);
  }, 120_000);
});

describe.runIf(reason !== null)('a lost lane tail across two real homeservers', () => {
  it.skip(`skipped: ${reason ?? ''} (start the federating pair, see link-room.e2e.test.ts)`, () => undefined);
});
