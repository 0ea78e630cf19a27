import { ChannelType, DiscordAPIError, OverwriteType, PermissionFlagsBits, RESTJSONErrorCodes, Routes, type APIChannel, type APIGuild, type APIGuildMember, type APIRole, type REST } from 'discord.js';
import type { RoomRef } from '../../core/model/entities.js';
import type { Logger } from '../../core/ports/logger.port.js';
import type { AccessOutcome, RoomAccess } from '../../core/ports/room-access.port.js';
import { redactText } from '../../core/shared/redact.js';
import { effectivePermissions, missingFrom } from './permissions.js';

export interface DiscordRoomAccessOptions {
  readonly rest: REST;
  /** The bot's own user id (permission checks). */
  readonly botUserId: () => Promise<string>;
  readonly log: Logger;
}

const THREADS: readonly ChannelType[] = [ChannelType.PublicThread, ChannelType.PrivateThread, ChannelType.AnnouncementThread];

/** What a room can promise about who reads it. */
export type RoomKind = 'channel' | 'private-thread' | 'public-thread';

/**
 * Why a public thread cannot hold an assembly of delegates: Discord lets
 * everyone who can see its channel read it and join it, so taking a recalled
 * delegate out closes nothing. A private thread or a channel can.
 */
export const PUBLIC_THREAD_REFUSAL =
  'This room is a public thread: everyone who can see its channel can read it and join it, so Plenary cannot keep it to the delegates or close it to a recalled one. Hold the assembly of delegates in a channel (access by role) or in a private thread (access by thread membership; Plenary needs Manage Threads there to take recalled delegates out).';
const ROOM_ALLOW = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.ReadMessageHistory | PermissionFlagsBits.UseApplicationCommands;

/** The access role's name carries the room's id, so the role is found again after a restart and in any process. */
export const accessRoleName = (channelId: string): string => `Plenary room access ${channelId}`;

/**
 * Enforcement on Discord, all over REST so any process can act on any guild.
 * A channel room is entered through one access role per room (created on
 * first use with a channel overwrite letting it in); a thread room through
 * thread membership. `remove` kicks. Expected refusals (missing permissions,
 * role order, unknown member) come back as outcomes with `retry: false`;
 * rate limits and outages as `retry: true`.
 */
export class DiscordRoomAccess implements RoomAccess {
  readonly platform = 'discord' as const;
  private readonly roles = new Map<string, Promise<string>>();

  constructor(private readonly o: DiscordRoomAccessOptions) {}

  /** Channel, private thread or public thread (`missingPermissions` and the delegates' setup check use it). */
  async roomKind(room: RoomRef): Promise<RoomKind> {
    return kindOf(await this.channel(room.roomId));
  }

  grant(room: RoomRef, userId: string, reason: string): Promise<AccessOutcome> {
    return this.guard('grant', room, userId, async () => {
      const ch = await this.channel(room.roomId);
      if (kindOf(ch) === 'public-thread') throw new PublicThread();
      if (THREADS.includes(ch.type)) {
        if (await this.inThread(ch.id, userId)) return false;
        await this.o.rest.put(Routes.threadMembers(ch.id, userId), { reason });
        return true;
      }
      const guildId = this.guildOf(ch, room);
      const role = await this.accessRole(guildId, ch, reason);
      const member = (await this.o.rest.get(Routes.guildMember(guildId, userId))) as APIGuildMember;
      if (member.roles.includes(role)) return false;
      await this.o.rest.put(Routes.guildMemberRole(guildId, userId, role), { reason });
      return true;
    });
  }

  revoke(room: RoomRef, userId: string, reason: string): Promise<AccessOutcome> {
    return this.guard('revoke', room, userId, async () => {
      const ch = await this.channel(room.roomId);
      if (kindOf(ch) === 'public-thread') throw new PublicThread();
      if (THREADS.includes(ch.type)) {
        if (!(await this.inThread(ch.id, userId))) return false;
        await this.o.rest.delete(Routes.threadMembers(ch.id, userId), { reason });
        return true;
      }
      const guildId = this.guildOf(ch, room);
      const role = await this.findRole(guildId, ch.id);
      if (!role) return false;
      const member = await this.member(guildId, userId);
      if (!member?.roles.includes(role)) return false;
      await this.o.rest.delete(Routes.guildMemberRole(guildId, userId, role), { reason });
      return true;
    });
  }

  remove(room: RoomRef, userId: string, reason: string): Promise<AccessOutcome> {
    return this.guard('remove', room, userId, async () => {
      const ch = await this.channel(room.roomId);
      const guildId = this.guildOf(ch, room);
      if (!(await this.member(guildId, userId))) return false;
      await this.o.rest.delete(Routes.guildMember(guildId, userId), { reason });
      return true;
    });
  }

  async missingPermissions(room: RoomRef): Promise<readonly string[]> {
    let ch: APIChannel;
    try {
      ch = await this.channel(room.roomId);
    } catch (e) {
      // Discord hides a channel the bot cannot see behind "Missing Access".
      if (e instanceof DiscordAPIError && e.code === RESTJSONErrorCodes.MissingAccess) return ['View Channel'];
      throw e;
    }
    const thread = THREADS.includes(ch.type);
    const parent = thread && 'parent_id' in ch && ch.parent_id ? await this.channel(ch.parent_id) : ch;
    const guildId = this.guildOf(ch, room);
    const botId = await this.o.botUserId();
    const [guild, me] = await Promise.all([this.o.rest.get(Routes.guild(guildId)) as Promise<APIGuild>, this.o.rest.get(Routes.guildMember(guildId, botId)) as Promise<APIGuildMember>]);
    const overwrites = 'permission_overwrites' in parent ? (parent.permission_overwrites ?? []) : [];
    const perms = effectivePermissions({ guildId, ownerId: guild.owner_id, memberId: botId, memberRoles: me.roles, roles: guild.roles, overwrites });
    return missingFrom(perms, thread ? 'thread' : 'channel');
  }

