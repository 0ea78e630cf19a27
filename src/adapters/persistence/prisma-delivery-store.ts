import type { DeliveryClaim, DeliveryStore, HeldClaim } from '../../jobs/delivery-store.port.js';
import type { SqlRunner } from './sql-runner.js';

// Claim = insert or take over, in one statement. Two claimers of one key:
// the second waits on the first's row lock, then re-evaluates the WHERE on
// the committed row (claimed just now, so not before the cutoff) and gets no
// row back; never both. Rows go in key order (the caller sorts, ORDINALITY
// keeps it) so two claimers of overlapping batches lock in the same order
// and cannot deadlock. `attempts`, raised by every claim, is the claim's
// fencing token.
const CLAIM = `
  INSERT INTO delivery AS d ("key", platform, room_id, status, attempts, claimed_at)
  SELECT t.k, t.p::platform, t.r, 'sending', 1, $4::timestamptz
  FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t(k, p, r, ord)
  ORDER BY t.ord
  ON CONFLICT ("key") DO UPDATE SET attempts = d.attempts + 1, claimed_at = EXCLUDED.claimed_at
  WHERE d.status = 'sending' AND d.claimed_at < $5::timestamptz
  RETURNING d."key" AS key, d.attempts AS token`;

// Every write below is fenced: it touches a row only while the caller's token
// is the row's and the message is unsent, so a holder that was overtaken
// (frozen past its lease, then resumed) changes nothing of its successor's.
const CONFIRM = `
  UPDATE delivery SET claimed_at = $3::timestamptz
  WHERE "key" = $1 AND attempts = $2::int AND status = 'sending'
  RETURNING "key" AS key`;

// Marked one message at a time (so a worker frozen after a send never has it
// sent again), which is one commit per message: the commit does not wait for
// its WAL flush (synchronous_commit off for this statement's own transaction
// only). A mark lost to a server crash costs a resend under the same key,
// which the platform drops; waiting for the flush cost half of a 100k relay's
// send rate.
const MARK_SENT = `
  UPDATE delivery d SET status = 'sent', sent_at = $3::timestamptz
  FROM unnest($1::text[], $2::int[]) AS t(k, token), (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
  WHERE d."key" = t.k AND d.attempts = t.token AND d.status = 'sending'
  RETURNING d."key" AS key`;

// Given up for good (the room is gone or refuses the bot), fenced like the
// mark: a 'failed' row is never claimed again. \`sent_at\` holds when.
const MARK_FAILED = `
  UPDATE delivery d SET status = 'failed', sent_at = $3::timestamptz
  FROM unnest($1::text[], $2::int[]) AS t(k, token)
  WHERE d."key" = t.k AND d.attempts = t.token AND d.status = 'sending'
  RETURNING d."key" AS key`;

// The epoch is before any lease cutoff: the next claim takes the row at once,
// and `attempts` keeps counting the tries.
const RELEASE = `
  UPDATE delivery d SET claimed_at = to_timestamp(0)
  FROM unnest($1::text[], $2::int[]) AS t(k, token)
  WHERE d."key" = t.k AND d.attempts = t.token AND d.status = 'sending'`;

const SENT = `SELECT "key" AS key FROM delivery WHERE "key" = ANY($1::text[]) AND status = 'sent'`;
const SETTLED = `SELECT "key" AS key FROM delivery WHERE "key" = ANY($1::text[]) AND status <> 'sending'`;

const keysOf = (claims: readonly HeldClaim[]): string[] => claims.map((c) => c.key);
const tokensOf = (claims: readonly HeldClaim[]): number[] => claims.map((c) => c.token);

/**
 * `DeliveryStore` on PostgreSQL or PGlite (table `delivery`). Each method is
 * one statement outside any domain transaction, so it is atomic on its own
 * and commits before the caller sends.
 */
export class PrismaDeliveryStore implements DeliveryStore {
  constructor(private readonly sql: SqlRunner) {}

  async claim(items: readonly DeliveryClaim[], leaseMs: number, now: Date): Promise<ReadonlyMap<string, number>> {
    const byKey = new Map(items.map((i) => [i.key, i]));
    if (byKey.size === 0) return new Map();
    if (!Number.isFinite(leaseMs) || leaseMs < 0) throw new RangeError(`leaseMs must be a finite number >= 0, got ${leaseMs}`);
    const sorted = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const cutoff = new Date(now.getTime() - leaseMs);
    const rows = await this.sql.query<{ key: string; token: number }>(CLAIM, [sorted.map((i) => i.key), sorted.map((i) => i.platform), sorted.map((i) => i.roomId), now.toISOString(), cutoff.toISOString()]);
    return new Map(rows.map((r) => [r.key, r.token]));
  }

  async confirm(claim: HeldClaim, now: Date): Promise<boolean> {
    const rows = await this.sql.query(CONFIRM, [claim.key, claim.token, now.toISOString()]);
    return rows.length > 0;
  }

  async markSent(claims: readonly HeldClaim[], now: Date): Promise<Set<string>> {
    if (claims.length === 0) return new Set();
    const rows = await this.sql.query<{ key: string }>(MARK_SENT, [keysOf(claims), tokensOf(claims), now.toISOString()]);
    return new Set(rows.map((r) => r.key));
  }

  async markFailed(claims: readonly HeldClaim[], now: Date): Promise<Set<string>> {
    if (claims.length === 0) return new Set();
    const rows = await this.sql.query<{ key: string }>(MARK_FAILED, [keysOf(claims), tokensOf(claims), now.toISOString()]);
    return new Set(rows.map((r) => r.key));
  }

  async release(claims: readonly HeldClaim[]): Promise<void> {
    if (claims.length === 0) return;
    await this.sql.query(RELEASE, [keysOf(claims), tokensOf(claims)]);
  }

  async sent(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.sql.query<{ key: string }>(SENT, [[...keys]]);
    return new Set(rows.map((r) => r.key));
  }

  async settled(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.sql.query<{ key: string }>(SETTLED, [[...keys]]);
    return new Set(rows.map((r) => r.key));
  }
}
