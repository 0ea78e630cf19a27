import { createHmac, timingSafeEqual } from 'node:crypto';
import { asPersonId, type PersonId } from '../../core/shared/ids.js';

/**
 * A member's personal link carries `<payload>.<mac>`: base64url JSON of the
 * person and the expiry (seconds), and an HMAC-SHA256 of it under the
 * server's secret. No accounts, no passwords: the token says "the bot gave
 * this to that person, recently"; membership is re-checked on every page.
 */
export interface WebToken {
  readonly personId: PersonId;
  readonly expiresAt: Date;
}

export type TokenCheck = { ok: true; token: WebToken } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

/** Longer input is refused before any work (a token is under 200 characters). */
export const MAX_TOKEN_LENGTH = 400;

const mac = (secret: Buffer, payload: string): string => createHmac('sha256', secret).update(payload).digest('base64url');

export function signToken(secret: Buffer, t: WebToken): string {
  const payload = Buffer.from(JSON.stringify({ p: t.personId, e: Math.floor(t.expiresAt.getTime() / 1000) })).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

export function verifyToken(secret: Buffer, token: string, now: Date): TokenCheck {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const m = /^([A-Za-z0-9_-]{1,300})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m?.[1] || !m[2]) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(mac(secret, m[1]));
  const given = Buffer.from(m[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'forged' };
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof body !== 'object' || body === null) return { ok: false, reason: 'malformed' };
  const { p, e } = body as { p?: unknown; e?: unknown };
  if (typeof p !== 'string' || typeof e !== 'number' || !Number.isFinite(e)) return { ok: false, reason: 'malformed' };
  if (e * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, token: { personId: asPersonId(p), expiresAt: new Date(e * 1000) } };
}
