import type { Platform } from '../core/model/entities.js';

/** One message to deliver, named by its key (unique per message and room). */
export interface DeliveryClaim {
  readonly key: string;
  readonly platform: Platform;
  readonly roomId: string;
}

/**
 * Remembers which platform messages were sent, so that a job delivered twice
 * (a retry after a crash, a re-enqueued outbox row, two workers) posts each
 * message once. A sender claims a key before sending and marks it sent
 * after; a claim older than the lease may be taken over, because the worker
 * that holds it may have died. The platform's own idempotency (Discord nonce,
 * Matrix transaction id) covers the gap of a crash between send and mark.
 */
export interface DeliveryStore {
  /**
   * Claims, atomically per key, the items no one holds: never claimed, or
   * claimed before `now - leaseMs` and not sent. Returns the keys this
   * caller may send now; two concurrent callers never both get a key.
   */
  claim(items: readonly DeliveryClaim[], leaseMs: number, now: Date): Promise<Set<string>>;
  markSent(keys: readonly string[], now: Date): Promise<void>;
  /** Gives unsent claims back at once (a send failed before posting), so a retry need not wait out the lease. */
  release(keys: readonly string[]): Promise<void>;
  /** Which of these keys are marked sent. */
  sent(keys: readonly string[]): Promise<Set<string>>;
}
