import type { Platform, RoomRef } from '../model/entities.js';
import type { OutMessage } from '../messages/message.js';

/**
 * What a platform adapter must do for the core to reach its rooms. The core
 * never talks to an SDK; it hands a platform-neutral message to the sender of
 * the room's platform, which renders it (embed, HTML, plain text).
 */
export interface RoomSender {
  readonly platform: Platform;
  send(room: RoomRef, message: OutMessage, idempotencyKey: string): Promise<void>;
}

/** Platform -> sender; a platform with no running bot has no entry. */
export type RoomSenders = ReadonlyMap<Platform, RoomSender>;
