import { createHash } from 'node:crypto';

/**
 * The transaction id of a send, derived from the core's idempotency key: the
 * same announcement or reply always travels under the same id, so a retry
 * (after a rate limit, a timeout, a restart) never posts it twice. The
 * homeserver remembers ids per access token, for a limited time.
 */
export function txnIdFor(idempotencyKey: string, part = ''): string {
  const digest = createHash('sha256').update(`${idempotencyKey}\u0000${part}`).digest('base64url');
  return `plenary-${digest.slice(0, 32)}`;
}
