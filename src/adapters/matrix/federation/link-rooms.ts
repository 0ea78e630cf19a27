import type { LinkRequest, PeerOutbox } from '../../../core/ports/federation-link.port.js';
import type { Logger } from '../../../core/ports/logger.port.js';
import { announceMark } from './announce-rooms.js';
import type { FederationHomeserver } from './client.js';

/** The link room's power levels (docs/FEDERATION-PROTOCOL.md §1): both bots 100, nobody else may post or change anything. */
export function linkRoomPowerLevels(childBot: string, parentBot: string): Record<string, unknown> {
  return { users: { [childBot]: 100, [parentBot]: 100 }, users_default: 0, events_default: 100, state_default: 100, invite: 100, kick: 100, ban: 100, redact: 100, events: {} };
}

/** `POST /createRoom` for a link room, opened by the child's bot with the parent's bot invited. */
export function linkRoomCreation(childBot: string, parentBot: string): Record<string, unknown> {
  return {
    preset: 'private_chat',
    name: 'Plenary federation link',
    invite: [parentBot],
    creation_content: { 'm.federate': true },
    initial_state: [
      { type: 'm.room.join_rules', state_key: '', content: { join_rule: 'invite' } },
      { type: 'm.room.history_visibility', state_key: '', content: { history_visibility: 'shared' } },
    ],
    power_level_content_override: linkRoomPowerLevels(childBot, parentBot),
  };
}

type StateEvent = Awaited<ReturnType<FederationHomeserver['roomState']>>[number];

/**
 * Why the parent's bot must not stay in a room it was invited to as a link
 * room (null: it may): created by someone else than the inviting bot, anyone
 * but the two bots in it, or power levels other than the protocol's.
 */
export function linkRoomProblem(state: readonly StateEvent[], inviter: string, me: string): string | null {
  const get = (type: string, key = '') => state.find((e) => e.type === type && e.state_key === key);
  const create = get('m.room.create');
  if (!create) return 'no m.room.create state';
  const creator = typeof create.content.creator === 'string' ? create.content.creator : create.sender;
  if (creator !== inviter || create.sender !== inviter) return `created by ${creator}, not by the inviting bot ${inviter}`;
  if (create.content['m.federate'] === false) return 'the room does not federate';
  if (get('m.room.join_rules')?.content.join_rule !== 'invite') return 'the room is not invite-only';
  const members = state.filter((e) => e.type === 'm.room.member' && ['join', 'invite', 'knock'].includes(String(e.content.membership))).map((e) => e.state_key);
  const strangers = members.filter((m) => m !== inviter && m !== me);
  if (strangers.length > 0) return `other members than the two bots: ${strangers.slice(0, 5).join(', ')}`;
  const pl = get('m.room.power_levels')?.content;
  if (!pl) return 'no power levels';
  const want = linkRoomPowerLevels(inviter, me);
  for (const key of ['users_default', 'events_default', 'state_default', 'invite'] as const) if (pl[key] !== want[key]) return `power level ${key} is ${JSON.stringify(pl[key])}, not ${JSON.stringify(want[key])}`;
  const users = (pl.users ?? {}) as Record<string, unknown>;
  const names = Object.keys(users).sort();
  if (names.join(' ') !== [inviter, me].sort().join(' ') || users[inviter] !== 100 || users[me] !== 100) return `power levels name ${JSON.stringify(users)}, not both bots at 100`;
  return null;
}

export interface LinkRoomsOptions {
  readonly outbox: PeerOutbox;
  readonly homeserver: FederationHomeserver;
  readonly log: Logger;
  readonly now: () => Date;
  /** The child side opened the room for this request: the relay enqueues its `org.plenary.join` (seq 1). */
  readonly onLinkRoomOpened: (request: LinkRequest, roomId: string) => Promise<void>;
  /** Vets a room whose creation carries the announce mark (`AnnounceRooms.vet`): null to stay. Absent: such a room is left. */
  readonly announce?: (roomId: string, inviter: string, state: Awaited<ReturnType<FederationHomeserver['roomState']>>) => Promise<string | null>;
}

