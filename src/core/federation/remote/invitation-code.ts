import { createHash } from 'node:crypto';
import { errT } from '../../i18n/localized.js';
import { z } from 'zod';
import { deploymentId, keyId, remoteAssembly } from '../../federation-protocol/events.js';
import { ok, type Result } from '../../shared/result.js';

/**
 * An invitation a parent on another deployment hands out (`federation invite
 * --remote`): everything the joining deployment needs to open the link room
 * and prove the code — federation, parent assembly, the parent's deployment,
 * bot account and key — in one string a member pastes into
 * `federation join`. Copy-safe (letters, digits, `-`, `_` and two dots, no
 * spaces), versioned (`PLENARY1`), with a checksum so a mangled paste is
 * refused with a clear message instead of a join that fails at the peer.
 */
export interface RemoteInvitation {
  readonly federation: string;
  /** `dep_b/<assembly id>`. */
  readonly parentAssembly: string;
  readonly parentName: string;
  readonly deployment: string;
  readonly botUserId: string;
  readonly keyId: string;
  readonly publicKey: string;
  /** The one-time code; it never crosses to the parent again (the join carries an HMAC of it). */
  readonly code: string;
  readonly expiresAt: string | null;
}

const PREFIX = 'PLENARY1';
const CHECK_LEN = 8;

const payload = z.strictObject({
  f: z.string().min(1).max(100),
  p: remoteAssembly,
  n: z.string().min(1).max(100),
  d: deploymentId,
  b: z.string().regex(/^@[^:\s]{1,255}:[^\s]{1,255}$/),
  k: keyId,
  pk: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  c: z.string().min(3).max(64),
  e: z.string().nullable(),
});

const check = (body: string): string => createHash('sha256').update(`${PREFIX}.${body}`).digest('base64url').slice(0, CHECK_LEN);

export function encodeRemoteInvitation(i: RemoteInvitation): string {
  const body = Buffer.from(JSON.stringify({ f: i.federation, p: i.parentAssembly, n: i.parentName, d: i.deployment, b: i.botUserId, k: i.keyId, pk: i.publicKey, c: i.code, e: i.expiresAt })).toString('base64url');
  return `${PREFIX}.${body}.${check(body)}`;
}

/** Whether a pasted code is meant as a remote invitation (then `decodeRemoteInvitation` says what is wrong with it). */
export const looksRemote = (text: string): boolean => /^\s*plenary\d*\./i.test(text);

export function decodeRemoteInvitation(text: string): Result<RemoteInvitation> {
  // Chat clients wrap long lines and add spaces or backticks around pasted code: those go.
  const s = text.replace(/[\s`'"]+/g, '');
  const parts = s.split('.');
  if (parts.length !== 3 || !/^plenary\d+$/i.test(parts[0] ?? '')) return errT('bad-input', 'fed.remote.code.notRemote');
  if (parts[0] !== PREFIX) return errT('bad-input', 'fed.remote.code.format', { format: parts[0] ?? '?', reads: PREFIX });
  const [, body = '', sum = ''] = parts;
  if (!/^[A-Za-z0-9_-]+$/.test(body) || sum !== check(body)) return errT('bad-input', 'fed.remote.code.checksum');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return errT('bad-input', 'fed.remote.code.unreadable');
  }
  const p = payload.safeParse(json);
  if (!p.success) return errT('bad-input', 'fed.remote.code.incomplete');
  const v = p.data;
  if (!v.p.startsWith(`${v.d}/`)) return errT('bad-input', 'fed.remote.code.notHost');
  return ok({ federation: v.f, parentAssembly: v.p, parentName: v.n, deployment: v.d, botUserId: v.b, keyId: v.k, publicKey: v.pk, code: v.c, expiresAt: v.e });
}
