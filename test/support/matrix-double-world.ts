import { randomBytes } from 'node:crypto';

/**
 * The state behind the loopback homeserver double: users, rooms as ordered
 * event lists with current state, one global stream position (sync tokens
 * are `s<position>`), transaction ids per access token, account data and
 * media. Authorisation follows the spec's power-level rules closely enough
 * for the bot's behaviour to be meaningful (403s where Synapse gives them).
 */
export interface DoubleEvent {
  readonly event_id: string;
  readonly room_id: string;
  readonly type: string;
  readonly sender: string;
  readonly content: Record<string, unknown>;
  readonly origin_server_ts: number;
  readonly state_key?: string;
  readonly pos: number;
}

export class MatrixError extends Error {
  constructor(
    readonly status: number,
    readonly errcode: string,
    message: string,
  ) {
    super(message);
  }
}

export interface DoubleRoom {
  readonly id: string;
  readonly events: DoubleEvent[];
  readonly state: Map<string, DoubleEvent>;
}

const stateKey = (type: string, key: string): string => `${type}\u0000${key}`;

export class DoubleWorld {
  pos = 0;
  readonly rooms = new Map<string, DoubleRoom>();
  readonly tokens = new Map<string, string>();
  readonly passwords = new Map<string, string>();
  readonly txns = new Map<string, string>();
  readonly accountData = new Map<string, Map<string, Record<string, unknown>>>();
  readonly media = new Map<string, { content: Buffer; type: string }>();
  private readonly waiters = new Set<() => void>();

  constructor(readonly serverName: string) {}

  register(localpart: string, password = 'pass'): { userId: string; accessToken: string } {
    const userId = `@${localpart}:${this.serverName}`;
    const accessToken = `tok_${localpart}_${randomBytes(6).toString('hex')}`;
    this.tokens.set(accessToken, userId);
    this.passwords.set(userId, password);
    return { userId, accessToken };
  }

