import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkJoin, FairPeerQueue, leafHash, merklePath, merkleRoot, TokenBucket, verifyEvent, ed25519Verifier, verifyMerklePath, type EventBody } from '../../../src/core/federation-protocol/index.js';
import { deployment, joinBody, signed, T0 } from '../../support/federation-peers.js';

const enc = (s: string) => new TextEncoder().encode(s);
const sha = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

describe('Merkle root over child reports (RFC 6962 shape)', () => {
  it('GIVEN small trees THEN roots match the RFC 6962 definition written out by hand', () => {
    const [a, b, c] = ['a', 'b', 'c'].map(enc) as [Uint8Array, Uint8Array, Uint8Array];
    expect(merkleRoot([])).toBe(sha().toString('hex'));
    expect(merkleRoot([a])).toBe(leafHash(a).toString('hex'));
    const ab = sha(Uint8Array.of(1), leafHash(a), leafHash(b));
    expect(merkleRoot([a, b])).toBe(ab.toString('hex'));
    expect(merkleRoot([a, b, c])).toBe(sha(Uint8Array.of(1), ab, leafHash(c)).toString('hex'));
  });

  it('GIVEN any tree of distinct reports THEN every leaf proves its path, and a changed leaf, index, sibling or root does not', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 0, maxLength: 8 }), { minLength: 1, maxLength: 70 }), fc.nat(), (texts, pick) => {
        const leaves = texts.map(enc);
        const root = merkleRoot(leaves);
        const i = pick % leaves.length;
        const path = merklePath(leaves, i)!;
        expect(verifyMerklePath(leaves[i]!, i, leaves.length, path, root)).toBe(true);
        expect(verifyMerklePath(enc(`${texts[i]!}x`), i, leaves.length, path, root)).toBe(false);
        if (leaves.length > 1) {
          const j = (i + 1) % leaves.length;
          if (texts[j] !== texts[i]) expect(verifyMerklePath(leaves[i]!, j, leaves.length, path, root)).toBe(false);
          // (The size is not proven by a path: it is published with the root, as in RFC 9162.)
          expect(verifyMerklePath(leaves[i]!, leaves.length, leaves.length, path, root)).toBe(false);
          const bent = [...path];
          bent[0] = bent[0]!.replace(/^./, (ch) => (ch === '0' ? '1' : '0'));
          expect(verifyMerklePath(leaves[i]!, i, leaves.length, bent, root)).toBe(false);
        }
        expect(verifyMerklePath(leaves[i]!, i, leaves.length, path, merkleRoot([...leaves, enc('extra')]))).toBe(false);
      }),
      { numRuns: 300 },
    );
    expect(merklePath([enc('a')], 1)).toBeNull();
  });
});

describe('join handshake: child assembly → key → bot account, by the parent one-time invitation', () => {
  const b = deployment('dep_b');
  const open = (code: string, over: object = {}) => [{ code, federation: 'fed_transport', parentAssembly: 'dep_a/asm_1', expiresAt: new Date(T0.getTime() + 3600_000), used: false, ...over }];
  const verified = (body: EventBody<'org.plenary.join'>) => {
    const v = verifyEvent(signed(b, '!link:b.example', 'org.plenary.join', body), { key: () => null }, ed25519Verifier, T0);
    if (v.kind !== 'verified') throw new Error(JSON.stringify(v));
    return v.envelope;
  };

  it('GIVEN the right code THEN the binding names the assembly, key, bot and link room', () => {
    const body = joinBody(b, 'asm_42', 'K7Q-PLM2');
    const r = checkJoin(verified(body), body, open('K7Q-PLM2'), T0);
    expect(r).toEqual({ ok: true, value: { federation: 'fed_transport', parentAssembly: 'dep_a/asm_1', childAssembly: 'dep_b/asm_42', deployment: 'dep_b', keyId: b.signer.keyId, publicKey: b.signer.publicKey, botUserId: b.bot, invitationCode: 'K7Q-PLM2', linkRoomId: '!link:b.example' } });
  });

  it('GIVEN a wrong, used, expired or other-parent code, or an assembly of another deployment THEN the join is refused', () => {
    const body = joinBody(b, 'asm_42', 'K7Q-PLM2');
    const env = verified(body);
    expect(checkJoin(env, body, open('K7Q-PLM3'), T0)).toMatchObject({ ok: false, error: { code: 'invitation_invalid' } });
    expect(checkJoin(env, body, open('K7Q-PLM2', { used: true }), T0)).toMatchObject({ ok: false });
    expect(checkJoin(env, body, open('K7Q-PLM2', { expiresAt: T0 }), T0)).toMatchObject({ ok: false });
    expect(checkJoin(env, body, open('K7Q-PLM2', { parentAssembly: 'dep_a/asm_2' }), T0)).toMatchObject({ ok: false });
    const foreign = { ...body, child_assembly: 'dep_c/asm_42' };
    expect(checkJoin(env, foreign, open('K7Q-PLM2'), T0)).toMatchObject({ ok: false, error: { code: 'not_host' } });
  });

  it('GIVEN a homeserver that swaps the presented key (keeping the code proof) THEN the proof no longer matches', () => {
    const mallory = deployment('dep_b');
    const body = { ...joinBody(b, 'asm_42', 'K7Q-PLM2'), public_key: mallory.signer.publicKey };
    const v = verifyEvent(signed(mallory, '!link:b.example', 'org.plenary.join', body, { signer: mallory.signer }), { key: () => null }, ed25519Verifier, T0);
    expect(v.kind).toBe('verified');
    if (v.kind === 'verified') expect(checkJoin(v.envelope, body, open('K7Q-PLM2'), T0)).toMatchObject({ ok: false, error: { code: 'invitation_invalid' } });
  });
});

describe('per-peer quota', () => {
  it('GIVEN a token bucket THEN it allows its burst, then its rate', () => {
    const bucket = new TokenBucket({ perSecond: 10, burst: 5 }, 0);
    expect(Array.from({ length: 7 }, () => bucket.take(0)).filter(Boolean)).toHaveLength(5);
    expect(bucket.waitMs(0)).toBe(100);
    expect(bucket.take(100)).toBe(true);
    expect(bucket.take(100)).toBe(false);
  });

  it('GIVEN one peer flooding 50,000 events THEN every other peer is served at once and the flooder only at its rate', () => {
    const q = new FairPeerQueue<number>({ perSecond: 20, burst: 200 }, 10_000);
    for (let i = 0; i < 50_000; i++) q.push('dep_flood', i);
    expect(q.dropped('dep_flood')).toBe(40_000);
    let now = 0;
    const served: { peer: string; item: number; at: number }[] = [];
    const quiet = ['dep_b', 'dep_c', 'dep_d'];
    // Ten simulated seconds, with the quiet peers sending a little every second.
    for (let second = 0; second < 10; second++) {
      for (const p of quiet) q.push(p, second);
      for (;;) {
        const next = q.next(now);
        if (!next) break;
        served.push({ ...next, at: now });
      }
      now += 1000;
    }
    const flood = served.filter((s) => s.peer === 'dep_flood');
    expect(flood.length).toBeLessThanOrEqual(200 + 20 * 9);
    for (const p of quiet) {
      const mine = served.filter((s) => s.peer === p);
      expect(mine.map((s) => s.item)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      // Each served in the same second it arrived, in its first turns.
      expect(mine.every((s) => s.at === s.item * 1000)).toBe(true);
    }
    expect(served.findIndex((s) => s.peer === 'dep_b')).toBeLessThan(4);
    expect(q.waitMs(now)).toBe(0);
  });
});
