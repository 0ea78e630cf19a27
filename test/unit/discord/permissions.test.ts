import { OverwriteType, PermissionFlagsBits as P } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { effectivePermissions, missingFrom, type PermissionInput } from '../../../src/adapters/discord/permissions.js';

const everyoneBits = P.ViewChannel | P.SendMessages | P.EmbedLinks | P.ReadMessageHistory | P.AttachFiles;
const base: PermissionInput = { guildId: 'g', ownerId: 'owner', memberId: 'bot', memberRoles: [], roles: [{ id: 'g', permissions: String(everyoneBits) }], overwrites: [] };

describe('GIVEN the bot in a guild', () => {
  it('THEN with @everyone only it lacks exactly Manage Roles and Kick Members in a channel', () => {
    expect(missingFrom(effectivePermissions(base), 'channel')).toEqual(['Manage Roles', 'Kick Members']);
  });
  it('THEN a role with those permissions completes it; in a thread Manage Roles is not needed but Send Messages in Threads and Manage Threads are', () => {
    const withRole = { ...base, memberRoles: ['r'], roles: [...base.roles, { id: 'r', permissions: String(P.ManageRoles | P.KickMembers) }] };
    expect(missingFrom(effectivePermissions(withRole), 'channel')).toEqual([]);
    expect(missingFrom(effectivePermissions(base), 'thread')).toEqual(['Send Messages in Threads', 'Manage Threads', 'Kick Members']);
  });
  it('THEN channel overwrites apply in order: @everyone, roles, the member', () => {
    const denied = { ...base, overwrites: [{ id: 'g', type: OverwriteType.Role, allow: '0', deny: String(P.SendMessages | P.EmbedLinks) }] };
    expect(missingFrom(effectivePermissions(denied), 'channel')).toContain('Send Messages');
    const roleBack = { ...denied, memberRoles: ['r'], roles: [...base.roles, { id: 'r', permissions: '0' }], overwrites: [...denied.overwrites, { id: 'r', type: OverwriteType.Role, allow: String(P.SendMessages), deny: '0' }] };
    expect(missingFrom(effectivePermissions(roleBack), 'channel')).not.toContain('Send Messages');
    const memberDeny = { ...roleBack, overwrites: [...roleBack.overwrites, { id: 'bot', type: OverwriteType.Member, allow: '0', deny: String(P.SendMessages) }] };
    expect(missingFrom(effectivePermissions(memberDeny), 'channel')).toContain('Send Messages');
  });
  it('THEN the owner and Administrator have everything', () => {
    expect(missingFrom(effectivePermissions({ ...base, ownerId: 'bot' }), 'channel')).toEqual([]);
    const admin = { ...base, roles: [{ id: 'g', permissions: String(P.Administrator) }], overwrites: [{ id: 'g', type: OverwriteType.Role, allow: '0', deny: String(P.ViewChannel) }] };
    expect(missingFrom(effectivePermissions(admin), 'channel')).toEqual([]);
  });
});
