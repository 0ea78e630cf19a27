import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ed25519Signer, ed25519Verifier, generateDeploymentKey, rotationContent, RETIRED_KEY_GRACE_MS, verifyEvent, type KeyRing, type RawEvent, type TrustedKey } from '../../../src/core/federation-protocol/index.js';
import { decisionBody, deployment, hex, signed, T0 } from '../../support/federation-peers.js';

const ROOM = '!link:a.example';
const b = deployment('dep_b');
const trustedB: TrustedKey = { deployment: b.id, keyId: b.signer.keyId, publicKey: b.signer.publicKey, botUserId: b.bot, retiredAt: null };
const ring = (...keys: TrustedKey[]): KeyRing => ({ key: (d, id) => keys.find((k) => k.deployment === d && k.keyId === id) ?? null });
const verify = (raw: RawEvent, keys: KeyRing = ring(trustedB), now = T0) => verifyEvent(raw, keys, ed25519Verifier, now);
const decision = () => signed(b, ROOM, 'org.plenary.decision', decisionBody('dep_b/asm_42'));

/** Every path to a leaf of a JSON value, with a function that returns a copy with that leaf changed. */
function leaves(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, Array.isArray(v) ? Number(k) : k]));
  return [path];
}
function changed(content: unknown, path: (string | number)[]): unknown {
  const copy = structuredClone(content) as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  const old = at[last];
  at[last] = typeof old === 'number' ? old + 1 : typeof old === 'boolean' ? !old : typeof old === 'string' ? `${old.slice(0, -1)}${old.endsWith('0') ? '1' : '0'}` : 'x';
  return copy;
}

