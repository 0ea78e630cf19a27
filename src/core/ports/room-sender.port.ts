import type { Platform, RoomRef } from '../model/entities.js';
import type { OutMessage } from '../messages/message.js';

/**
 * What a platform adapter must do for the core to reach its rooms. The core
 * never talks to an SDK; it hands a platform-neutral message to the sender of
 * the room's platform, which renders it (embed, HTML, plain text).
 *
 * Discussions are a capability of the platform behind this port: a message
 * that asks for one (`OutMessage.discussion`) gets a thread under it where the
 * platform has threads (Discord, Matrix), and the later messages with its
 * `ref` (the result) go there too; a platform without threads posts the
 * message alone.
 */
export interface RoomSender {
  readonly platform: Platform;
  send(room: RoomRef, message: OutMessage, idempotencyKey: string): Promise<void>;
  /**
   * A direct message to one account (`userId`: its platform id), for what is
   * meant for that person alone (a reminder to vote). Platforms without
   * direct messages leave it out, and such messages are dropped.
   */
  sendDirect?(userId: string, message: OutMessage, idempotencyKey: string): Promise<void>;
}

/** Platform -> sender; a platform with no running bot has no entry. */
export type RoomSenders = ReadonlyMap<Platform, RoomSender>;

/**
 * The platform still says "slow down" (HTTP 429) after the adapter's own
 * retries. Senders throw it so that queued delivery can pause the platform's
 * whole lane for `retryAfterMs` instead of spending a retry on a limit that
 * belongs to the platform, not to one message. Nothing was posted.
 */
export class RoomRateLimitedError extends Error {
  override readonly name = 'RoomRateLimitedError';
  readonly retryAfterMs: number;

  constructor(retryAfterMs: number, message = `platform rate limit: retry after ${retryAfterMs} ms`, options?: ErrorOptions) {
    super(message, options);
    if (!Number.isFinite(retryAfterMs) || retryAfterMs < 0) throw new RangeError(`retryAfterMs must be a finite number >= 0, got ${retryAfterMs}`);
    this.retryAfterMs = retryAfterMs;
  }
}

/** Why a room takes no messages from the bot, until someone fixes it. */
export type RoomFaultReason = 'gone' | 'forbidden';

/**
 * The platform refused a send for a reason retrying cannot fix: the room is
 * gone (Discord 10003 Unknown Channel) or the bot may not post there (Discord
 * 50001 Missing Access, 50013 Missing Permissions). Senders throw it so the
 * send job gives up on that one message, marks the room and goes on with the
 * others, instead of retrying the whole batch. Nothing was posted.
 */
export class RoomUnreachableError extends Error {
  override readonly name = 'RoomUnreachableError';
  constructor(
    readonly reason: RoomFaultReason,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
