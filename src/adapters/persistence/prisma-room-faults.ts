import type { Platform } from '../../core/model/entities.js';
import type { RoomFault, RoomFaultStore } from '../../core/ports/room-faults.port.js';
import type { RoomFaultReason } from '../../core/ports/room-sender.port.js';
import type { SqlRunner } from './sql-runner.js';

// Insert or refresh in one statement; `xmax = 0` is true only for a row this
// statement inserted, so two workers that both find a room gone tell its
// facilitators once. `since` stays the first refusal's time.
const MARK = `
  INSERT INTO room_fault AS f (platform, room_id, reason, detail, since, checked_at)
  VALUES ($1::platform, $2, $3, $4, $5::timestamptz, $5::timestamptz)
  ON CONFLICT (platform, room_id) DO UPDATE SET reason = EXCLUDED.reason, detail = EXCLUDED.detail, checked_at = EXCLUDED.checked_at
  RETURNING (xmax = 0) AS inserted`;

const FAULTS = `
  SELECT platform::text AS platform, room_id, reason, detail, since, checked_at FROM room_fault
  WHERE platform = $1::platform AND room_id = ANY($2::text[])`;

const CLEAR = `DELETE FROM room_fault WHERE platform = $1::platform AND room_id = $2 RETURNING room_id`;

interface FaultRow {
  platform: Platform;
  room_id: string;
  reason: string;
  detail: string;
  since: Date;
  checked_at: Date;
}

const REASONS: readonly RoomFaultReason[] = ['gone', 'forbidden'];
const asReason = (r: string): RoomFaultReason => REASONS.find((x) => x === r) ?? 'forbidden';

/**
 * `RoomFaultStore` on PostgreSQL/PGlite (table `room_fault`): one statement
 * each, outside any domain transaction. Every platform send job looks its
 * rooms up here, so on PostgreSQL the store hands it the raw pool
 * (`sessionRunner`), as it does the lanes' claims and marks: Prisma's raw path
 * cost more CPU than the statement itself.
 */
export class PrismaRoomFaults implements RoomFaultStore {
  constructor(private readonly db: SqlRunner) {}

  async markRoomFault(fault: Omit<RoomFault, 'since' | 'checkedAt'>, now: Date): Promise<boolean> {
    const rows = await this.db.query<{ inserted: boolean }>(MARK, [fault.platform, fault.roomId, fault.reason, fault.detail, now.toISOString()]);
    return rows[0]?.inserted === true;
  }

  async roomFaults(platform: Platform, roomIds: readonly string[]): Promise<readonly RoomFault[]> {
    if (roomIds.length === 0) return [];
    const rows = await this.db.query<FaultRow>(FAULTS, [platform, [...new Set(roomIds)]]);
    return rows.map((r) => ({ platform: r.platform, roomId: r.room_id, reason: asReason(r.reason), detail: r.detail, since: new Date(r.since), checkedAt: new Date(r.checked_at) }));
  }

  async clearRoomFault(platform: Platform, roomId: string): Promise<boolean> {
    const rows = await this.db.query<{ room_id: string }>(CLEAR, [platform, roomId]);
    return rows.length > 0;
  }
}
