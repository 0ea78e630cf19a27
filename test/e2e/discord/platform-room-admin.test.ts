import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordHarness, ORDINARY_MEMBER, sleep, text } from '../../support/discord-harness.js';

const ROOM = 'town-square';
const OTHER = 'kitchen';
const ORDINARY = ORDINARY_MEMBER;

describe('GIVEN a server whose members do not all administer it', () => {
  let h: DiscordHarness;

  beforeAll(async () => {
    h = await DiscordHarness.start({ users: ['ana', 'ben', 'cy', 'robo'], channels: [{ name: ROOM }, { name: OTHER }, { name: 'lobby' }] });
    await h.twin.setMemberPermissions('ana', ORDINARY | PermissionFlagsBits.ManageGuild);
    await h.twin.setMemberPermissions('ben', ORDINARY);
    await h.twin.setMemberPermissions('cy', ORDINARY | PermissionFlagsBits.ManageChannels);
  });
  afterAll(async () => {
    await h.stop();
  });

  it('WHEN a member without Manage Server or Manage Channels runs /assembly setup THEN it is refused, saying what is missing, and no assembly exists', async () => {
    const a = await h.answer(await h.slash('ben', ROOM, 'assembly setup', { name: 'Hijacked' }));
    const shown = text(a.message!);
    expect(shown).toContain('Not allowed');
    expect(shown).toContain('Only someone who administers this room can run `/assembly setup`');
    expect(shown).toContain('needs Manage Server, or Manage Channels on this channel');
    expect(await h.core.store.read.bindingByRoom('discord', h.twin.channel(ROOM))).toBeNull();
    expect(h.log.lines.some((l) => l.msg === 'refused: not a room admin' && l.fields.command === 'assembly setup')).toBe(true);
  });

  it('WHEN a member with Manage Server runs it THEN the room becomes an assembly', async () => {
    const a = await h.answer(await h.slash('ana', ROOM, 'assembly setup', { name: 'Harbour' }));
    expect(text(a.message!)).toContain('Harbour is now an assembly');
    expect(await h.core.store.read.bindingByRoom('discord', h.twin.channel(ROOM))).not.toBeNull();
  });

  it('WHEN a member with Manage Channels (on this channel) runs it THEN that counts too', async () => {
    const a = await h.answer(await h.slash('cy', OTHER, 'assembly setup', { name: 'Kitchen crew' }));
    expect(text(a.message!)).toContain('Kitchen crew is now an assembly');
  });

  it('WHEN another bot account, even one with every permission, runs a command THEN Plenary ignores it', async () => {
    await h.twin.twin.prisma.user.update({ where: { id: h.twin.user('robo') }, data: { bot: true } });
    await h.twin.setMemberPermissions('robo', (1n << 41n) - 1n);
    const id = await h.slash('robo', 'lobby', 'assembly setup', { name: 'Botland' });
    await sleep(800);
    expect((await h.twin.twin.prisma.interactionResponse.findUnique({ where: { interactionId: id } }))?.acknowledged ?? false).toBe(false);
    expect(await h.core.store.read.bindingByRoom('discord', h.twin.channel('lobby'))).toBeNull();
    expect(h.log.lines.some((l) => l.msg === 'ignored an interaction from a bot account')).toBe(true);
  });

  it('WHEN the commands are registered THEN only commands whose every sub-command needs a room admin are hidden by default_member_permissions', async () => {
    const registered = await h.twin.twin.prisma.applicationCommand.findMany({ where: { guildId: h.twin.guildId } });
    expect(registered.length).toBeGreaterThan(10);
    for (const c of registered) {
      const leaves = h.table.filter((s) => s.path[0] === c.name);
      const hidden = leaves.every((s) => s.permission === 'room-admin');
      expect([c.name, c.defaultMemberPermissions]).toEqual([c.name, hidden ? String(PermissionFlagsBits.ManageChannels) : null]);
    }
  });
});
