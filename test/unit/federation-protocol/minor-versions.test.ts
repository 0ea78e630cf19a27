import { describe, expect, it } from 'vitest';
import { signingInput, type EventType, type RawEvent } from '../../../src/core/federation-protocol/index.js';
import { decisionBody, deployment, joinBody, signed, T0, type TestDeployment } from '../../support/federation-peers.js';
import { parentReceiver } from '../../support/federation-receiver.js';

const LINK_B = '!link-b:b.example';

/** A signed event whose body carries what `change` makes of it, signed as sent (a newer sender; `buildEnvelope` would parse it first). */
function signedAsIs(from: TestDeployment, type: EventType, body: object, change: (body: Record<string, unknown>) => Record<string, unknown>): RawEvent {
  const raw = signed(from, LINK_B, type, body as never);
  const { signature: _old, ...rest } = raw.content as Record<string, unknown>;
  const content = { ...rest, body: change(rest.body as Record<string, unknown>) };
  const input = signingInput(content);
  if (!input.ok) throw new Error(input.error.message);
  return { ...raw, content: { ...content, signature: from.signer.sign(input.value) } };
}

/**
 * §7: a minor version adds optional fields; a receiver that does not know one
 * ignores it. The signature covers the bytes as sent (the field included), so
 * nothing is weakened; the body the relay sees has only the fields it knows.
 * A strict parse would refuse such an event, and since refused events take no
 * seq, the sender's lane would stay blocked behind it, a resend being the same bytes.
 */
describe('a body field this receiver does not know (a newer minor version)', () => {
  it('GIVEN a signed join and decision with unknown fields THEN both apply, the decision counts, and the unknown fields are not passed on', async () => {
    const w = parentReceiver();
    const b = deployment('dep_b');
    w.invite('CODE-B');
    const join = signedAsIs(b, 'org.plenary.join', joinBody(b, 'asm_42', 'CODE-B'), (x) => ({ ...x, added_in_1_4: { anything: [1, 2] } }));
    expect(await w.receiver.receive(join, T0)).toMatchObject({ kind: 'accepted', applied: 1 });
    expect(w.joined).toEqual(['dep_b/asm_42']);
    const decision = signedAsIs(b, 'org.plenary.decision', decisionBody('dep_b/asm_42'), (x) => ({ ...x, reasons_url: 'mxc://b.example/abc', tally: { ...(x.tally as object), blank: 3 } }));
    expect(await w.receiver.receive(decision, T0)).toMatchObject({ kind: 'accepted', applied: 1 });
    expect(w.counted).toHaveLength(1);
    expect(w.counted[0]!.decision).not.toHaveProperty('reasons_url');
    expect(w.counted[0]!.decision.tally).not.toHaveProperty('blank');
  });

  it('GIVEN a known field with a wrong type THEN the event is still refused (leniency is for unknown fields only)', async () => {
    const w = parentReceiver();
    const b = deployment('dep_b');
    w.invite('CODE-B');
    await w.receiver.receive(signed(b, LINK_B, 'org.plenary.join', joinBody(b, 'asm_42', 'CODE-B')), T0);
    const bad = signedAsIs(b, 'org.plenary.decision', decisionBody('dep_b/asm_42'), (x) => ({ ...x, members: 'twenty' }));
    expect(await w.receiver.receive(bad, T0)).toMatchObject({ kind: 'refused' });
    expect(w.counted).toEqual([]);
  });
});
