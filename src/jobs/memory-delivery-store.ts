import type { Platform } from '../core/model/entities.js';
import type { DeliveryClaim, DeliveryStore } from './delivery-store.port.js';

interface DeliveryRow {
  readonly platform: Platform;
  readonly roomId: string;
  status: 'sending' | 'sent';
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

  claim(items: readonly DeliveryClaim[], leaseMs: number, now: Date): Promise<Set<string>> {
    const at = now.getTime();
    const granted = new Set<string>();
    for (const item of items) {
      const row = this.rows.get(item.key);
      if (!row) {
        this.rows.set(item.key, { platform: item.platform, roomId: item.roomId, status: 'sending', attempts: 1, claimedAt: at, sentAt: null });
        granted.add(item.key);
      } else if (row.status === 'sending' && row.claimedAt < at - leaseMs) {
        row.attempts++;
        row.claimedAt = at;
        granted.add(item.key);
      }
    }
    return Promise.resolve(granted);
  }

  markSent(keys: readonly string[], now: Date): Promise<void> {
    for (const key of keys) {
      const row = this.rows.get(key);
      if (row) Object.assign(row, { status: 'sent', sentAt: now.getTime() });
    }
    return Promise.resolve();
  }

  release(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      const row = this.rows.get(key);
      // Any time before every lease cutoff: claimable at once, and `attempts` still counts the tries.
      if (row?.status === 'sending') row.claimedAt = Number.NEGATIVE_INFINITY;
    }
    return Promise.resolve();
  }

  sent(keys: readonly string[]): Promise<Set<string>> {
    return Promise.resolve(new Set(keys.filter((k) => this.rows.get(k)?.status === 'sent')));
  }
}
