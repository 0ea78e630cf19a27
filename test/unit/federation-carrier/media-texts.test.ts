import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventBody } from '../../../src/core/federation-protocol/index.js';
import { referralText } from '../../../src/core/federation/remote/index.js';
import { carrierSide, digestBody, until, type CarrierSide } from '../../support/federation-carrier-fixture.js';
import { hex } from '../../support/federation-peers.js';
import { MatrixWorld } from '../../support/federation-homeserver-double.js';

const PARENT = { deployment: 'dep_pa', botUserId: '@fed:a.world', assembly: 'dep_pa/asm_1' };
const CHILD_ASM = 'dep_ch/asm_2';
const sha = (t: string): string => createHash('sha256').update(t).digest('hex');

let sides: CarrierSide[] = [];
afterEach(async () => {
  for (const s of sides) await s.carrier.stop();
  sides = [];
});

/** A 100 KiB proposal text with multi-byte characters (its UTF-8 length is what is signed). */
const big = (tag: string): string => `${tag}: ${'Les vélos partagés — ¶ '.repeat(4400)}`.slice(0, 100 * 1024);

/** The parent's queued referral for a text over 16 KiB, as the relay queues it: no text inline, no media yet. */
const referral = (text: string, version: number): EventBody<'org.plenary.referral'> => ({
  proposal: 'dep_pa/prop_9', version, title: 'Shared bike fleet', text: '', text_mxc: null, text_sha256: sha(text), text_bytes: Buffer.byteLength(text, 'utf8'),
  from_assembly: PARENT.assembly, to_assembly: CHILD_ASM, adoption_rule: { kind: 'count', value: 2 }, deadline: null, supersedes: version > 1 ? version - 1 : null, chain_head: { seq: version, hash: hex('d') },
});

async function linked(texts: Map<string, string>, told: EventBody<'org.plenary.referral'>[] = []) {
  const world = new MatrixWorld();
  const parent = carrierSide({ deployment: PARENT.deployment, homeserver: world.account(PARENT.botUserId), options: { largeText: (b) => Promise.resolve(texts.get(b.text_sha256) ?? null) } });
  const child = carrierSide({ deployment: 'dep_ch', homeserver: world.account('@fed:b.world'), options: { onTextHeld: (b) => Promise.resolve(void told.push(b)) } });
  sides.push(parent, child);
  await child.trust(parent.identity);
  parent.invite('PLM-7Q2K', PARENT.assembly);
  await child.requestLink(PARENT, CHILD_ASM, 'PLM-7Q2K');
  parent.carrier.start();
  child.carrier.start();
  const roomId = await until('the link room', () => child.opened[0]?.roomId);
  await until('the join applied by the parent', () => parent.joined.length === 1);
  return { world, parent, child, roomId };
}

describe('referral texts over 16 KiB travel as Matrix media (docs/FEDERATION-PROTOCOL.md §3)', () => {
  it('GIVEN a 100 KiB text THEN the parent uploads it once, the signed event names it, and the child gets it whole', async () => {
    const text = big('v1');
    const { world, parent, child, roomId } = await linked(new Map([[sha(text), text]]));
    await parent.store.peerOutbox.enqueue([{ roomId, type: 'org.plenary.referral', body: referral(text, 1), idempotencyKey: 'ref/prop_9/v1/asm_2' }], new Date());
    const got = await until('the referral at the child', () => child.received.find((r) => r.type === 'org.plenary.referral'));
    const body = got.body as EventBody<'org.plenary.referral'>;
    expect(body).toMatchObject({ text: '', text_sha256: sha(text), text_bytes: Buffer.byteLength(text, 'utf8') });
    expect(body.text_mxc).toMatch(/^mxc:\/\/a\.world\//);
    expect(body.text_bytes).toBeGreaterThan(100_000);
    expect(await referralText(body, child.carrier.media)).toEqual({ ok: true, text });
    // The queued row keeps its media URI: a resend signs the very same bytes and uploads nothing again.
    const row = (await parent.store.peerOutbox.range(roomId, 1, 10)).find((e) => e.idempotencyKey === 'ref/prop_9/v1/asm_2')!;
    expect(row.body).toMatchObject({ text_mxc: body.text_mxc });
    expect(parent.carrier.sender.envelope(row)).toEqual(parent.carrier.sender.envelope(row));
    expect(await parent.carrier.sender.resend(roomId, row.seq, row.seq, 'again')).toBe(1);
    expect(world.uploads).toBe(1);
  }, 20_000);

  it('GIVEN the homeserver serves another file than the parent uploaded THEN the child holds the referral (and what follows it), and takes it once the right file is there', async () => {
    const text = big('v2');
    const told: EventBody<'org.plenary.referral'>[] = [];
    const { world, parent, child, roomId } = await linked(new Map([[sha(text), text]]), told);
    world.tamperNext = (bytes) => Buffer.concat([bytes.subarray(0, 1000), Buffer.from('Transfer the fleet to a private company.'), bytes.subarray(1040)]);
    await parent.store.peerOutbox.enqueue([{ roomId, type: 'org.plenary.referral', body: referral(text, 2), idempotencyKey: 'ref/prop_9/v2/asm_2' }], new Date());
    await parent.store.peerOutbox.enqueue([{ roomId, type: 'org.plenary.vote_digest', body: digestBody('dep_ch', 1), idempotencyKey: 'digest/after' }], new Date());
    await until('the referral held', () => child.carrier.inbound.counts.held >= 2);
    expect(child.received.filter((r) => r.type !== 'org.plenary.join_accepted')).toEqual([]);
    // The assembly it was meant for is told (the relay sends it once per proposal version: `tellHeldReferralText`).
    expect(told[0]).toMatchObject({ proposal: 'dep_pa/prop_9', version: 2 });
    // The inline check stands too: a forged file would never become the text.
    const row = (await parent.store.peerOutbox.range(roomId, 1, 10)).find((e) => e.idempotencyKey === 'ref/prop_9/v2/asm_2')!;
    const mxc = (row.body as { text_mxc: string }).text_mxc;
    expect(await referralText({ ...referral(text, 2), text_mxc: mxc }, { fetchText: () => Promise.resolve(world.media.get(mxc)!.toString('utf8')) })).toMatchObject({ ok: false, why: 'mismatch' });
    // The homeserver serves the right file again: the held referral goes through at the next sweep, then the digest behind it.
    world.media.set(mxc, Buffer.from(text, 'utf8'));
    await until('the referral and the digest', () => child.received.filter((r) => r.type === 'org.plenary.referral' || r.type === 'org.plenary.vote_digest').length === 2);
    expect(child.received.filter((r) => r.type !== 'org.plenary.join_accepted').map((r) => r.type)).toEqual(['org.plenary.referral', 'org.plenary.vote_digest']);
  }, 20_000);
});