describe('signed envelopes (docs/FEDERATION-PROTOCOL.md §4)', () => {
  it('GIVEN a decision signed by the deployment key THEN it verifies with its typed body', () => {
    const v = verify(decision());
    expect(v.kind).toBe('verified');
    if (v.kind === 'verified') expect(v.body).toMatchObject({ assembly: 'dep_b/asm_42', members: 20 });
  });

  it('GIVEN a homeserver that changes any one field of the content THEN the event is refused', () => {
    const raw = decision();
    const paths = leaves(raw.content);
    expect(paths.length).toBeGreaterThan(20);
    for (const p of paths) {
      const v = verify({ ...raw, content: changed(raw.content, p) });
      expect(v.kind, p.join('.')).not.toBe('verified');
    }
  });

  it('GIVEN a redacted, emptied or signature-stripped event THEN it is refused', () => {
    const raw = decision();
    const content = raw.content as Record<string, unknown>;
    const { signature: _s, ...unsigned } = content;
    for (const c of [{}, null, [], 'text', { ...content, body: {} }, unsigned, { ...content, signature: '' }, { ...content, extra: 1 }]) {
      expect(verify({ ...raw, content: c }).kind).toBe('refused');
    }
  });

  it('GIVEN the homeserver of B sends as B bot with its own key, or a signature from another event THEN it is refused', () => {
    const forger = ed25519Signer(generateDeploymentKey('dep_b-1'));
    const forged = signed(b, ROOM, 'org.plenary.decision', decisionBody('dep_b/asm_42', { members: 999 }), { signer: forger });
    expect(verify(forged)).toMatchObject({ kind: 'refused', reason: 'bad_signature' });
    const real = decision();
    const other = signed(b, ROOM, 'org.plenary.decision', decisionBody('dep_b/asm_42', { decision: 'reject' }));
    const spliced = { ...(other.content as object), signature: (real.content as { signature: string }).signature };
    expect(verify({ ...other, content: spliced })).toMatchObject({ kind: 'refused', reason: 'bad_signature' });
  });

  it('GIVEN a valid event replayed in another room, as another type or from another account THEN it is refused', () => {
    const raw = decision();
    expect(verify({ ...raw, roomId: '!other:a.example' })).toMatchObject({ reason: 'wrong_room' });
    expect(verify({ ...raw, type: 'org.plenary.seat' })).toMatchObject({ reason: 'wrong_type' });
    expect(verify({ ...raw, sender: '@mallory:b.example' })).toMatchObject({ reason: 'wrong_sender' });
    expect(verify(raw, ring())).toMatchObject({ reason: 'unknown_key' });
  });

  it('GIVEN another protocol major version THEN it is answered, not applied; an unknown type of this version is consumed', () => {
    const raw = decision();
    expect(verify({ ...raw, content: { ...(raw.content as object), protocol: 2 } })).toEqual({ kind: 'unsupported-version', protocol: 2, deployment: b.id, idempotencyKey: (raw.content as { idempotency_key: string }).idempotency_key });
    const unknown = signed(b, ROOM, 'org.plenary.decision', decisionBody('dep_b/asm_42'));
    const c = { ...(unknown.content as Record<string, unknown>), type: 'org.plenary.future_thing', body: { anything: 1 } };
    const resigned = { ...c, signature: b.signer.sign(new TextEncoder().encode(`plenary-federation-v1\n${JSON.stringify(Object.fromEntries(Object.entries(c).filter(([k]) => k !== 'signature').sort(([x], [y]) => (x < y ? -1 : 1))))}`)) };
    expect(verify({ ...unknown, type: 'org.plenary.future_thing', content: resigned }).kind).toBe('unknown-type');
  });

  it('GIVEN a key rotation signed by the old key THEN it verifies; without it, or by another key, it is refused', () => {
    const next = ed25519Signer(generateDeploymentKey('dep_b-2'));
    const body = rotationContent(b.id, b.signer, next, b.bot, T0);
    if (!body.ok) throw new Error(body.error.message);
    const raw = signed(b, ROOM, 'org.plenary.deployment_key', body.value, { signer: next });
    expect(verify(raw).kind).toBe('verified');
    const stranger = ed25519Signer(generateDeploymentKey('dep_b-0'));
    const byStranger = rotationContent(b.id, stranger, next, b.bot, T0);
    if (!byStranger.ok) throw new Error(byStranger.error.message);
    expect(verify(signed(b, ROOM, 'org.plenary.deployment_key', { ...byStranger.value, previous_key_id: b.signer.keyId }, { signer: next }))).toMatchObject({ reason: 'bad_signature' });
    expect(verify(signed(b, ROOM, 'org.plenary.deployment_key', { ...body.value, rotation_signature: null }, { signer: next }))).toMatchObject({ reason: 'unknown_key' });
    // The old key signs a rotation, but a homeserver re-signs the envelope with its own key: refused.
    const evil = ed25519Signer(generateDeploymentKey('dep_b-2'));
    expect(verify(signed(b, ROOM, 'org.plenary.deployment_key', body.value, { signer: evil }))).toMatchObject({ kind: 'refused' });
  });

  it('GIVEN a retired key THEN its events verify during the grace period only', () => {
    const retired = { ...trustedB, retiredAt: T0 };
    expect(verify(decision(), ring(retired), new Date(T0.getTime() + RETIRED_KEY_GRACE_MS)).kind).toBe('verified');
    expect(verify(decision(), ring(retired), new Date(T0.getTime() + RETIRED_KEY_GRACE_MS + 1))).toMatchObject({ reason: 'unknown_key' });
  });

  it('GIVEN random bytes flipped in the signature THEN verification never passes', () => {
    const raw = decision();
    const sig = (raw.content as { signature: string }).signature;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: sig.length - 1 }), fc.constantFrom(...Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_')), (i, ch) => {
        fc.pre(sig[i] !== ch);
        const bad = sig.slice(0, i) + ch + sig.slice(i + 1);
        expect(verify({ ...raw, content: { ...(raw.content as object), signature: bad } }).kind).toBe('refused');
      }),
      { numRuns: 200 },
    );
    expect(hex('a')).toHaveLength(64);
  });
});
