import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FederationKeyFile, federationKeyPath, KeyFileError } from '../../../src/adapters/federation/key-file.js';
import { rotateDeploymentKey } from '../../../src/adapters/federation/rotate-key.js';
import { ed25519Verifier } from '../../../src/core/federation-protocol/ed25519.js';
import { buildEnvelope, RETIRED_KEY_GRACE_MS, verifyEvent, type KeyRing, type TrustedKey } from '../../../src/core/federation-protocol/envelope.js';
import type { EventBody } from '../../../src/core/federation-protocol/events.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';

const T0 = new Date('2026-12-07T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const dir = () => mkdtempSync(join(tmpdir(), 'plenary-key-'));
const ROOM = '!link:a.example';
const BOT = '@fed:a.example';

describe('the deployment key file', () => {
  it('GIVEN no file THEN the first load creates dep_… and an ed25519 key, owner-only, and every later load (another process too) reads the same', () => {
    const path = federationKeyPath(dir(), undefined);
    const file = new FederationKeyFile(path);
    expect(file.read()).toBeNull();
    const first = file.loadOrCreate(T0);
    expect(first.deployment).toMatch(/^dep_[A-Za-z0-9_-]{12}$/);
    expect(first.current.keyId).toMatch(/^ed25519:2026-12-[0-9a-f]{6}$/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = new FederationKeyFile(path).loadOrCreate(at(1000));
    expect([again.deployment, again.current.keyId, again.current.publicKey]).toEqual([first.deployment, first.current.keyId, first.current.publicKey]);
    const message = new TextEncoder().encode('x');
    expect(ed25519Verifier.verify(first.current.publicKey, message, again.current.sign(message))).toBe(true);
    expect(new FederationKeyFile(federationKeyPath(dir(), undefined)).loadOrCreate(T0).deployment).not.toBe(first.deployment);
  });

  it('GIVEN PLENARY_FEDERATION_KEY_FILE THEN that path is used', () => {
    expect(federationKeyPath('/data', '/keys/k.json')).toBe('/keys/k.json');
    expect(federationKeyPath('/data', undefined)).toBe(join('/data', 'federation-key.json'));
  });

  it('GIVEN a damaged or foreign file THEN loading refuses it and says which file, never overwriting it', () => {
    const path = join(dir(), 'k.json');
    writeFileSync(path, '{"version":1,"deployment":"dep_x","keys":[]}');
    expect(() => new FederationKeyFile(path).loadOrCreate(T0)).toThrow(KeyFileError);
    writeFileSync(path, 'not json');
    expect(() => new FederationKeyFile(path).loadOrCreate(T0)).toThrow(path);
    expect(readFileSync(path, 'utf8')).toBe('not json');
  });

  it('GIVEN a rotation THEN the new key is current, the old signs what was enqueued before it for the grace period only, and a second rotation drops keys retired longer ago', () => {
    const path = join(dir(), 'k.json');
    const file = new FederationKeyFile(path);
    const before = file.loadOrCreate(T0).current;
    const { previous, next, keys } = file.rotate(at(60_000));
    expect(previous.keyId).toBe(before.keyId);
    expect(next.keyId).not.toBe(before.keyId);
    expect(keys.current.keyId).toBe(next.keyId);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(keys.signerAt(at(1), at(120_000)).keyId).toBe(before.keyId);
    expect(keys.signerAt(at(60_000), at(120_000)).keyId).toBe(next.keyId);
    expect(keys.signerAt(at(1), at(60_000 + RETIRED_KEY_GRACE_MS)).keyId).toBe(next.keyId);
    const later = file.rotate(at(60_000 + RETIRED_KEY_GRACE_MS + 1)).keys;
    expect(later.content.keys.map((k) => k.keyId)).toEqual([next.keyId, later.current.keyId]);
  });
});

describe('plenary federation rotate-key', () => {
  it('GIVEN link rooms THEN one org.plenary.deployment_key per room is queued, which a peer trusting the old key accepts, and none for a peer trusting nothing', async () => {
    const file = new FederationKeyFile(join(dir(), 'k.json'));
    const old = file.loadOrCreate(T0);
    const store = new FakeStore();
    await store.peerOutbox.enqueue([{ roomId: ROOM, type: 'org.plenary.heartbeat', body: { heads: [], last_seq_received: 0 }, idempotencyKey: 'hb/1' }], T0);
    const other = await store.peerOutbox.requestLink({ federation: 'f', parentAssembly: 'dep_p/asm_1', parentDeployment: 'dep_p', parentBotUserId: '@p:p.example', childAssembly: `${old.deployment}/asm_2` }, T0);
    await store.peerOutbox.moveLinkRequest(other.id, 'pending', 'room-open', '!other:a.example', T0);
    const r = await rotateDeploymentKey(file, store.peerOutbox, BOT, at(5000));
    expect(r.queued.map((e) => [e.roomId, e.seq, e.stateKey])).toEqual([[ROOM, 2, old.deployment], ['!other:a.example', 1, old.deployment]]);
    const event = r.queued[0]!;
    const body = event.body as EventBody<'org.plenary.deployment_key'>;
    expect(body).toMatchObject({ deployment: old.deployment, key_id: r.next.keyId, previous_key_id: r.previous.keyId, bot_user_id: BOT });
    const env = buildEnvelope({ type: 'org.plenary.deployment_key', roomId: ROOM, deployment: old.deployment, idempotencyKey: event.idempotencyKey, seq: event.seq, sentAt: event.createdAt, body }, file.read()!.signerAt(event.createdAt, at(6000)));
    expect(env.ok).toBe(true);
    if (!env.ok) return;
    const trusted: TrustedKey = { deployment: old.deployment, keyId: r.previous.keyId, publicKey: r.previous.publicKey, botUserId: BOT, retiredAt: null };
    const ring = (keys: TrustedKey[]): KeyRing => ({ key: (d, id) => keys.find((k) => k.deployment === d && k.keyId === id) ?? null });
    const raw = { type: 'org.plenary.deployment_key', sender: BOT, roomId: ROOM, content: env.value, stateKey: old.deployment };
    expect(verifyEvent(raw, ring([trusted]), ed25519Verifier, at(6000)).kind).toBe('verified');
    expect(verifyEvent(raw, ring([]), ed25519Verifier, at(6000))).toMatchObject({ kind: 'refused', reason: 'unknown_key' });
  });
});
