import type { DeliveryClaim, DeliveryStore } from '../../jobs/delivery-store.port.js';
import type { SqlRunner } from './sql-runner.js';

// Claim = insert or take over, in one statement. Two claimers of one key:
// the second waits on the first's row lock, then re-evaluates the WHERE on
// the committed row (claimed just now, so not before the cutoff) and gets no
// row back; never both. Rows go in key order (the caller sorts, ORDINALITY
// keeps it) so two claimers of overlapping batches lock in the same order
// and cannot deadlock.
const CLAIM = `
  INSERT INTO delivery AS d ("key", platform, room_id, status, attempts, claimed_at)
  SELECT t.k, t.p::platform, t.r, 'sending', 1, $4::timestamptz
  FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t(k, p, r, ord)
  ORDER BY t.ord
  ON CONFLICT ("key") DO UPDATE SET attempts = d.attempts + 1, claimed_at = EXCLUDED.claimed_at
  WHERE d.status = 'sending' AND d.claimed_at < $5::timestamptz
  RETURNING d."key" AS key`;

const MARK_SENT = `
  UPDATE delivery SET status = 'sent', sent_at = $2::timestamptz
  WHERE "key" = ANY($1::text[])`;

// The epoch is before any lease cutoff: the next claim takes the row at once,
// and `attempts` keeps counting the tries.
const RELEASE = `
  UPDATE delivery SET claimed_at = to_timestamp(0)
  WHERE "key" = ANY($1::text[]) AND status = 'sending'`;

const SENT = `SELECT "key" AS key FROM delivery WHERE "key" = ANY($1::text[]) AND status = 'sent'`;

/**
 * `DeliveryStore` on PostgreSQL or PGlite (table `delivery`). Each method is
 * one statement outside any domain transaction, so it is atomic on its own
 * and commits before the caller sends.
 */
export class PrismaDeliveryStore implements DeliveryStore {
  constructor(private readonly sql: SqlRunner) {}

  async claim(items: readonly DeliveryClaim[], leaseMs: number, now: Date): Promise<Set<string>> {
    const byKey = new Map(items.map((i) => [i.key, i]));
    if (byKey.size === 0) return new Set();
    if (!Number.isFinite(leaseMs) || leaseMs < 0) throw new RangeError(`leaseMs must be a finite number >= 0, got ${leaseMs}`);
    const sorted = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const cutoff = new Date(now.getTime() - leaseMs);
    const rows = await this.sql.query<{ key: string }>(CLAIM, [sorted.map((i) => i.key), sorted.map((i) => i.platform), sorted.map((i) => i.roomId), now.toISOString(), cutoff.toISOString()]);
    return new Set(rows.map((r) => r.key));
  }

  async markSent(keys: readonly string[], now: Date): Promise<void> {
    if (keys.length === 0) return;
    await this.sql.query(MARK_SENT, [[...keys], now.toISOString()]);
  }

  async release(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.sql.query(RELEASE, [[...keys]]);
  }

  async sent(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.sql.query<{ key: string }>(SENT, [[...keys]]);
    return new Set(rows.map((r) => r.key));
  }
}
