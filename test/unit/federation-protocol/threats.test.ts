import { describe, expect, it } from 'vitest';
import { decisionBody, deployment, joinBody, signed, T0, type TestDeployment } from '../../support/federation-peers.js';
import { parentReceiver } from '../../support/federation-receiver.js';

const LINK_B = '!link-b:b.example';
const LINK_C = '!link-c:c.example';
const later = (ms: number) => new Date(T0.getTime() + ms);

async function world() {
  const w = parentReceiver();
  const b = deployment('dep_b');
  const c = deployment('dep_c');
  w.invite('CODE-B');
  w.invite('CODE-C');
  expect(await w.receiver.receive(signed(b, LINK_B, 'org.plenary.join', joinBody(b, 'asm_42', 'CODE-B')), T0)).toMatchObject({ kind: 'accepted', applied: 1 });
  expect(await w.receiver.receive(signed(c, LINK_C, 'org.plenary.join', joinBody(c, 'asm_7', 'CODE-C')), T0)).toMatchObject({ kind: 'accepted', applied: 1 });
  expect(w.joined).toEqual(['dep_b/asm_42', 'dep_c/asm_7']);
  const status = async (from: TestDeployment, room: string, seq: number) => {
    const key = (await w.store.pendingFrom(room, from.id, 0, 1000)).find((e) => e.seq === seq)?.idempotencyKey;
    return key ? 'pending' : null;
  };
  return { ...w, b, c, status };
}

