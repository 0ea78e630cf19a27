import { z } from 'zod';
import { ok, type Result } from '../shared/result.js';
import { canonicalJson } from './canonical-json.js';
import { deploymentId, EVENT_BODIES, isKnownEventType, keyId, PROTOCOL_MAJOR, PROTOCOL_MINOR, SUPPORTED_MAJORS, type EventBody, type EventType } from './events.js';
import type { Signer, Verifier } from './signer.port.js';

/** Separates these signatures from any other use of a deployment key. */
export const SIGNING_PREFIX = 'plenary-federation-v1\n';

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:/-]{1,200}$/;

const envelopeSchema = z.strictObject({
  protocol: z.number().int().min(1).max(1000),
  minor: z.number().int().min(0).max(1_000_000),
  type: z.string().regex(/^[a-z][a-z0-9_.]{2,120}$/),
  room_id: z.string().regex(/^![^\s:]{1,255}:[^\s]{1,255}$/),
  deployment: deploymentId,
  key_id: keyId,
  idempotency_key: z.string().regex(IDEMPOTENCY_KEY),
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  sent_at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/),
  body: z.record(z.string(), z.unknown()),
  signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/),
});

/** An event's content as it travels (docs/FEDERATION-PROTOCOL.md §2). */
export type Envelope = z.infer<typeof envelopeSchema>;

export interface OutgoingEvent<T extends EventType> {
  readonly type: T;
  readonly roomId: string;
  readonly deployment: string;
  readonly idempotencyKey: string;
  readonly seq: number;
  readonly sentAt: Date;
  readonly body: EventBody<T>;
}

export interface EnvelopeError {
  readonly code: 'malformed';
  readonly message: string;
}

/** The bytes a signature covers: the prefix and the canonical content without its signature. */
export function signingInput(content: Readonly<Record<string, unknown>>): Result<Uint8Array, EnvelopeError> {
  const { signature: _ignored, ...rest } = content;
  const c = canonicalJson(rest);
  if (!c.ok) return { ok: false, error: { code: 'malformed', message: c.error.message } };
  return ok(new TextEncoder().encode(SIGNING_PREFIX + c.value));
}

/** Validates the body against its type's schema and signs the whole envelope. */
export function buildEnvelope<T extends EventType>(event: OutgoingEvent<T>, signer: Signer): Result<Envelope, EnvelopeError> {
  const parsed = EVENT_BODIES[event.type].safeParse(event.body);
  if (!parsed.success) return { ok: false, error: { code: 'malformed', message: `${event.type}: ${parsed.error.issues[0]?.message ?? 'invalid body'}` } };
  const unsigned = {
    protocol: PROTOCOL_MAJOR,
    minor: PROTOCOL_MINOR,
    type: event.type,
    room_id: event.roomId,
    deployment: event.deployment,
    key_id: signer.keyId,
    idempotency_key: event.idempotencyKey,
    seq: event.seq,
    sent_at: event.sentAt.toISOString(),
    body: parsed.data as Record<string, unknown>,
  };
  const input = signingInput(unsigned);
  if (!input.ok) return input;
  const envelope = { ...unsigned, signature: signer.sign(input.value) };
  const check = envelopeSchema.safeParse(envelope);
  if (!check.success) return { ok: false, error: { code: 'malformed', message: check.error.issues[0]?.message ?? 'invalid envelope' } };
  return ok(check.data);
}

/** A key the receiver trusts, learned by the join handshake or a signed rotation (never from the event being checked). */
export interface TrustedKey {
  readonly deployment: string;
  readonly keyId: string;
  readonly publicKey: string;
  readonly botUserId: string;
  /** When a rotation replaced it; events under it are still accepted for `RETIRED_KEY_GRACE_MS` after. */
  readonly retiredAt: Date | null;
}

export const RETIRED_KEY_GRACE_MS = 24 * 3600_000;

/** The receiver's keys for its peers. */
export interface KeyRing {
  key(deployment: string, keyId: string): TrustedKey | null;
}

/** A Matrix event as the adapter hands it over: nothing but what the homeserver says. */
export interface RawEvent {
  readonly type: string;
  readonly sender: string;
  readonly roomId: string;
  readonly content: unknown;
  readonly stateKey?: string | undefined;
}

export type RefusalReason = 'malformed' | 'bad_signature' | 'unknown_key' | 'wrong_sender' | 'wrong_room' | 'wrong_type';

export type Verified =
  | { readonly kind: 'verified'; readonly envelope: Envelope; readonly type: EventType; readonly body: unknown; readonly key: TrustedKey | 'self-presented' }
  /** Signed by a trusted key but of a type this version does not know: its seq is consumed, nothing applied. */
  | { readonly kind: 'unknown-type'; readonly envelope: Envelope; readonly key: TrustedKey }
  /** Another major version: answered with an error event (when the sender can be named), nothing applied. */
  | { readonly kind: 'unsupported-version'; readonly protocol: number; readonly deployment: string | null; readonly idempotencyKey: string | null }
  | { readonly kind: 'refused'; readonly reason: RefusalReason; readonly detail: string };

const refuse = (reason: RefusalReason, detail: string): Verified => ({ kind: 'refused', reason, detail });

/**
 * Everything a receiver checks before an event may touch its inbox
 * (docs/FEDERATION-PROTOCOL.md §4). Only `org.plenary.join` may present its
 * own key (the join handshake then binds it by the invitation code), and a
 * `org.plenary.deployment_key` rotation is checked against the key it replaces.
 */