  private async guard(action: string, room: RoomRef, userId: string, work: () => Promise<boolean>): Promise<AccessOutcome> {
    try {
      return { ok: true, changed: await work() };
    } catch (e) {
      const outcome = refusal(e);
      this.o.log.warn({ err: e, action, roomId: room.roomId, userId, retry: outcome.retry }, 'discord access change failed');
      return outcome;
    }
  }

  private async channel(id: string): Promise<APIChannel> {
    return (await this.o.rest.get(Routes.channel(id))) as APIChannel;
  }

  private guildOf(ch: APIChannel, room: RoomRef): string {
    const id = ('guild_id' in ch ? ch.guild_id : undefined) ?? room.serverId;
    if (!id) throw new NotAServerRoom();
    return id;
  }

  private async member(guildId: string, userId: string): Promise<APIGuildMember | null> {
    try {
      return (await this.o.rest.get(Routes.guildMember(guildId, userId))) as APIGuildMember;
    } catch (e) {
      if (e instanceof DiscordAPIError && e.code === RESTJSONErrorCodes.UnknownMember) return null;
      throw e;
    }
  }

  private async inThread(threadId: string, userId: string): Promise<boolean> {
    try {
      await this.o.rest.get(Routes.threadMembers(threadId, userId));
      return true;
    } catch (e) {
      if (e instanceof DiscordAPIError && e.status === 404) return false;
      throw e;
    }
  }

  private async findRole(guildId: string, channelId: string): Promise<string | null> {
    const roles = (await this.o.rest.get(Routes.guildRoles(guildId))) as APIRole[];
    // Two processes racing to create the role may both succeed: the oldest one wins, everywhere.
    const found = roles.filter((r) => r.name === accessRoleName(channelId)).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))[0];
    return found?.id ?? null;
  }

  /** The room's access role, created on first use, with its channel overwrite ensured once per process. */
  private accessRole(guildId: string, ch: APIChannel, reason: string): Promise<string> {
    const cached = this.roles.get(ch.id);
    if (cached) return cached;
    const made = (async () => {
      const existing = await this.findRole(guildId, ch.id);
      const role = existing ?? ((await this.o.rest.post(Routes.guildRoles(guildId), { body: { name: accessRoleName(ch.id), permissions: '0', mentionable: false, hoist: false }, reason })) as APIRole).id;
      // Always (re)set: an earlier attempt may have created the role and failed before its overwrite.
      await this.o.rest.put(Routes.channelPermission(ch.id, role), { body: { type: OverwriteType.Role, allow: String(ROOM_ALLOW), deny: '0' }, reason });
      return role;
    })();
    this.roles.set(ch.id, made);
    made.catch(() => this.roles.delete(ch.id));
    return made;
  }
}

const kindOf = (ch: APIChannel): RoomKind => (ch.type === ChannelType.PrivateThread ? 'private-thread' : THREADS.includes(ch.type) ? 'public-thread' : 'channel');

class PublicThread extends Error {
  constructor() {
    super('a public thread cannot be closed');
  }
}

class NotAServerRoom extends Error {
  constructor() {
    super('not a server channel');
  }
}

function refusal(e: unknown): Extract<AccessOutcome, { ok: false }> {
  if (e instanceof NotAServerRoom) return { ok: false, retry: false, reason: 'This room is not a channel of a Discord server.' };
  if (e instanceof PublicThread) return { ok: false, retry: false, reason: PUBLIC_THREAD_REFUSAL };
  if (e instanceof DiscordAPIError) {
    switch (e.code) {
      case RESTJSONErrorCodes.MissingPermissions:
        return { ok: false, retry: false, reason: "Plenary lacks a permission for this (Manage Roles in a channel, Manage Threads to take someone out of a thread, Kick Members to remove someone), or its own role is below the role it manages. A server admin must fix the bot's role." };
      case RESTJSONErrorCodes.MissingAccess:
        return { ok: false, retry: false, reason: 'Plenary cannot see this room (View Channel).' };
      case RESTJSONErrorCodes.UnknownMember:
      case RESTJSONErrorCodes.UnknownUser:
        return { ok: false, retry: false, reason: 'That person is not in this Discord server.' };
      case RESTJSONErrorCodes.UnknownChannel:
      case RESTJSONErrorCodes.UnknownGuild:
        return { ok: false, retry: false, reason: 'The room no longer exists on Discord.' };
    }
    if (e.status >= 400 && e.status < 500 && e.status !== 429) return { ok: false, retry: false, reason: `Discord refused the change (${e.code}: ${redactText(e.message)}).` };
  }
  // Rate limits, outages, timeouts: the job queue tries again.
  return { ok: false, retry: true, reason: `Discord is not answering right now (${redactText(e instanceof Error ? e.message : String(e))}); will retry.` };
}