describe('federation threats (issue 19): what a peer or a homeserver cannot do', () => {
  it('GIVEN B joined by its invitation THEN its decision counts once, with its member count', async () => {
    const w = await world();
    expect(await w.receiver.receive(signed(w.b, LINK_B, 'org.plenary.decision', decisionBody('dep_b/asm_42')), T0)).toMatchObject({ kind: 'accepted', applied: 1 });
    expect(w.counted.map((r) => [r.decision.assembly, r.sender, r.members, r.flags])).toEqual([['dep_b/asm_42', 'dep_b', 20, []]]);
  });

  it('GIVEN C (a genuine peer) reports a decision for an assembly hosted by B, or for one nobody bound THEN it is refused and counts nothing', async () => {
    const w = await world();
    const forged = signed(w.c, LINK_C, 'org.plenary.decision', decisionBody('dep_b/asm_42', { decision: 'reject' }));
    expect(await w.receiver.receive(forged, T0)).toMatchObject({ kind: 'accepted', applied: 1 });
    const key = (forged.content as { idempotency_key: string }).idempotency_key;
    expect(await w.store.inboxEntry(key)).toMatchObject({ status: 'refused', note: 'not_host' });
    await w.receiver.receive(signed(w.c, LINK_C, 'org.plenary.decision', decisionBody('dep_c/asm_99')), T0);
    // B's own assembly reported by B but through C's link room: the binding names the room too.
    const c2 = { ...w.b, seqs: new Map<string, number>() };
    expect((await w.receiver.receive(signed(c2, LINK_C, 'org.plenary.decision', decisionBody('dep_b/asm_42')), T0)).kind).toBe('accepted');
    expect(w.counted).toEqual([]);
  });

  it('GIVEN a decision replayed, or on a superseded version THEN it is a duplicate or recorded, not counted; a later decision of the host counts in place of its first', async () => {
    const w = await world();
    const first = signed(w.b, LINK_B, 'org.plenary.decision', decisionBody('dep_b/asm_42'));
    await w.receiver.receive(first, T0);
    // The same signed event again, whoever delivers it: a duplicate, nothing at all.
    expect(await w.receiver.receive(first, T0)).toEqual({ kind: 'duplicate' });
    // The host deciding again (a new event, next seq): a changed decision, counted in the first one's place (§6).
    const changed = signed(w.b, LINK_B, 'org.plenary.decision', decisionBody('dep_b/asm_42', { decision: 'reject' }));
    await w.receiver.receive(changed, T0);
    const changedKey = (changed.content as { idempotency_key: string }).idempotency_key;
    expect(await w.store.inboxEntry(changedKey)).toMatchObject({ status: 'applied' });
    expect(await w.store.countedDecisions('dep_a/prop_9', 1, 10)).toEqual([{ assembly: 'dep_b/asm_42', proposal: 'dep_a/prop_9', version: 1, idempotencyKey: changedKey }]);
    w.versions.set('dep_a/prop_9', 2);
    const old = signed(w.b, LINK_B, 'org.plenary.decision', decisionBody('dep_b/asm_42', { version: 1, motion: 9 }));
    await w.receiver.receive(old, T0);
    expect(await w.store.inboxEntry((old.content as { idempotency_key: string }).idempotency_key)).toMatchObject({ status: 'recorded', note: 'superseded' });
    expect(w.counted.map((r) => r.decision.decision)).toEqual(['accept', 'reject']);
    expect(await w.receiver.receive(old, T0)).toEqual({ kind: 'duplicate' });
    await w.receiver.receive(signed(w.b, LINK_B, 'org.plenary.decision', decisionBody('dep_b/asm_42', { version: 2 })), T0);
    expect(w.counted.map((r) => r.decision.version)).toEqual([1, 1, 2]);
  });

  it('GIVEN the homeserver redacts, empties or alters the event THEN it is refused and the real one still applies at its seq', async () => {
    const w = await world();
    const real = signed(w.b, LINK_B, 'org.plenary.decision', decisionBody('dep_b/asm_42'));
    const content = real.content as Record<string, unknown>;
    for (const c of [{}, { ...content, body: {} }, { ...content, body: { ...(content.body as object), members: 21 } }, { ...content, seq: 9 }]) {
      expect(await w.receiver.receive({ ...real, content: c }, T0)).toMatchObject({ kind: 'refused' });
    }
    expect((await w.store.lane(LINK_B, 'dep_b')).nextSeq).toBe(2);
    expect(await w.receiver.receive(real, T0)).toMatchObject({ kind: 'accepted', applied: 1 });
    expect(w.counted.map((r) => r.members)).toEqual([20]);
  });

  it('GIVEN B homeserver forges events as B bot (no signature, its own key) THEN they are refused and take no seq', async () => {
    const w = await world();
    const homeserverKey = deployment('dep_b').signer;
    const forged = signed(w.b, LINK_B, 'org.plenary.decision', decisionBody('dep_b/asm_42', { decision: 'reject' }), { signer: homeserverKey, seq: 2, key: 'dep_b/decision/forged' });
    expect(await w.receiver.receive(forged, T0)).toMatchObject({ kind: 'refused', reason: 'bad_signature' });
    const { signature: _s, ...unsigned } = forged.content as Record<string, unknown>;
    expect(await w.receiver.receive({ ...forged, content: unsigned }, T0)).toMatchObject({ kind: 'refused', reason: 'malformed' });
    // A new key for B announced without the old key's signature: refused, the forger's key never trusted.
    const keyEvent = signed(w.b, LINK_B, 'org.plenary.deployment_key', { deployment: 'dep_b', key_id: homeserverKey.keyId.replace(/-1$/, '-9'), public_key: homeserverKey.publicKey, bot_user_id: w.b.bot, valid_from: T0.toISOString(), previous_key_id: null, rotation_signature: null }, { signer: homeserverKey, seq: 2 });
    expect(await w.receiver.receive(keyEvent, T0)).toMatchObject({ kind: 'refused' });
    // A join from B under a new key (a stolen invitation code): refused, B's other assemblies stay B's.
    w.invite('CODE-B2');
    const evil = { ...w.b, signer: homeserverKey, seqs: new Map<string, number>() };
    await w.receiver.receive(signed(evil, '!link-b2:b.example', 'org.plenary.join', joinBody(evil, 'asm_43', 'CODE-B2')), T0);
    expect((await w.store.deploymentKeys('dep_b')).map((k) => k.publicKey)).toEqual([w.b.signer.publicKey]);
    expect(await w.store.hostOf('dep_b/asm_43')).toBeNull();
    expect(await w.receiver.receive(signed(w.b, LINK_B, 'org.plenary.decision', decisionBody('dep_b/asm_42')), T0)).toMatchObject({ kind: 'accepted', applied: 1 });
    expect(w.counted.map((r) => r.decision.decision)).toEqual(['accept']);
  });

  it('GIVEN inflated or equivocated member counts THEN they are flagged against the committed history and capped', async () => {
    const w = await world();
    // Joined with 20 members at chain head 10; 20 events later it claims 500.
    await w.receiver.receive(signed(w.b, LINK_B, 'org.plenary.decision', decisionBody('dep_b/asm_42', { members: 500, chain_head: { seq: 30, hash: 'd'.repeat(64) } })), T0);
    expect(w.counted.at(-1)).toMatchObject({ members: 40, flags: [{ kind: 'inflated', fromSeq: 10, toSeq: 30, before: 20, now: 500 }] });
    w.versions.set('dep_a/prop_9', 2);
    await w.receiver.receive(signed(w.b, LINK_B, 'org.plenary.decision', decisionBody('dep_b/asm_42', { version: 2, members: 33, chain_head: { seq: 10, hash: 'a'.repeat(64) } })), T0);
    expect(w.counted.at(-1)).toMatchObject({ members: 20, flags: [{ kind: 'equivocated', chainSeq: 10, before: 20, now: 33 }] });
    w.versions.set('dep_a/prop_9', 3);
    await w.receiver.receive(signed(w.b, LINK_B, 'org.plenary.decision', decisionBody('dep_b/asm_42', { version: 3, members: 45, chain_head: { seq: 40, hash: 'e'.repeat(64) } })), T0);
    expect(w.counted.at(-1)).toMatchObject({ members: 45, flags: [] });
  });

  it('GIVEN events arriving out of order with a gap THEN they apply in order, and a lasting gap asks for a resend once per period', async () => {
    const w = await world();
    const events = [2, 3, 4, 5, 6].map((seq) => signed(w.b, LINK_B, 'org.plenary.seat', { assembly: 'dep_b/asm_42', parent_assembly: 'dep_a/asm_1', seat: 1, delegate: `@d${seq}:b.example`, motion: seq, term_ends: null, chain_head: { seq: 10 + seq, hash: 'f'.repeat(64) } }));
    const [e2, e3, e4, e5, e6] = events as [typeof events[0], typeof events[0], typeof events[0], typeof events[0], typeof events[0]];
    expect(await w.receiver.receive(e4, T0)).toMatchObject({ applied: 0, resend: null });
    expect(await w.receiver.receive(e2, later(10))).toMatchObject({ applied: 1, resend: null });
    expect(await w.receiver.receive(e6, later(20))).toMatchObject({ applied: 0, resend: null });
    // The gap at 3 counts from the last progress (seq 2 at 10 ms), not from the first event that waited.
    expect(await w.receiver.inbox.sweepGaps(later(60_009))).toEqual([]);
    expect(await w.receiver.inbox.sweepGaps(later(60_010))).toEqual([{ roomId: LINK_B, sender: 'dep_b', fromSeq: 3, toSeq: 3 }]);
    expect(await w.receiver.inbox.sweepGaps(later(120_000))).toEqual([]);
    expect(await w.receiver.receive(e3, later(130_000))).toMatchObject({ applied: 2 });
    expect(await w.receiver.inbox.sweepGaps(later(700_000))).toEqual([{ roomId: LINK_B, sender: 'dep_b', fromSeq: 5, toSeq: 5 }]);
    expect(await w.receiver.receive(e5, later(700_001))).toMatchObject({ applied: 2 });
    expect(w.others.map((o) => o.entry.seq)).toEqual([2, 3, 4, 5, 6]);
    expect(await w.store.lane(LINK_B, 'dep_b')).toMatchObject({ nextSeq: 7, gapSince: null, resendAskedAt: null });
  });

  it('GIVEN another major version, an unknown type, or a seq used twice THEN the first two are answered or skipped and the third refused', async () => {
    const w = await world();
    const v2 = signed(w.b, LINK_B, 'org.plenary.heartbeat', { heads: [], last_seq_received: 0 });
    const answer = await w.receiver.receive({ ...v2, content: { ...(v2.content as object), protocol: 2 } }, T0);
    expect(answer).toMatchObject({ kind: 'unsupported-version', to: 'dep_b', reply: { code: 'unsupported_version', supported: [1] } });
    expect(await w.receiver.receive(v2, T0)).toMatchObject({ kind: 'accepted', applied: 1 });
    const twin = signed(w.b, LINK_B, 'org.plenary.heartbeat', { heads: [], last_seq_received: 1 }, { seq: 2, key: 'dep_b/hb/twin' });
    expect(await w.receiver.receive(twin, T0)).toMatchObject({ kind: 'seq-conflict', reply: { code: 'seq_conflict' } });
    expect((await w.store.peer('dep_b'))?.lastHeartbeatAt).toEqual(T0);
  });
});
