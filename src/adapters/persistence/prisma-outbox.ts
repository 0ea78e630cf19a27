import type { OutboxItem } from '../../core/model/federation.js';
import type { OutboxClaim, OutboxStore } from '../../core/ports/federation-store.port.js';
import { isOutboxId, OUTBOX_COLUMNS, toOutboxItem, type OutboxRow } from './prisma-federation-mappers.js';
import type { Db } from './prisma-store-reads.js';

// Claim = take and mark in one statement. SKIP LOCKED lets several
// dispatchers claim at once without waiting on each other; a row another
// dispatcher has just claimed is re-checked after its lock is released
// (status is no longer 'pending') and dropped, so no item is handed out twice.
// MATERIALIZED: the locking subquery runs exactly once. `updated_at` takes
// the claim time from the caller's clock, the clock `reclaimStaleOutbox`
// compares it with.
const CLAIM = `
  WITH due AS MATERIALIZED (
    SELECT id FROM outbox_item
    WHERE status = 'pending' AND available_at <= $1::timestamptz
    ORDER BY id
    LIMIT $2::int
    FOR UPDATE SKIP LOCKED
  )
  UPDATE outbox_item o SET status = 'dispatched', attempts = o.attempts + 1, updated_at = $1::timestamptz
  FROM due WHERE o.id = due.id
  RETURNING ${OUTBOX_COLUMNS}`;

// Fenced by the claim's number: a claim that was reclaimed and claimed again is not the caller's to release.
const RELEASE = `
  UPDATE outbox_item o SET status = 'pending', updated_at = now()
  FROM unnest($1::bigint[], $2::int[]) AS c(id, attempts)
  WHERE o.id = c.id AND o.attempts = c.attempts AND o.status = 'dispatched'`;

const FINISH = `
  UPDATE outbox_item SET status = $2::outbox_status, last_error = $3, updated_at = now()
  WHERE dedupe_key = $1`;

// Only items still dispatched: one finished meanwhile stays finished.
const RECLAIM = `
  UPDATE outbox_item SET status = 'pending', updated_at = now()
  WHERE status = 'dispatched' AND updated_at < $1::timestamptz`;

/**
 * `OutboxStore` over PostgreSQL/PGlite for the dispatcher. Each method is one
 * statement outside any domain transaction, so it is atomic on its own.
 */
export class PrismaOutbox implements OutboxStore {
  constructor(private readonly db: Db) {}

  async claimOutbox(now: Date, limit: number): Promise<readonly OutboxItem[]> {
    const n = Math.max(0, Math.floor(limit));
    if (n === 0) return [];
    const rows = await this.db.$queryRawUnsafe<OutboxRow[]>(CLAIM, now.toISOString(), n);
    // RETURNING follows no ORDER BY: restore the order items were written in.
    return rows.map(toOutboxItem).sort((a, b) => compareIds(a.id, b.id));
  }

  async releaseOutbox(claims: readonly OutboxClaim[]): Promise<void> {
    const valid = claims.filter((c) => isOutboxId(c.id) && Number.isSafeInteger(c.attempts));
    if (valid.length === 0) return;
    await this.db.$executeRawUnsafe(RELEASE, valid.map((c) => c.id), valid.map((c) => c.attempts));
  }

  async finishOutbox(dedupeKey: string, result: { ok: true } | { ok: false; error: string }): Promise<void> {
    await this.db.$executeRawUnsafe(FINISH, dedupeKey, result.ok ? 'done' : 'failed', result.ok ? null : result.error);
  }

  reclaimStaleOutbox(olderThan: Date): Promise<number> {
    return this.db.$executeRawUnsafe(RECLAIM, olderThan.toISOString());
  }
}

/** Bigint ids as text: a shorter one is smaller. */
const compareIds = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
