import type { Platform } from '../core/model/entities.js';

/** One message to deliver, named by its key (unique per message and room). */
export interface DeliveryClaim {
  readonly key: string;
  readonly platform: Platform;
  readonly roomId: string;
}

/**
 * A claim as its holder knows it: the key and the claim's fencing token, the
 * row's claim number, which every claim of the key raises. A holder whose
 * token is no longer the row's has been overtaken (it was frozen or slow past
 * its lease and another worker claimed the key): it must send nothing more
 * and mark nothing.
 */
export interface HeldClaim {
  readonly key: string;
  readonly token: number;
}

/**
 * Remembers which platform messages were sent, so that a job delivered twice
 * (a retry after a crash, a re-enqueued outbox row, two workers) posts each
 * message once. A sender claims a key, confirms right before each send that
 * the claim is still its own, and marks it sent right after; a claim older
 * than the lease may be taken over, because the worker that holds it may
 * have died, or may only be frozen: the fencing token keeps a frozen worker
 * that wakes up from sending what was taken over. The platform's own
 * idempotency (Discord nonce, Matrix transaction id) covers the one message
 * in flight when a worker stops or dies.
 */
export interface DeliveryStore {
  /**
   * Claims, atomically per key, the items no one holds: never claimed, or
   * claimed before `now - leaseMs` and not sent. Returns the keys this
   * caller may send now, each with its fencing token; two concurrent callers
   * never both get a key.
   */
  claim(items: readonly DeliveryClaim[], leaseMs: number, now: Date): Promise<ReadonlyMap<string, number>>;
  /**
   * Right before sending: true when the claim is still the caller's (its
   * token is the row's and the message is not sent), and then renews its
   * lease from `now`, so a live worker is not overtaken message by message.
   */
  confirm(claim: HeldClaim, now: Date): Promise<boolean>;
  /** Marks sent the claims still held; returns their keys. An overtaken claim is left to its new holder. */
  markSent(claims: readonly HeldClaim[], now: Date): Promise<Set<string>>;
  /** Gives unsent claims still held back at once (a send failed before posting), so a retry need not wait out the lease. */
  release(claims: readonly HeldClaim[]): Promise<void>;
  /**
   * Gives up on the claims still held, for good (the room is gone or refuses
   * the bot): no later claim takes them. Fenced like `markSent`; returns their keys.
   */
  markFailed(claims: readonly HeldClaim[], now: Date): Promise<Set<string>>;
  /** Which of these keys are marked sent. */
  sent(keys: readonly string[]): Promise<Set<string>>;
  /** Which of these keys are finished either way: sent, or given up (`markFailed`). */
  settled(keys: readonly string[]): Promise<Set<string>>;
}
