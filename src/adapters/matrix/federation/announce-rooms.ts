import { SUPPORTED_MAJORS } from '../../../core/federation-protocol/events.js';
import type { AnnounceDirectory, DeploymentIdentity, PeerOutbox } from '../../../core/ports/federation-link.port.js';
import type { Logger } from '../../../core/ports/logger.port.js';
import type { PeerLinkStore } from '../../../core/ports/peer-link-store.port.js';
import type { FederationHomeserver } from './client.js';
import { hash24 } from './inbound.js';

/** Marks a room as a federation's announce room in its `m.room.create` content (a link room has none). */
export const ANNOUNCE_MARK = 'org.plenary.announce';

/**
 * The announce room's power levels (docs/FEDERATION-PROTOCOL.md §1): the
 * root's bot at 100 and alone able to post or invite; member bots (0) read,
 * and set only their own `org.plenary.versions` state (its state key is their
 * user id, which Matrix reserves to that user).
 */
export function announcePowerLevels(rootBot: string): Record<string, unknown> {
  return { users: { [rootBot]: 100 }, users_default: 0, events_default: 100, state_default: 100, invite: 100, kick: 100, ban: 100, redact: 100, events: { 'org.plenary.versions': 0 } };
}

export function announceRoomCreation(rootBot: string, federation: string, deployment: string): Record<string, unknown> {
  return {
    preset: 'private_chat',
    name: 'Plenary federation announcements',
    creation_content: { 'm.federate': true, [ANNOUNCE_MARK]: { federation, deployment } },
    initial_state: [
      { type: 'm.room.join_rules', state_key: '', content: { join_rule: 'invite' } },
      { type: 'm.room.history_visibility', state_key: '', content: { history_visibility: 'shared' } },
    ],
    power_level_content_override: announcePowerLevels(rootBot),
  };
}

type StateEvent = Awaited<ReturnType<FederationHomeserver['roomState']>>[number];

/** The announce mark of a room's creation (null: not an announce room). */
export function announceMark(state: readonly StateEvent[]): { federation: string; deployment: string } | null {
  const mark = state.find((e) => e.type === 'm.room.create')?.content[ANNOUNCE_MARK] as { federation?: unknown; deployment?: unknown } | undefined;
  return mark && typeof mark.federation === 'string' && typeof mark.deployment === 'string' ? { federation: mark.federation, deployment: mark.deployment } : null;
}

/** Why a child's bot must not stay in an announce room it was invited to (null: it may): not opened by a peer's bot it knows, or other power than the protocol's. */
export function announceRoomProblem(state: readonly StateEvent[], inviter: string, knownBot: string | null): string | null {
  const create = state.find((e) => e.type === 'm.room.create');
  const mark = announceMark(state);
  if (!create || !mark) return 'no announce mark';
  if (create.sender !== inviter) return `created by ${create.sender}, not by the inviting bot ${inviter}`;
  if (knownBot !== inviter) return `the inviting bot ${inviter} is not the bot of ${mark.deployment} this deployment knows`;
  if (state.find((e) => e.type === 'm.room.join_rules')?.content.join_rule !== 'invite') return 'the room is not invite-only';
  const pl = state.find((e) => e.type === 'm.room.power_levels')?.content;
  if (!pl) return 'no power levels';
  const want = announcePowerLevels(inviter);
  for (const key of ['users_default', 'events_default', 'state_default', 'invite'] as const) if (pl[key] !== want[key]) return `power level ${key} is ${JSON.stringify(pl[key])}, not ${JSON.stringify(want[key])}`;
  const users = (pl.users ?? {}) as Record<string, unknown>;
  if (Object.keys(users).join(' ') !== inviter || users[inviter] !== 100) return `power levels name ${JSON.stringify(users)}, not the root's bot alone at 100`;
  return null;
}

export interface AnnounceRoomsOptions {
  readonly directory: AnnounceDirectory;
  readonly outbox: PeerOutbox;
  readonly links: PeerLinkStore;
  readonly homeserver: FederationHomeserver;
  readonly identity: DeploymentIdentity;
  readonly log: Logger;
  readonly now: () => Date;
}

/** `org.plenary.versions` of this deployment in a room (state, key = its bot: only it may set it). */
function versionsEvent(roomId: string, identity: DeploymentIdentity) {
  return { roomId, type: 'org.plenary.versions' as const, stateKey: identity.botUserId, body: { supported: [...SUPPORTED_MAJORS] }, idempotencyKey: `versions/${identity.deployment}/${hash24(roomId)}/${SUPPORTED_MAJORS.join('.')}` };
}

/**
 * The carrier's part of the announce rooms. Root side (`tick`): opens the
 * room of each federation that has children on other deployments, publishes
 * its versions there, invites each child's bot once its link is accepted and
 * notes when it joined (from then on the relay sends that deployment its
 * adoptions there). Child side (`vet`): stays in an announce room only when
 * the bot of the deployment it names invited it, with the protocol's power
 * levels; publishes its own versions there.
 */
export class AnnounceRooms {
  constructor(private readonly o: AnnounceRoomsOptions) {}

  async tick(limit = 50): Promise<void> {
    for (const f of await this.o.directory.federations(limit)) {
      let roomId = f.roomId;
      if (roomId === null) {
        roomId = await this.o.homeserver.createRoom({ ...announceRoomCreation(this.o.homeserver.userId, f.federation, this.o.identity.deployment), invite: f.children.map((c) => c.botUserId) });
        if (!(await this.o.directory.opened(f.federation, roomId, this.o.now()))) {
          await this.o.homeserver.leave(roomId, 'opened twice; the other room is the announce room').catch(() => undefined);
          continue;
        }
        await this.o.outbox.enqueue([versionsEvent(roomId, this.o.identity)], this.o.now());
        this.o.log.info({ roomId, federation: f.federation }, 'federation: announce room opened');
      }
      const known = new Map(f.members.map((m) => [m.deployment, m.status] as const));
      for (const c of f.children) {
        const status = known.get(c.deployment);
        if (status === 'joined') continue;
        const membership = await this.o.homeserver.membership(roomId, c.botUserId);
        if (membership === 'join') {
          await this.o.directory.member(f.federation, { ...c, status: 'joined' });
          this.o.log.info({ roomId, bot: c.botUserId }, 'federation: a child bot joined the announce room');
        } else if (status === undefined) {
          // Once: a bot that declines or leaves (a child that does not read announce rooms) gets its adoptions through its link room.
          if (membership !== 'invite') await this.o.homeserver.invite(roomId, c.botUserId);
          await this.o.directory.member(f.federation, { ...c, status: 'invited' });
        }
      }
    }
  }

  /** Child side, after joining a room whose creation carries the announce mark: null to stay (and its versions are published), else why it leaves. */
  async vet(roomId: string, inviter: string, state: readonly StateEvent[]): Promise<string | null> {
    const mark = announceMark(state);
    const peer = mark ? await this.o.links.peer(mark.deployment) : null;
    const problem = announceRoomProblem(state, inviter, peer?.botUserId ?? null);
    if (problem !== null || !mark) return problem ?? 'no announce mark';
    await this.o.directory.entered(roomId, mark.federation, mark.deployment, this.o.now());
    await this.o.outbox.enqueue([versionsEvent(roomId, this.o.identity)], this.o.now());
    this.o.log.info({ roomId, federation: mark.federation, root: mark.deployment }, 'federation: joined an announce room');
    return null;
  }
}
