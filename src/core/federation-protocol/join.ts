import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ok, type Result } from '../shared/result.js';
import { canonicalJson } from './canonical-json.js';
import type { Envelope } from './envelope.js';
import type { EventBody } from './events.js';

export type JoinBody = EventBody<'org.plenary.join'>;

/** What the code proof covers: child assembly → key → bot account, for this parent in this federation. */
export function joinBinding(j: Pick<JoinBody, 'federation' | 'parent_assembly' | 'child_assembly' | 'bot_user_id' | 'public_key' | 'key_id'>): string {
  const c = canonicalJson({ federation: j.federation, parent_assembly: j.parent_assembly, child_assembly: j.child_assembly, bot_user_id: j.bot_user_id, public_key: j.public_key, key_id: j.key_id });
  // Every field is a schema-checked string: the canonical form always exists.
  return c.ok ? c.value : '';
}

/** HMAC-SHA256 keyed by the parent's one-time invitation code: proves the code without sending it. */
export function codeProof(code: string, binding: string): string {
  return createHmac('sha256', code).update(binding).digest('base64url');
}

/**
 * A non-secret name for an invitation code, sent with a join so the parent
 * finds the invitation by index instead of trying every open one (a parent
 * may hold thousands). A hash of a random one-time code: it does not reveal
 * the code, and the code proof still proves it.
 */
export function invitationRef(code: string): string {
  return createHash('sha256').update(`plenary-invitation/${code}`).digest('base64url').slice(0, 22);
}

/** An invitation the parent issued (existing `invite` command), as the join check sees it. */
export interface OpenInvitation {
  readonly code: string;
  readonly federation: string;
  readonly parentAssembly: string;
  readonly expiresAt: Date | null;
  readonly used: boolean;
}

/** A child assembly bound to a deployment key and bot account; the invitation is consumed with it. */
export interface JoinBinding {
  readonly federation: string;
  readonly parentAssembly: string;
  readonly childAssembly: string;
  readonly deployment: string;
  readonly keyId: string;
  readonly publicKey: string;
  readonly botUserId: string;
  readonly invitationCode: string;
  readonly linkRoomId: string;
}

export type JoinRefusal = { readonly code: 'invitation_invalid' | 'not_host'; readonly message: string };

/**
 * Checks a verified `org.plenary.join` (signed by the key it presents, sent by
 * the bot it names: `verifyEvent`) against the parent's open invitations. The
 * caller consumes the invitation and stores the binding in one transaction.
 */
export function checkJoin(env: Envelope, join: JoinBody, invitations: readonly OpenInvitation[], now: Date): Result<JoinBinding, JoinRefusal> {
  if (!join.child_assembly.startsWith(`${env.deployment}/`)) return { ok: false, error: { code: 'not_host', message: `${env.deployment} cannot join for ${join.child_assembly}` } };
  const expected = Buffer.from(join.code_proof);
  const binding = joinBinding(join);
  const match = invitations.find((inv) => {
    if (inv.used || inv.federation !== join.federation || inv.parentAssembly !== join.parent_assembly) return false;
    if (inv.expiresAt && inv.expiresAt.getTime() <= now.getTime()) return false;
    const proof = Buffer.from(codeProof(inv.code, binding));
    return proof.length === expected.length && timingSafeEqual(proof, expected);
  });
  if (!match) return { ok: false, error: { code: 'invitation_invalid', message: 'no open invitation matches this join' } };
  return ok({
    federation: join.federation,
    parentAssembly: join.parent_assembly,
    childAssembly: join.child_assembly,
    deployment: env.deployment,
    keyId: join.key_id,
    publicKey: join.public_key,
    botUserId: join.bot_user_id,
    invitationCode: match.code,
    linkRoomId: env.room_id,
  });
}
