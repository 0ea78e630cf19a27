import { PermissionFlagsBits } from 'discord.js';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { isRoomAdmin } from '../../../src/adapters/discord/permissions.js';
import { slashCommands } from '../../../src/adapters/discord/slash-commands.js';
import { defineCommand, reply, type Permission } from '../../../src/core/commands/command.js';
import { ok } from '../../../src/core/shared/result.js';

const spec = (path: string[], permission: Permission) => defineCommand({ path, permission, args: [], schema: z.object({}), handler: () => Promise.resolve(ok(reply())) });

describe('GIVEN commands only a room admin may run', () => {
  const table = [spec(['room', 'claim'], 'room-admin'), spec(['room', 'bind'], 'room-admin'), spec(['assembly', 'setup'], 'room-admin'), spec(['assembly', 'show'], 'in-assembly-room'), spec(['help'], 'anyone')];
  const byName = new Map(slashCommands(table).map((c) => [c.name, c]));

  it('THEN a command whose every sub-command needs a room admin carries default_member_permissions (Manage Channels), so Discord hides it from the rest', () => {
    expect(byName.get('room')?.default_member_permissions).toBe(String(PermissionFlagsBits.ManageChannels));
  });

  it('THEN a command with sub-commands for everyone stays visible (Discord sets this per top-level command)', () => {
    expect(byName.get('assembly')).not.toHaveProperty('default_member_permissions');
    expect(byName.get('help')).not.toHaveProperty('default_member_permissions');
  });
});

describe('GIVEN the permissions Discord reports for a member in a channel', () => {
  it('THEN Manage Server or Manage Channels makes a room admin, Administrator too, and nothing else does', () => {
    const { ManageGuild, ManageChannels, ViewChannel, SendMessages, ManageMessages, KickMembers, BanMembers, ManageRoles } = PermissionFlagsBits;
    expect(isRoomAdmin(ManageGuild)).toBe(true);
    expect(isRoomAdmin(ManageChannels | ViewChannel)).toBe(true);
    expect(isRoomAdmin((1n << 41n) - 1n)).toBe(true);
    expect(isRoomAdmin(ViewChannel | SendMessages | ManageMessages | KickMembers | BanMembers | ManageRoles)).toBe(false);
    expect(isRoomAdmin(0n)).toBe(false);
    expect(isRoomAdmin(null)).toBe(false);
  });
});
