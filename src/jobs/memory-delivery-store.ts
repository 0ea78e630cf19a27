import type { Platform } from '../core/model/entities.js';
import type { DeliveryClaim, DeliveryStore, HeldClaim } from './delivery-store.port.js';

interface DeliveryRow {
  readonly platform: Platform;
  readonly roomId: string;
  status: 'sending' | 'sent' | 'failed';
  /** The claim number, raised by every claim: the current claim's fencing token. */
  attempts: number;
  claimedAt: number;
  sentAt: number | null;
}

/**
 * `DeliveryStore` in memory, for unit tests and the single-process console.
 * Each method changes the map without awaiting in between, so a claim is
 * as atomic here as the one-statement claim in PostgreSQL.
 */
export class MemoryDeliveryStore implements DeliveryStore {
  /** By key; tests read it to see attempts and states. */
  readonly rows = new Map<string, DeliveryRow>();

  claim(items: readonly DeliveryClaim[], leaseMs: number, now: Date): Promise<ReadonlyMap<string, number>> {
    const at = now.getTime();
    const granted = new Map<string, number>();
    for (const item of items) {
      const row = this.rows.get(item.key);
      if (!row) {
        this.rows.set(item.key, { platform: item.platform, roomId: item.roomId, status: 'sending', attempts: 1, claimedAt: at, sentAt: null });
        granted.set(item.key, 1);
      } else if (row.status === 'sending' && row.claimedAt < at - leaseMs) {
        row.attempts++;
        row.claimedAt = at;
        granted.set(item.key, row.attempts);
      }
    }
    return Promise.resolve(granted);
  }

  confirm(claim: HeldClaim, now: Date): Promise<boolean> {
    const row = this.held(claim);
    if (row) row.claimedAt = now.getTime();
    return Promise.resolve(row !== undefined);
  }

  markSent(claims: readonly HeldClaim[], now: Date): Promise<Set<string>> {
    const marked = new Set<string>();
    for (const claim of claims) {
      const row = this.held(claim);
      if (!row) continue;
      Object.assign(row, { status: 'sent', sentAt: now.getTime() });
      marked.add(claim.key);
    }
    return Promise.resolve(marked);
  }

  markFailed(claims: readonly HeldClaim[], now: Date): Promise<Set<string>> {
    const marked = new Set<string>();
    for (const claim of claims) {
      const row = this.held(claim);
      if (!row) continue;
      Object.assign(row, { status: 'failed', sentAt: now.getTime() });
      marked.add(claim.key);
    }
    return Promise.resolve(marked);
  }

  release(claims: readonly HeldClaim[]): Promise<void> {
    // Any time before every lease cutoff: claimable at once, and `attempts` still counts the tries.
    for (const claim of claims) {
      const row = this.held(claim);
      if (row) row.claimedAt = Number.NEGATIVE_INFINITY;
    }
    return Promise.resolve();
  }

  sent(keys: readonly string[]): Promise<Set<string>> {
    return Promise.resolve(new Set(keys.filter((k) => this.rows.get(k)?.status === 'sent')));
  }

  settled(keys: readonly string[]): Promise<Set<string>> {
    return Promise.resolve(new Set(keys.filter((k) => this.rows.get(k)?.status !== 'sending' && this.rows.has(k))));
  }

  /** The row while this claim is its current, unsent one. */
  private held(claim: HeldClaim): DeliveryRow | undefined {
    const row = this.rows.get(claim.key);
    return row?.status === 'sending' && row.attempts === claim.token ? row : undefined;
  }
}
