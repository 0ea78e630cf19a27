import { ok, type Result } from '../shared/result.js';
import { canonicalJson } from './canonical-json.js';
import { rotationStatement, SIGNING_PREFIX, type EnvelopeError } from './envelope.js';
import type { EventBody } from './events.js';
import type { Signer } from './signer.port.js';

export type DeploymentKeyBody = EventBody<'org.plenary.deployment_key'>;

/** The state content publishing a deployment's first key (trusted by peers only through a join). */
export function firstKeyContent(deployment: string, signer: Signer, botUserId: string, validFrom: Date): DeploymentKeyBody {
  return { deployment, key_id: signer.keyId, public_key: signer.publicKey, bot_user_id: botUserId, valid_from: validFrom.toISOString(), previous_key_id: null, rotation_signature: null };
}

/**
 * A rotation: the new key's state content, signed by the old key over
 * `rotationStatement` (the envelope carrying it is signed by the new key). A
 * peer accepts it only while it trusts the old key, so a homeserver cannot
 * slip in a key of its own.
 */
export function rotationContent(deployment: string, oldSigner: Signer, next: Pick<Signer, 'keyId' | 'publicKey'>, botUserId: string, validFrom: Date): Result<DeploymentKeyBody, EnvelopeError> {
  if (next.keyId === oldSigner.keyId) return { ok: false, error: { code: 'malformed', message: 'a rotation needs a new key id' } };
  const draft: DeploymentKeyBody = { deployment, key_id: next.keyId, public_key: next.publicKey, bot_user_id: botUserId, valid_from: validFrom.toISOString(), previous_key_id: oldSigner.keyId, rotation_signature: null };
  const stmt = canonicalJson(rotationStatement(draft));
  if (!stmt.ok) return { ok: false, error: { code: 'malformed', message: stmt.error.message } };
  return ok({ ...draft, rotation_signature: oldSigner.sign(new TextEncoder().encode(SIGNING_PREFIX + stmt.value)) });
}
