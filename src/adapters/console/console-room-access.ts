import type { RoomRef } from '../../core/model/entities.js';
import type { AccessOutcome, RoomAccess } from '../../core/ports/room-access.port.js';
import { prefix } from './console-sender.js';

/**
 * The console's rooms have no door: anyone may `/in` anywhere. Access changes
 * (a delegate elected or recalled, an exclusion) are still jobs the core
 * queues, so the console handles them by saying what a real platform would
 * have done, and the outbox records them as done (`access status`).
 */
export class ConsoleRoomAccess implements RoomAccess {
  readonly platform = 'console' as const;
  constructor(private readonly out: { write(s: string): unknown }) {}

  grant(room: RoomRef, userId: string, reason: string): Promise<AccessOutcome> {
    return this.say(room, `${userId} may now enter this room (${reason})`);
  }

  revoke(room: RoomRef, userId: string, reason: string): Promise<AccessOutcome> {
    return this.say(room, `${userId} no longer has access to this room (${reason})`);
  }

  remove(room: RoomRef, userId: string, reason: string): Promise<AccessOutcome> {
    return this.say(room, `${userId} is removed from this room (${reason})`);
  }

  missingPermissions(): Promise<readonly string[]> {
    return Promise.resolve([]);
  }

  private say(room: RoomRef, text: string): Promise<AccessOutcome> {
    this.out.write(prefix(room.roomId, `(access: ${text})`) + '\n');
    return Promise.resolve({ ok: true, changed: true });
  }
}
