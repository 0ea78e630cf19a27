import type { OutboxItem } from '../model/federation.js';
import type { OutboxClaim } from '../ports/federation-store.port.js';
import type { FakeState } from './fake-store-state.js';

/*
 * The FakeStore's outbox, as plain functions on the transaction's draft state:
 * the same claim / fenced release / finish / reclaim contract as
 * `prisma-outbox.ts` (held to it by test/support/store-outbox.conformance.ts).
 */

/** Claims due pending rows; the claim's `attempts` is its fencing token. */
export function claimDue(draft: FakeState, now: Date, limit: number): readonly OutboxItem[] {
  const due = [...draft.outbox.values()].filter((o) => o.status === 'pending' && o.availableAt <= now).slice(0, limit);
  for (const o of due) draft.outbox.set(o.dedupeKey, { ...o, status: 'dispatched', attempts: o.attempts + 1, claimedAt: now });
  return due.map((o) => ({ ...o, status: 'dispatched' as const, attempts: o.attempts + 1 }));
}

/** Puts back only rows still held under the same claim: a stalled dispatcher cannot release another's. */
export function releaseClaims(draft: FakeState, claims: readonly OutboxClaim[]): void {
  const held = (o: OutboxItem): boolean => claims.some((c) => c.id === o.id && c.attempts === o.attempts);
  for (const o of draft.outbox.values()) if (o.status === 'dispatched' && held(o)) draft.outbox.set(o.dedupeKey, { ...o, status: 'pending', claimedAt: null });
}

export function finishItem(draft: FakeState, dedupeKey: string, result: { ok: true } | { ok: false; error: string }): void {
  const o = draft.outbox.get(dedupeKey);
  if (o) draft.outbox.set(dedupeKey, { ...o, status: result.ok ? 'done' : 'failed', lastError: result.ok ? null : result.error });
}

/** Rows dispatched before `olderThan` whose job was lost go back to pending; returns how many. */
export function reclaimStale(draft: FakeState, olderThan: Date): number {
  let n = 0;
  for (const o of draft.outbox.values()) {
    if (o.status === 'dispatched' && o.claimedAt && o.claimedAt < olderThan) {
      draft.outbox.set(o.dedupeKey, { ...o, status: 'pending', claimedAt: null });
      n++;
    }
  }
  return n;
}
