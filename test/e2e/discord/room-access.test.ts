import { OverwriteType, PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessRoleName } from '../../../src/adapters/discord/room-access.js';
import type { RoomRef } from '../../../src/core/model/entities.js';
import { DiscordHarness, text } from '../../support/discord-harness.js';

describe('GIVEN a delegates room on Discord', () => {
  let h: DiscordHarness;
  let room: RoomRef;
  let thread: RoomRef;
  let secret: RoomRef;
  const roles = async (user: string): Promise<string[]> => {
    const m = await h.twin.twin.prisma.guildMember.findUnique({ where: { guildId_userId: { guildId: h.twin.guildId, userId: h.twin.user(user) } } });
    return m ? (JSON.parse(m.roles) as string[]) : [];
  };

  beforeAll(async () => {
    h = await DiscordHarness.start({ users: ['ana', 'ben', 'cy'], channels: [{ name: 'town-square' }, { name: 'delegates' }, { name: 'delegates-thread', thread: 'delegates' }, { name: 'delegates-private', thread: 'delegates', private: true }] });
    room = { platform: 'discord', roomId: h.twin.channel('delegates'), serverId: h.twin.guildId };
    thread = { platform: 'discord', roomId: h.twin.channel('delegates-thread'), serverId: h.twin.guildId };
    secret = { platform: 'discord', roomId: h.twin.channel('delegates-private'), serverId: h.twin.guildId };
  });
  afterAll(async () => {
    await h.stop();
  });

  it('WHEN the bot lacks Manage Roles THEN granting is refused without retry, and the check names exactly what is missing', async () => {
    expect(await h.bot.access.missingPermissions(room)).toEqual(['Manage Roles', 'Kick Members']);
    const out = await h.bot.access.grant(room, h.twin.user('ana'), 'elected delegate');
    expect(out).toMatchObject({ ok: false, retry: false });
    expect(!out.ok && out.reason).toContain('Manage Roles');
  });

  it('WHEN a channel overwrite takes a permission away THEN the check reports that one too', async () => {
    const twin = h.twin.twin.prisma;
    // A server admin gives Plenary a role with what it needs (as the setup note asked).
    await twin.role.create({ data: { id: '1111111111111111111', guildId: h.twin.guildId, name: 'Plenary', permissions: String(PermissionFlagsBits.ManageRoles | PermissionFlagsBits.KickMembers), position: 10 } });
    const me = await twin.guildMember.findUniqueOrThrow({ where: { guildId_userId: { guildId: h.twin.guildId, userId: h.twin.botUserId } } });
    await twin.guildMember.update({ where: { guildId_userId: { guildId: h.twin.guildId, userId: h.twin.botUserId } }, data: { roles: JSON.stringify([...(JSON.parse(me.roles) as string[]), '1111111111111111111']) } });
    expect(await h.bot.access.missingPermissions(room)).toEqual([]);
    const square: RoomRef = { platform: 'discord', roomId: h.twin.channel('town-square'), serverId: h.twin.guildId };
    await h.bot.rest.put(`/channels/${square.roomId}/permissions/${h.twin.guildId}`, { body: { type: OverwriteType.Role, allow: '0', deny: String(PermissionFlagsBits.EmbedLinks) } });
    expect(await h.bot.access.missingPermissions(square)).toEqual(['Embed Links']);
    // A thread room needs Manage Threads (to take recalled delegates out), not Manage Roles.
    expect(await h.bot.access.missingPermissions(thread)).toEqual(['Manage Threads']);
  });

  it('WHEN a delegate is granted access THEN they get the room access role, whose overwrite lets them in; granting again changes nothing', async () => {
    const out = await h.bot.access.grant(room, h.twin.user('ana'), 'elected delegate');
    expect(out).toEqual({ ok: true, changed: true });
    const role = await h.twin.twin.prisma.role.findFirstOrThrow({ where: { name: accessRoleName(room.roomId) } });
    expect(await roles('ana')).toContain(role.id);
    const overwrite = h.twin.proxy.overwritesOf(room.roomId).find((o) => o.id === role.id);
    expect(BigInt(String(overwrite?.allow)) & PermissionFlagsBits.ViewChannel).toBe(PermissionFlagsBits.ViewChannel);
    expect(await h.bot.access.grant(room, h.twin.user('ana'), 'again')).toEqual({ ok: true, changed: false });
    expect(await h.bot.access.grant(room, h.twin.user('ben'), 'elected delegate')).toEqual({ ok: true, changed: true });
    expect(await h.twin.twin.prisma.role.count({ where: { name: accessRoleName(room.roomId) } })).toBe(1);
  });

  it('WHEN the delegate is recalled THEN the role is taken away at once; revoking again changes nothing', async () => {
    const role = await h.twin.twin.prisma.role.findFirstOrThrow({ where: { name: accessRoleName(room.roomId) } });
    expect(await h.bot.access.revoke(room, h.twin.user('ana'), 'recalled')).toEqual({ ok: true, changed: true });
    expect(await roles('ana')).not.toContain(role.id);
    expect(await roles('ben')).toContain(role.id);
    expect(await h.bot.access.revoke(room, h.twin.user('ana'), 'recalled')).toEqual({ ok: true, changed: false });
    const reasons = h.twin.proxy.requests.filter((r) => r.method === 'DELETE' && r.path.includes('/roles/'));
    expect(reasons).toHaveLength(1);
  });

  it('WHEN the delegates room is a public thread THEN access changes are refused for good, saying why', async () => {
    for (const out of [await h.bot.access.grant(thread, h.twin.user('cy'), 'elected'), await h.bot.access.revoke(thread, h.twin.user('cy'), 'recalled')]) {
      expect(out).toMatchObject({ ok: false, retry: false });
      expect(!out.ok && out.reason).toContain('public thread');
    }
    expect(await h.bot.access.roomKind(thread)).toBe('public-thread');
    expect(await h.bot.access.roomKind(secret)).toBe('private-thread');
  });

  it('WHEN the delegates room is a private thread THEN access is thread membership, and a recall needs Manage Threads', async () => {
    const where = { channelId_userId: { channelId: secret.roomId, userId: h.twin.user('cy') } };
    expect(await h.bot.access.grant(secret, h.twin.user('cy'), 'elected')).toEqual({ ok: true, changed: true });
    expect(await h.twin.twin.prisma.threadMember.findUnique({ where })).not.toBeNull();
    // Without Manage Threads Discord refuses to remove a thread member (the bot did not create this thread).
    const refused = await h.bot.access.revoke(secret, h.twin.user('cy'), 'recalled');
    expect(refused).toMatchObject({ ok: false, retry: false });
    expect(!refused.ok && refused.reason).toContain('Manage Threads');
    expect(await h.twin.twin.prisma.threadMember.findUnique({ where })).not.toBeNull();
    await h.twin.twin.prisma.role.update({ where: { id: '1111111111111111111' }, data: { permissions: String(PermissionFlagsBits.ManageRoles | PermissionFlagsBits.KickMembers | PermissionFlagsBits.ManageThreads) } });
    expect(await h.bot.access.missingPermissions(secret)).toEqual([]);
    expect(await h.bot.access.revoke(secret, h.twin.user('cy'), 'recalled')).toEqual({ ok: true, changed: true });
    expect(await h.twin.twin.prisma.threadMember.findUnique({ where })).toBeNull();
  });

  it('WHEN someone sets up an assembly of delegates in a public thread THEN it is refused, saying to use a channel or a private thread; a private thread is taken', async () => {
    const refused = await h.answer(await h.slash('ana', 'delegates-thread', 'federation create', { name: 'Valley Federation', purpose: 'Shared transport' }));
    expect(text(refused.message!)).toContain('Not in a public thread');
    expect(text(refused.message!)).toContain('private thread');
    expect(await h.core.store.read.bindingByRoom('discord', thread.roomId)).toBeNull();
    const taken = await h.answer(await h.slash('ana', 'delegates-private', 'federation create', { name: 'Valley Federation', purpose: 'Shared transport' }));
    expect(text(taken.message!)).not.toContain('Not in a public thread');
    expect(await h.core.store.read.bindingByRoom('discord', secret.roomId)).toMatchObject({ purpose: 'delegates' });
  });

  it('WHEN an excluded member is removed THEN they are kicked from the server, and later grants say they are not there', async () => {
    expect(await h.bot.access.remove(room, h.twin.user('cy'), 'excluded by motion #4')).toEqual({ ok: true, changed: true });
    expect(await h.twin.twin.prisma.guildMember.findUnique({ where: { guildId_userId: { guildId: h.twin.guildId, userId: h.twin.user('cy') } } })).toBeNull();
    expect(await h.bot.access.remove(room, h.twin.user('cy'), 'again')).toEqual({ ok: true, changed: false });
    const out = await h.bot.access.grant(room, h.twin.user('cy'), 'elected');
    expect(out).toMatchObject({ ok: false, retry: false, reason: 'That person is not in this Discord server.' });
  });
});
