import type { RoomRef } from '../../core/model/entities.js';
import type { AccessOutcome, RoomAccess } from '../../core/ports/room-access.port.js';
import { redactText } from '../../core/shared/redact.js';
import { MatrixRequestError, type MatrixApi } from './matrix-api.js';
import { adminStanding, levelOf, missingCapabilities, parsePowerLevels, withUserLevel, type AdminStanding, type PowerLevels } from './power-levels.js';

export interface MatrixRoomAccessOptions {
  readonly api: MatrixApi;
  /**
   * The power level a delegate gets in the delegates' room. Default 10: above
   * ordinary members (a room can require it to speak, via events_default)
   * but below moderators (50), who may kick; least privilege.
   */
  readonly grantLevel?: number;
}

/**
 * Enforcement on Matrix: access to a room is membership plus a power level.
 * Grant invites and raises the level; revoke resets the level and kicks;
 * remove kicks. Changes to one room's power levels are serialised, since
 * each is a read-modify-write of the whole `m.room.power_levels` event.
 */
export class MatrixRoomAccess implements RoomAccess {
  readonly platform = 'matrix' as const;
  private readonly grantLevel: number;
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly o: MatrixRoomAccessOptions) {
    this.grantLevel = o.grantLevel ?? 10;
  }

  grant(room: RoomRef, userId: string, reason: string): Promise<AccessOutcome> {
    return this.guarded(room.roomId, async () => {
      const api = this.o.api;
      const membership = await api.membership(room.roomId, userId);
      if (membership === 'ban') return { ok: false, retry: false, reason: `${userId} is banned from the room; a room moderator must unban them first.` };
      let changed = false;
      if (membership !== 'join' && membership !== 'invite') {
        await api.invite(room.roomId, userId, reason);
        changed = true;
      }
      const content = await api.state(room.roomId, 'm.room.power_levels', '');
      if (levelOf(parsePowerLevels(content), userId) < this.grantLevel) {
        await api.setState(room.roomId, 'm.room.power_levels', '', withUserLevel(content, userId, this.grantLevel));
        changed = true;
      }
      return { ok: true, changed };
    });
  }

  revoke(room: RoomRef, userId: string, reason: string): Promise<AccessOutcome> {
    return this.guarded(room.roomId, async () => {
      const api = this.o.api;
      let changed = false;
      const content = await api.state(room.roomId, 'm.room.power_levels', '');
      const pl = parsePowerLevels(content);
      if (pl.users[userId] !== undefined && levelOf(pl, userId) > pl.usersDefault) {
        await api.setState(room.roomId, 'm.room.power_levels', '', withUserLevel(content, userId, null));
        changed = true;
      }
      return (await this.kickIfPresent(room.roomId, userId, reason)) || changed ? { ok: true, changed: true } : { ok: true, changed: false };
    });
  }

  remove(room: RoomRef, userId: string, reason: string): Promise<AccessOutcome> {
    return this.guarded(room.roomId, async () => ({ ok: true, changed: await this.kickIfPresent(room.roomId, userId, reason) }));
  }

  async missingPermissions(room: RoomRef): Promise<readonly string[]> {
    try {
      return missingCapabilities(await this.powerLevels(room.roomId), this.o.api.userId, this.grantLevel);
    } catch (e) {
      if (e instanceof MatrixRequestError && e.status === 403) return ['be in the room (invite the bot, then run the command again)'];
      throw e;
    }
  }

  /**
   * Whether `userId` may administer the room, read from its state now (not a
   * cache): a level lowered a minute ago must count. Decides `roomAdmin`.
   */
  async adminStanding(roomId: string, userId: string): Promise<AdminStanding> {
    return adminStanding(await this.powerLevels(roomId), userId);
  }

  private async powerLevels(roomId: string): Promise<PowerLevels> {
    const [content, create] = await Promise.all([this.o.api.state(roomId, 'm.room.power_levels', ''), this.o.api.state(roomId, 'm.room.create', '')]);
    const creator = typeof create?.creator === 'string' ? create.creator : undefined;
    return parsePowerLevels(content, creator);
  }

  /** Kicking someone invited withdraws the invitation; someone gone already needs nothing. */
  private async kickIfPresent(roomId: string, userId: string, reason: string): Promise<boolean> {
    const membership = await this.o.api.membership(roomId, userId);
    if (membership !== 'join' && membership !== 'invite' && membership !== 'knock') return false;
    await this.o.api.kick(roomId, userId, reason);
    return true;
  }

  private guarded(roomId: string, run: () => Promise<AccessOutcome>): Promise<AccessOutcome> {
    const previous = this.locks.get(roomId) ?? Promise.resolve();
    const next = previous.then(run).catch((e: unknown) => failure(e));
    this.locks.set(roomId, next);
    void next.then(() => {
      if (this.locks.get(roomId) === next) this.locks.delete(roomId);
    });
    return next;
  }
}

/** Outages and rate limits are retried by the job queue; a refusal needs a room admin. Reasons are shown to facilitators: no secret in them. */
function failure(e: unknown): AccessOutcome {
  if (e instanceof MatrixRequestError) {
    if (e.status === 403) return { ok: false, retry: false, reason: `The homeserver refused (${e.errcode}): the bot's power level in the room is too low for this. ${redactText(e.message)}` };
    if (e.status === 404) return { ok: false, retry: false, reason: `The room or user does not exist or the bot is not in the room (${e.errcode}).` };
    return { ok: false, retry: e.retryable, reason: redactText(e.message) };
  }
  return { ok: false, retry: true, reason: redactText(e instanceof Error ? e.message : String(e)) };
}