  /** Resolves on the next appended event (or after `ms`): the long poll of /sync. */
  waitForEvent(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  room(roomId: string): DoubleRoom {
    const r = this.rooms.get(roomId);
    if (!r) throw new MatrixError(404, 'M_NOT_FOUND', `Unknown room ${roomId}`);
    return r;
  }

  append(roomId: string, e: { type: string; sender: string; content: Record<string, unknown>; state_key?: string }): DoubleEvent {
    const room = this.room(roomId);
    const pos = ++this.pos;
    const event: DoubleEvent = { event_id: `$${String(pos)}-${randomBytes(4).toString('hex')}`, room_id: roomId, origin_server_ts: Date.now(), pos, ...e };
    room.events.push(event);
    if (e.state_key !== undefined) room.state.set(stateKey(e.type, e.state_key), event);
    for (const w of [...this.waiters]) w();
    return event;
  }

  stateEvent(roomId: string, type: string, key: string): DoubleEvent | undefined {
    return this.room(roomId).state.get(stateKey(type, key));
  }

  membership(roomId: string, userId: string): string | null {
    const m = this.stateEvent(roomId, 'm.room.member', userId)?.content.membership;
    return typeof m === 'string' ? m : null;
  }

  joined(roomId: string): string[] {
    return [...this.room(roomId).state.values()].filter((e) => e.type === 'm.room.member' && e.content.membership === 'join').map((e) => e.state_key ?? '');
  }

  powerLevels(roomId: string): Record<string, unknown> {
    return this.stateEvent(roomId, 'm.room.power_levels', '')?.content ?? {};
  }

  level(roomId: string, userId: string): number {
    const pl = this.powerLevels(roomId);
    const users = (pl.users ?? {}) as Record<string, number>;
    return users[userId] ?? (pl.users_default as number | undefined) ?? 0;
  }

  private required(roomId: string, key: 'invite' | 'kick' | 'state_default' | 'events_default', fallback: number, type?: string): number {
    const pl = this.powerLevels(roomId);
    const events = (pl.events ?? {}) as Record<string, number>;
    if (type !== undefined && events[type] !== undefined) return events[type];
    return (pl[key] as number | undefined) ?? fallback;
  }

  requireJoined(roomId: string, userId: string): void {
    if (this.membership(roomId, userId) !== 'join') throw new MatrixError(403, 'M_FORBIDDEN', `${userId} is not in room ${roomId}`);
  }

  createRoom(creator: string, o: { invite?: string[]; isDirect?: boolean; name?: string; preset?: string }): string {
    const roomId = `!${randomBytes(6).toString('hex')}:${this.serverName}`;
    this.rooms.set(roomId, { id: roomId, events: [], state: new Map() });
    this.append(roomId, { type: 'm.room.create', sender: creator, state_key: '', content: { creator, room_version: '9' } });
    this.append(roomId, { type: 'm.room.member', sender: creator, state_key: creator, content: { membership: 'join' } });
    const trusted = o.preset === 'trusted_private_chat';
    const users: Record<string, number> = { [creator]: 100 };
    if (trusted) for (const u of o.invite ?? []) users[u] = 100;
    // Synapse's defaults for a new room.
    const pl = { users, users_default: 0, events_default: 0, state_default: 50, ban: 50, kick: 50, redact: 50, invite: 0, events: { 'm.room.power_levels': 100, 'm.room.history_visibility': 100, 'm.room.name': 50 } };
    this.append(roomId, { type: 'm.room.power_levels', sender: creator, state_key: '', content: pl });
    this.append(roomId, { type: 'm.room.join_rules', sender: creator, state_key: '', content: { join_rule: o.preset === 'public_chat' ? 'public' : 'invite' } });
    this.append(roomId, { type: 'm.room.history_visibility', sender: creator, state_key: '', content: { history_visibility: 'shared' } });
    if (o.name) this.append(roomId, { type: 'm.room.name', sender: creator, state_key: '', content: { name: o.name } });
    for (const u of o.invite ?? []) this.append(roomId, { type: 'm.room.member', sender: creator, state_key: u, content: { membership: 'invite', ...(o.isDirect ? { is_direct: true } : {}) } });
    return roomId;
  }

  send(roomId: string, sender: string, type: string, content: Record<string, unknown>, txn?: { token: string; txnId: string }): string {
    const key = txn ? `${txn.token}\u0000${txn.txnId}` : null;
    const seen = key ? this.txns.get(key) : undefined;
    if (seen) return seen;
    this.requireJoined(roomId, sender);
    if (this.level(roomId, sender) < this.required(roomId, 'events_default', 0, type)) throw new MatrixError(403, 'M_FORBIDDEN', `power level too low to send ${type}`);
    const e = this.append(roomId, { type, sender, content });
    if (key) this.txns.set(key, e.event_id);
    return e.event_id;
  }

  setState(roomId: string, sender: string, type: string, key: string, content: Record<string, unknown>): string {
    this.requireJoined(roomId, sender);
    const mine = this.level(roomId, sender);
    if (mine < this.required(roomId, 'state_default', 50, type)) throw new MatrixError(403, 'M_FORBIDDEN', `power level too low to set ${type}`);
    if (type === 'm.room.power_levels') this.checkPowerChange(roomId, sender, mine, content);
    return this.append(roomId, { type, sender, state_key: key, content }).event_id;
  }

  /** The spec's rule: nobody raises anyone above their own level or changes someone at or above it. */
  private checkPowerChange(roomId: string, sender: string, mine: number, next: Record<string, unknown>): void {
    const before = (this.powerLevels(roomId).users ?? {}) as Record<string, number>;
    const after = (next.users ?? {}) as Record<string, number>;
    for (const u of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (before[u] === after[u]) continue;
      if ((after[u] ?? 0) > mine) throw new MatrixError(403, 'M_FORBIDDEN', `cannot raise ${u} above your own level`);
      if (u !== sender && (before[u] ?? 0) >= mine) throw new MatrixError(403, 'M_FORBIDDEN', `cannot change the level of ${u}`);
    }
  }

  invite(roomId: string, sender: string, target: string, reason?: string): void {
    this.requireJoined(roomId, sender);
    if (this.level(roomId, sender) < this.required(roomId, 'invite', 0)) throw new MatrixError(403, 'M_FORBIDDEN', 'power level too low to invite');
    const m = this.membership(roomId, target);
    if (m === 'join' || m === 'ban') throw new MatrixError(403, 'M_FORBIDDEN', `${target} is ${m === 'join' ? 'already in the room' : 'banned'}`);
    this.append(roomId, { type: 'm.room.member', sender, state_key: target, content: { membership: 'invite', ...(reason ? { reason } : {}) } });
  }

  kick(roomId: string, sender: string, target: string, reason?: string): void {
    this.requireJoined(roomId, sender);
    const mine = this.level(roomId, sender);
    if (mine < this.required(roomId, 'kick', 50) || this.level(roomId, target) >= mine) throw new MatrixError(403, 'M_FORBIDDEN', 'power level too low to kick');
    const m = this.membership(roomId, target);
    if (m !== 'join' && m !== 'invite') throw new MatrixError(403, 'M_FORBIDDEN', `${target} is not in the room`);
    this.append(roomId, { type: 'm.room.member', sender, state_key: target, content: { membership: 'leave', ...(reason ? { reason } : {}) } });
  }

  join(roomId: string, userId: string): void {
    const m = this.membership(roomId, userId);
    if (m === 'join') return;
    const rule = this.stateEvent(roomId, 'm.room.join_rules', '')?.content.join_rule;
    if (m !== 'invite' && rule !== 'public') throw new MatrixError(403, 'M_FORBIDDEN', 'You are not invited to this room.');
    this.append(roomId, { type: 'm.room.member', sender: userId, state_key: userId, content: { membership: 'join', displayname: userId.slice(1, userId.indexOf(':')) } });
  }

  leave(roomId: string, userId: string, reason?: string): void {
    const m = this.membership(roomId, userId);
    if (m !== 'join' && m !== 'invite') return;
    this.append(roomId, { type: 'm.room.member', sender: userId, state_key: userId, content: { membership: 'leave', ...(reason ? { reason } : {}) } });
  }
}
