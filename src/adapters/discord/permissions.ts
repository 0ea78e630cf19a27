import { OverwriteType, PermissionFlagsBits } from 'discord.js';

/** One permission the bot needs in a room, with the reason a facilitator is shown. */
export interface NeededPermission {
  readonly flag: bigint;
  readonly name: string;
  readonly why: string;
  /** Only for rooms that are channels, or only for rooms that are threads. */
  readonly only?: 'channel' | 'thread';
}

export const NEEDED_PERMISSIONS: readonly NeededPermission[] = [
  { flag: PermissionFlagsBits.ViewChannel, name: 'View Channel', why: 'to see the room at all' },
  { flag: PermissionFlagsBits.SendMessages, name: 'Send Messages', why: 'to post announcements and results', only: 'channel' },
  { flag: PermissionFlagsBits.SendMessagesInThreads, name: 'Send Messages in Threads', why: 'to post announcements and results in this thread', only: 'thread' },
  { flag: PermissionFlagsBits.EmbedLinks, name: 'Embed Links', why: 'announcements, tallies and results are embeds' },
  { flag: PermissionFlagsBits.ReadMessageHistory, name: 'Read Message History', why: 'to update live tallies and close the buttons of finished votes' },
  { flag: PermissionFlagsBits.AttachFiles, name: 'Attach Files', why: 'to send audit exports' },
  { flag: PermissionFlagsBits.ManageRoles, name: 'Manage Roles', why: "to give elected delegates access to their room and take it back on recall (Plenary's role must also be above the access roles it manages)", only: 'channel' },
  // Discord: removing a thread member needs Manage Threads, unless the bot itself created the private thread.
  { flag: PermissionFlagsBits.ManageThreads, name: 'Manage Threads', why: 'to take recalled delegates out of this thread (Discord allows removing thread members only with it)', only: 'thread' },
  { flag: PermissionFlagsBits.KickMembers, name: 'Kick Members', why: 'to remove excluded members from the server, where the assembly asks for it' },
];

export const reasonFor = (name: string): string | undefined => NEEDED_PERMISSIONS.find((p) => p.name === name)?.why;

export interface PermissionInput {
  readonly guildId: string;
  readonly ownerId: string;
  readonly memberId: string;
  readonly memberRoles: readonly string[];
  /** Every role of the guild with its permission bits (the @everyone role has the guild's id). */
  readonly roles: readonly { readonly id: string; readonly permissions: string }[];
  /** The channel's overwrites (for a thread: its parent channel's). */
  readonly overwrites: readonly { readonly id: string; readonly type: OverwriteType; readonly allow: string; readonly deny: string }[];
}

const ALL = (1n << 64n) - 1n;

/**
 * A member's permissions in a channel, computed the way Discord documents it:
 * @everyone and the member's roles, owner and Administrator short-circuit,
 * then the channel's @everyone, role and member overwrites in that order.
 * Pure, so the setup check needs no cache and works for any guild from any shard.
 */
export function effectivePermissions(p: PermissionInput): bigint {
  if (p.memberId === p.ownerId) return ALL;
  const roleBits = (id: string): bigint => BigInt(p.roles.find((r) => r.id === id)?.permissions ?? '0');
  let perms = roleBits(p.guildId);
  for (const r of p.memberRoles) perms |= roleBits(r);
  if ((perms & PermissionFlagsBits.Administrator) !== 0n) return ALL;
  const everyone = p.overwrites.find((o) => o.id === p.guildId);
  if (everyone) perms = (perms & ~BigInt(everyone.deny)) | BigInt(everyone.allow);
  let allow = 0n;
  let deny = 0n;
  for (const o of p.overwrites) {
    if (o.type === OverwriteType.Role && o.id !== p.guildId && p.memberRoles.includes(o.id)) {
      allow |= BigInt(o.allow);
      deny |= BigInt(o.deny);
    }
  }
  perms = (perms & ~deny) | allow;
  const own = p.overwrites.find((o) => o.type === OverwriteType.Member && o.id === p.memberId);
  if (own) perms = (perms & ~BigInt(own.deny)) | BigInt(own.allow);
  return perms;
}

/** Bits for the invite link: every permission a room may need, in any room. */
export const INVITE_PERMISSIONS: bigint = NEEDED_PERMISSIONS.reduce((n, p) => n | p.flag, 0n);

/** Names of the needed permissions that `perms` lacks, for a channel or a thread room. */
export function missingFrom(perms: bigint, room: 'channel' | 'thread'): string[] {
  return NEEDED_PERMISSIONS.filter((n) => (n.only === undefined || n.only === room) && (perms & n.flag) !== n.flag).map((n) => n.name);
}

/**
 * Who administers a Discord room for Plenary: Manage Server anywhere in the
 * guild, or Manage Channels on this channel (Administrator and the owner have
 * both). Also the bits `default_member_permissions` asks for on commands that
 * only room admins run (Discord hides them from everyone else by default).
 */
export const ROOM_ADMIN_PERMISSIONS: readonly { readonly flag: bigint; readonly name: string }[] = [
  { flag: PermissionFlagsBits.ManageGuild, name: 'Manage Server' },
  { flag: PermissionFlagsBits.ManageChannels, name: 'Manage Channels' },
];

/** `perms`: the member's permissions in the channel the command came from (the interaction's `member.permissions`). */
export function isRoomAdmin(perms: bigint | null): boolean {
  if (perms === null) return false;
  return ROOM_ADMIN_PERMISSIONS.some((p) => (perms & p.flag) === p.flag);
}