export function verifyEvent(raw: RawEvent, keys: KeyRing, verifier: Verifier, now: Date): Verified {
  const content = raw.content;
  if (typeof content !== 'object' || content === null || Array.isArray(content)) return refuse('malformed', 'content is not an object (redacted?)');
  const c = content as Record<string, unknown>;
  if (typeof c.protocol === 'number' && Number.isInteger(c.protocol) && !SUPPORTED_MAJORS.includes(c.protocol)) {
    return {
      kind: 'unsupported-version',
      protocol: c.protocol,
      deployment: deploymentId.safeParse(c.deployment).success ? (c.deployment as string) : null,
      idempotencyKey: typeof c.idempotency_key === 'string' && IDEMPOTENCY_KEY.test(c.idempotency_key) ? c.idempotency_key : null,
    };
  }
  const parsed = envelopeSchema.safeParse(c);
  if (!parsed.success) return refuse('malformed', parsed.error.issues[0]?.message ?? 'not an envelope');
  const env = parsed.data;
  if (env.type !== raw.type) return refuse('wrong_type', `signed as ${env.type}, delivered as ${raw.type}`);
  if (env.room_id !== raw.roomId) return refuse('wrong_room', `signed for ${env.room_id}, delivered in ${raw.roomId}`);
  const input = signingInput(c);
  if (!input.ok) return refuse('malformed', input.error.message);

  const type = env.type;
  const known = isKnownEventType(type);
  let body: unknown = env.body;
  if (known) {
    const b = EVENT_BODIES[type].safeParse(env.body);
    if (!b.success) return refuse('malformed', `${env.type}: ${b.error.issues[0]?.message ?? 'invalid body'}`);
    body = b.data;
  }
  const trusted = keys.key(env.deployment, env.key_id);

  if (env.type === 'org.plenary.join' && !trusted) {
    const j = body as EventBody<'org.plenary.join'>;
    if (j.key_id !== env.key_id) return refuse('unknown_key', 'a join is signed by the key it presents');
    if (raw.sender !== j.bot_user_id) return refuse('wrong_sender', `sent by ${raw.sender}, presents ${j.bot_user_id}`);
    if (!verifier.verify(j.public_key, input.value, env.signature)) return refuse('bad_signature', 'the join is not signed by the key it presents');
    return { kind: 'verified', envelope: env, type: env.type, body, key: 'self-presented' };
  }
  if (env.type === 'org.plenary.deployment_key' && !trusted) return verifyRotation(raw, env, body as EventBody<'org.plenary.deployment_key'>, input.value, keys, verifier);

  if (!trusted) return refuse('unknown_key', `no trusted key ${env.key_id} for ${env.deployment}`);
  if (trusted.retiredAt && now.getTime() > trusted.retiredAt.getTime() + RETIRED_KEY_GRACE_MS) return refuse('unknown_key', `${env.key_id} was replaced`);
  if (raw.sender !== trusted.botUserId) return refuse('wrong_sender', `${raw.sender} is not ${env.deployment}'s bot`);
  if (!verifier.verify(trusted.publicKey, input.value, env.signature)) return refuse('bad_signature', 'the deployment signature does not verify');
  if (env.type === 'org.plenary.deployment_key' && (body as EventBody<'org.plenary.deployment_key'>).public_key !== trusted.publicKey) return refuse('unknown_key', `${env.key_id} already names another public key`);
  if (!known) return { kind: 'unknown-type', envelope: env, key: trusted };
  return { kind: 'verified', envelope: env, type: env.type as EventType, body, key: trusted };
}

/** The fields a rotation signature covers. */
export function rotationStatement(k: EventBody<'org.plenary.deployment_key'>): Record<string, unknown> {
  return { deployment: k.deployment, key_id: k.key_id, public_key: k.public_key, bot_user_id: k.bot_user_id, valid_from: k.valid_from, previous_key_id: k.previous_key_id };
}

function verifyRotation(raw: RawEvent, env: Envelope, k: EventBody<'org.plenary.deployment_key'>, input: Uint8Array, keys: KeyRing, verifier: Verifier): Verified {
  if (k.deployment !== env.deployment || k.key_id !== env.key_id) return refuse('unknown_key', 'a key event is signed by the key it publishes');
  if (!k.previous_key_id || !k.rotation_signature) return refuse('unknown_key', 'a new key without a rotation signature is trusted only through a join');
  const old = keys.key(env.deployment, k.previous_key_id);
  if (!old || old.retiredAt) return refuse('unknown_key', `${k.previous_key_id} is not ${env.deployment}'s current key`);
  // A new bot account is allowed: the old key's signature covers `bot_user_id`.
  if (raw.sender !== k.bot_user_id) return refuse('wrong_sender', 'the new key names another bot than its sender');
  const stmt = canonicalJson(rotationStatement(k));
  if (!stmt.ok) return refuse('malformed', stmt.error.message);
  if (!verifier.verify(old.publicKey, new TextEncoder().encode(SIGNING_PREFIX + stmt.value), k.rotation_signature)) return refuse('bad_signature', 'the rotation is not signed by the previous key');
  if (!verifier.verify(k.public_key, input, env.signature)) return refuse('bad_signature', 'the key event is not signed by the new key');
  return { kind: 'verified', envelope: env, type: 'org.plenary.deployment_key', body: k, key: 'self-presented' };
}

/** The envelope of a build that cannot fail (schema-checked bodies from our own code); a failure is a bug. */
export function unwrapEnvelope(r: Result<Envelope, EnvelopeError>): Envelope {
  if (r.ok) return r.value;
  throw new Error(`federation envelope: ${r.error.message}`);
}
