import type { Platform } from '../model/entities.js';
import type { RoomFaultReason } from './room-sender.port.js';

/** A room that refused the bot's messages for good, as last seen. */
export interface RoomFault {
  readonly platform: Platform;
  readonly roomId: string;
  readonly reason: RoomFaultReason;
  /** The platform's own words, e.g. "Missing Permissions (50013)". */
  readonly detail: string;
  /** When it was first refused (unchanged while it stays refused). */
  readonly since: Date;
  /** When a send last found it refused. */
  readonly checkedAt: Date;
}

/**
 * Rooms that refuse the bot's messages, so that one bad room costs one failed
 * request and one notice, not a retried batch per announcement: sends to a
 * marked room are skipped until a later probe finds it fixed
 * (`services/room-health.ts`). Not part of any assembly's record: nothing a
 * member decided.
 */
export interface RoomFaultStore {
  /** Records or refreshes the fault; true when the room was not marked before (then its facilitators are told). */
  markRoomFault(fault: Omit<RoomFault, 'since' | 'checkedAt'>, now: Date): Promise<boolean>;
  /** The marked rooms among these, of one platform. */
  roomFaults(platform: Platform, roomIds: readonly string[]): Promise<readonly RoomFault[]>;
  /** The room took a message again; true when it was marked. */
  clearRoomFault(platform: Platform, roomId: string): Promise<boolean>;
}