export interface LeftRoom {
  readonly roomId: string;
  readonly inviter: string;
  readonly reason: string;
  readonly at: Date;
}

/** Opens the link rooms the relay asked for (child side) and vets the ones this bot is invited to (parent side). */
export class LinkRooms {
  /** Rooms the bot left because they were no link rooms, and why (also logged). */
  readonly left: LeftRoom[] = [];

  /** Child side: opened rooms the parent's bot has not joined yet. Nothing is sent there before it has: its homeserver could not read what came before its join. */
  private readonly awaiting = new Map<string, string>();
  private recovered = false;

  constructor(private readonly o: LinkRoomsOptions) {}

  /** Whether sends to this room must wait (the peer's bot is not in it yet). */
  holds(roomId: string): boolean {
    // Until the open requests were read once (the first poll), any room may be one still waiting.
    return !this.recovered || this.awaiting.has(roomId);
  }

  /** Child side: looks whether the parents' bots joined the rooms opened for them (after a restart: every open request's room once). */
  async checkJoins(): Promise<void> {
    if (!this.recovered) {
      for (const r of await this.o.outbox.linkRequests('room-open', 1000)) if (r.roomId) this.awaiting.set(r.roomId, r.parentBotUserId);
      this.recovered = true;
    }
    for (const [roomId, bot] of this.awaiting) {
      const m = await this.o.homeserver.membership(roomId, bot);
      if (m === 'join') {
        this.awaiting.delete(roomId);
        this.o.log.info({ roomId, bot }, 'federation: the parent bot joined the link room');
      }
    }
  }

  /**
   * Child side: one room per (federation, parent deployment), the parent's bot
   * invited, the request moved to `room-open`. A later assembly of this
   * deployment joining the same federation there goes through the room
   * already open (its join is the next seq in it).
   */
  async openPending(limit = 20): Promise<number> {
    let opened = 0;
    for (const request of await this.o.outbox.linkRequests('pending', limit)) {
      const existing = await this.o.outbox.openLinkRoom(request.federation, request.parentDeployment);
      if (existing !== null) {
        if (await this.o.outbox.moveLinkRequest(request.id, 'pending', 'room-open', existing, this.o.now())) {
          await this.o.onLinkRoomOpened({ ...request, status: 'room-open', roomId: existing }, existing);
          opened++;
        }
        continue;
      }
      const roomId = await this.o.homeserver.createRoom(linkRoomCreation(this.o.homeserver.userId, request.parentBotUserId));
      if (!(await this.o.outbox.moveLinkRequest(request.id, 'pending', 'room-open', roomId, this.o.now()))) {
        // Another process opened it first: this room stays empty.
        await this.o.homeserver.leave(roomId, 'opened twice; the other room is the link').catch(() => undefined);
        continue;
      }
      this.awaiting.set(roomId, request.parentBotUserId);
      this.o.log.info({ roomId, parent: request.parentAssembly, child: request.childAssembly }, 'federation: link room opened');
      await this.o.onLinkRoomOpened({ ...request, status: 'room-open', roomId }, roomId);
      opened++;
    }
    return opened;
  }

  /** Parent side: joins, then leaves again (saying why) unless the room is exactly a link room from the inviting bot (child side: or an announce room its parent opened). */
  async acceptInvite(roomId: string, inviter: string): Promise<boolean> {
    await this.o.homeserver.join(roomId);
    const state = await this.o.homeserver.roomState(roomId);
    const announce = announceMark(state) !== null;
    const problem = !announce ? linkRoomProblem(state, inviter, this.o.homeserver.userId) : this.o.announce ? await this.o.announce(roomId, inviter, state) : 'announce rooms are not read here';
    if (problem === null) {
      if (!announce) this.o.log.info({ roomId, inviter }, 'federation: joined a link room');
      return true;
    }
    this.left.push({ roomId, inviter, reason: problem, at: this.o.now() });
    this.o.log.warn({ roomId, inviter, reason: problem }, 'federation: left a room that is no link room');
    await this.o.homeserver.leave(roomId, `not a Plenary link room: ${problem}`);
    return false;
  }
}
