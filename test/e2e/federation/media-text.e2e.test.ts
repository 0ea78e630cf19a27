import { createHash, randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { HttpHomeserver } from '../../../src/adapters/matrix/federation/client.js';
import type { EventBody } from '../../../src/core/federation-protocol/index.js';
import { referralText } from '../../../src/core/federation/remote/index.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { carrierSide, until, type CarrierSide } from '../../support/federation-carrier-fixture.js';
import { hex } from '../../support/federation-peers.js';
import { registerWithSharedSecret } from '../../support/matrix-synapse-accounts.js';
import { FED_A_URL, FED_B_URL, FED_SECRET, federatingPairUnavailable } from '../../support/federation-homeservers.js';

/**
 * A referral text over 16 KiB between two real homeservers that federate:
 * the parent's carrier uploads it to its own content repository, the signed
 * event names the media, and the child's carrier fetches it through its own
 * homeserver (which gets it over federation) and checks it against the hash.
 */
const reason = await federatingPairUnavailable();
const suffix = randomBytes(3).toString('hex');
const sha = (t: string): string => createHash('sha256').update(t).digest('hex');
const homeserver = async (url: string, name: string) => {
  const a = await registerWithSharedSecret(url, FED_SECRET, `${name}${suffix}`);
  return new HttpHomeserver({ baseUrl: url, accessToken: a.accessToken, userId: a.userId, log: silentLogger });
};

describe.skipIf(reason !== null)('a 100 KiB referral text across two real homeservers', () => {
  const sides: CarrierSide[] = [];
  afterAll(async () => {
    for (const s of sides) await s.carrier.stop();
  }, 60_000);

  it('GIVEN a 100 KiB text THEN it travels as media and arrives intact at the child', async () => {
    const text = `Shared bike fleet. ${'Les vélos partagés — ¶ '.repeat(4500)}`.slice(0, 100 * 1024);
    const hsA = await homeserver(FED_A_URL, 'mediaparent');
    const hsB = await homeserver(FED_B_URL, 'mediachild');
    const parentAsm = 'dep_pa/asm_1';
    const parent = carrierSide({ deployment: 'dep_pa', homeserver: hsA, options: { largeText: (b) => Promise.resolve(b.text_sha256 === sha(text) ? text : null) } });
    const child = carrierSide({ deployment: 'dep_ch', homeserver: hsB });
    sides.push(parent, child);
    await child.trust(parent.identity);
    parent.invite('PLM-MEDIA', parentAsm);
    await child.requestLink({ deployment: 'dep_pa', botUserId: hsA.userId, assembly: parentAsm }, 'dep_ch/asm_2', 'PLM-MEDIA');
    parent.carrier.start();
    child.carrier.start();
    const roomId = await until('the link room', () => child.opened[0]?.roomId, 60_000);
    await until('the join applied', () => parent.joined.length === 1, 60_000);
    const body: EventBody<'org.plenary.referral'> = {
      proposal: 'dep_pa/prop_1', version: 1, title: 'Shared bike fleet', text: '', text_mxc: null, text_sha256: sha(text), text_bytes: Buffer.byteLength(text, 'utf8'),
      from_assembly: parentAsm, to_assembly: 'dep_ch/asm_2', adoption_rule: { kind: 'count', value: 2 }, deadline: null, supersedes: null, chain_head: { seq: 1, hash: hex('d') },
    };
    await parent.store.peerOutbox.enqueue([{ roomId, type: 'org.plenary.referral', body, idempotencyKey: 'ref/prop_1/v1/asm_2' }], new Date());
    const got = await until('the referral at the child', () => child.received.find((r) => r.type === 'org.plenary.referral'), 60_000);
    const received = got.body as EventBody<'org.plenary.referral'>;
    expect(received.text_mxc).toMatch(/^mxc:\/\//);
    expect(received.text_bytes).toBeGreaterThan(100_000);
    expect(await referralText(received, child.carrier.media)).toEqual({ ok: true, text });
  }, 120_000);
});
