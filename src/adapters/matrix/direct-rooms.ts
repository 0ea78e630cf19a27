import type { Logger } from '../../core/ports/logger.port.js';
import type { MatrixApi } from './matrix-api.js';

/**
 * The bot's direct-message rooms, kept where Matrix keeps them: the bot's
 * `m.direct` account data (user id → room ids), so they survive restarts and
 * other clients of the account agree. A DM is created on first need; two
 * concurrent needs for the same person share one creation.
 */
export class DirectRooms {
  private byUser: Promise<Map<string, string[]>> | null = null;
  private readonly pending = new Map<string, Promise<string>>();

  constructor(
    private readonly api: MatrixApi,
    private readonly log: Logger,
    /** Whether the bot reads end-to-end encrypted rooms: then an encrypted DM is as good as any (new ones are encrypted). */
    private readonly o: { readonly encryption?: boolean } = {},
  ) {}

  /** Read once and shared by concurrent callers; a failed read is tried again next time. */
  private load(): Promise<Map<string, string[]>> {
    this.byUser ??= this.api.accountData('m.direct').then((content) => {
      const map = new Map<string, string[]>();
      for (const [user, rooms] of Object.entries(content ?? {})) {
        if (Array.isArray(rooms)) map.set(user, rooms.filter((r): r is string => typeof r === 'string'));
      }
      return map;
    });
    this.byUser.catch(() => (this.byUser = null));
    return this.byUser;
  }

  async isDirect(roomId: string): Promise<boolean> {
    for (const rooms of (await this.load()).values()) if (rooms.includes(roomId)) return true;
    return false;
  }

  /** The DM room with `userId`, created (and the person invited) when there is none. */
  roomFor(userId: string): Promise<string> {
    const inFlight = this.pending.get(userId);
    if (inFlight) return inFlight;
    const p = this.findOrCreate(userId).finally(() => this.pending.delete(userId));
    this.pending.set(userId, p);
    return p;
  }

  private async findOrCreate(userId: string): Promise<string> {
    const known = [...((await this.load()).get(userId) ?? [])].reverse();
    for (const roomId of known) if (await this.usable(roomId, userId)) return roomId;
    const roomId = await this.api.createDirectRoom(userId);
    this.log.info({ userId, roomId }, 'created a direct-message room');
    await this.remember(userId, roomId);
    return roomId;
  }

  /** Both still in it, and (when the bot has no end-to-end encryption) not encrypted: the bot could not read the answers. */
  private async usable(roomId: string, userId: string): Promise<boolean> {
    try {
      const [mine, theirs, encryption] = await Promise.all([this.api.membership(roomId, this.api.userId), this.api.membership(roomId, userId), this.o.encryption ? null : this.api.state(roomId, 'm.room.encryption', '')]);
      return mine === 'join' && (theirs === 'join' || theirs === 'invite') && encryption === null;
    } catch {
      return false;
    }
  }

  /** Records a DM (one the bot created, or joined from an `is_direct` invite). */
  async remember(userId: string, roomId: string): Promise<void> {
    const map = await this.load();
    const rooms = map.get(userId) ?? [];
    if (rooms.includes(roomId)) return;
    map.set(userId, [...rooms, roomId]);
    await this.api.setAccountData('m.direct', Object.fromEntries(map));
  }
}
