import { PermissionFlagsBits, Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordElectorate } from '../../../src/adapters/discord/electorate.js';
import type { Membership } from '../../../src/core/model/entities.js';
import { syncElectorates } from '../../../src/core/services/electorate.service.js';
import { DiscordHarness } from '../../support/discord-harness.js';

const ROOM = 'town-square';
const MEMBERS_ROLE = '2222222222222222222';
const PLENARY_ROLE = '3333333333333333333';
const text = (m: { content: string; embeds: { title?: string; description?: string }[] }): string => [m.content, ...m.embeds.flatMap((e) => [e.title ?? '', e.description ?? ''])].join('\n');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('GIVEN an assembly on Discord whose members are the holders of a role', () => {
  let h: DiscordHarness;
  const guild = () => h.twin.guildId;
  const statusOf = async (user: string): Promise<Membership['status'] | null> => {
    const reads = h.core.store.read;
    const binding = await reads.bindingByRoom('discord', h.twin.channel(ROOM));
    const person = await reads.personByAccount('discord', h.twin.user(user));
    if (!binding || !person) return null;
    return (await reads.membership(binding.assemblyId, person.id))?.status ?? null;
  };
  const until = async (check: () => Promise<boolean>, what: string): Promise<void> => {
    for (let i = 0; i < 200; i++) {
      if (await check()) return;
      await sleep(25);
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  /** Gives or takes the role in the server only (no gateway event), as a change made while the bot was away. */
  const setRolesQuietly = async (user: string, has: boolean): Promise<void> => {
    const where = { guildId_userId: { guildId: guild(), userId: h.twin.user(user) } };
    const m = await h.twin.twin.prisma.guildMember.findUniqueOrThrow({ where });
    const roles = new Set(JSON.parse(m.roles) as string[]);
    if (has) roles.add(MEMBERS_ROLE);
    else roles.delete(MEMBERS_ROLE);
    await h.twin.twin.prisma.guildMember.update({ where, data: { roles: JSON.stringify([...roles]) } });
  };
  const events = async (): Promise<{ type: string; payload: Record<string, unknown> }[]> => {
    const binding = await h.core.store.read.bindingByRoom('discord', h.twin.channel(ROOM));
    return (await h.core.store.read.events(binding!.assemblyId)) as never;
  };

  beforeAll(async () => {
    h = await DiscordHarness.start({ users: ['ana', 'ben', 'cy', 'dee'], membersIntent: true });
    const prisma = h.twin.twin.prisma;
    await prisma.role.create({ data: { id: MEMBERS_ROLE, guildId: guild(), name: 'Members', permissions: '0', position: 1 } });
    await prisma.role.create({ data: { id: PLENARY_ROLE, guildId: guild(), name: 'Plenary', permissions: String(PermissionFlagsBits.ManageRoles), position: 10 } });
    const where = { guildId_userId: { guildId: guild(), userId: h.twin.botUserId } };
    const me = await prisma.guildMember.findUniqueOrThrow({ where });
    await prisma.guildMember.update({ where, data: { roles: JSON.stringify([...(JSON.parse(me.roles) as string[]), PLENARY_ROLE]) } });
    await h.answer(await h.slash('ana', ROOM, 'assembly setup', { name: 'Role Town' }));
  });
  afterAll(async () => {
    await h.stop();
  });

  it('WHEN a facilitator sets the electorate to a role THEN joining by command needs the role', async () => {
    const bad = await h.answer(await h.slash('ana', ROOM, 'assembly policy', { key: 'electorate', value: 'role:Members' }));
    expect(text(bad.message!)).toContain('electorate must be role:@Role');
    await h.answer(await h.slash('ana', ROOM, 'assembly policy', { key: 'electorate', value: `role:<@&${MEMBERS_ROLE}>` }));
    const refused = await h.answer(await h.slash('cy', ROOM, 'join'));
    expect(text(refused.message!)).toContain(`The members of Role Town are the holders of the role`);
    expect(await statusOf('cy')).toBeNull();
    // Without any event (as without the Server Members intent): the command asks Discord for the one member.
    await setRolesQuietly('cy', true);
    await h.answer(await h.slash('cy', ROOM, 'join'));
    expect(await statusOf('cy')).toBe('active');
  });

  it('WHEN the role is given THEN the holder becomes a member through the event, recorded in the chain', async () => {
    await h.bot.rest.put(Routes.guildMemberRole(guild(), h.twin.user('ben'), MEMBERS_ROLE));
    await until(async () => (await statusOf('ben')) === 'active', 'ben to join by role');
    expect((await events()).some((e) => e.type === 'member.joined' && e.payload.byRole === MEMBERS_ROLE)).toBe(true);
  });

  it('WHEN a member who voted loses the role THEN they leave and their ballot on the open motion is voided', async () => {
    await h.answer(await h.slash('ana', ROOM, 'motion propose', { title: 'Buy a kettle', body: 'For the hall.' }));
    const voted = await h.answer(await h.slash('ben', ROOM, 'vote', { motion: '1', choice: 'yes' }));
    expect(text(voted.message!)).toMatch(/yes/i);
    await h.bot.rest.delete(Routes.guildMemberRole(guild(), h.twin.user('ben'), MEMBERS_ROLE));
    await until(async () => (await statusOf('ben')) === 'left', 'ben to leave with the role');
    const all = await events();
    expect(all.some((e) => e.type === 'member.left' && e.payload.lostRole === MEMBERS_ROLE)).toBe(true);
    expect(all.some((e) => e.type === 'ballot.voided' && e.payload.motion === 1)).toBe(true);
  });

  it('WHEN roles changed while no event came THEN the periodic sync catches up: member by member without the intent, by the list with it', async () => {
    await setRolesQuietly('cy', false);
    await setRolesQuietly('dee', true);
    await h.bot.roles()!.sync();
    // The bot's own electorate was built with the intent: it lists holders, so dee joins and cy leaves.
    expect(await statusOf('cy')).toBe('left');
    expect(await statusOf('dee')).toBe('active');
    // Without the intent, a sync cannot list holders: it only checks members, and one who lost the role leaves.
    await setRolesQuietly('dee', false);
    await setRolesQuietly('cy', true);
    const noIntent = new DiscordElectorate({ rest: h.bot.rest, log: h.log, membersIntent: false });
    const out = await syncElectorates(h.core, 'discord', noIntent);
    expect(out).toMatchObject({ assemblies: 1, joined: 0, left: 1, checkedOneByOne: 1 });
    expect(await statusOf('dee')).toBe('left');
    expect(await statusOf('cy')).toBe('left');
  });
});

describe('GIVEN a role electorate that wants excluded members removed', () => {
  // Ids of their own: the twins of one test file share one database.
  const STRICT_ROLE = '4444444444444444444';
  const STRICT_BOT_ROLE = '5555555555555555555';
  let h: DiscordHarness;
  const roles = async (user: string): Promise<string[]> => {
    const m = await h.twin.twin.prisma.guildMember.findUniqueOrThrow({ where: { guildId_userId: { guildId: h.twin.guildId, userId: h.twin.user(user) } } });
    return JSON.parse(m.roles) as string[];
  };
  const statusOf = async (user: string): Promise<string | null> => {
    const reads = h.core.store.read;
    const binding = await reads.bindingByRoom('discord', h.twin.channel(ROOM));
    const person = await reads.personByAccount('discord', h.twin.user(user));
    return binding && person ? ((await reads.membership(binding.assemblyId, person.id))?.status ?? null) : null;
  };
  const until = async (check: () => Promise<boolean>, what: string): Promise<void> => {
    for (let i = 0; i < 300; i++) {
      if (await check()) return;
      await sleep(25);
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  beforeAll(async () => {
    h = await DiscordHarness.start({ users: ['ana', 'ben', 'troll'], membersIntent: true });
    const prisma = h.twin.twin.prisma;
    await prisma.role.create({ data: { id: STRICT_ROLE, guildId: h.twin.guildId, name: 'Members', permissions: '0', position: 1 } });
    await prisma.role.create({ data: { id: STRICT_BOT_ROLE, guildId: h.twin.guildId, name: 'Plenary', permissions: String(PermissionFlagsBits.ManageRoles), position: 10 } });
    const where = { guildId_userId: { guildId: h.twin.guildId, userId: h.twin.botUserId } };
    const me = await prisma.guildMember.findUniqueOrThrow({ where });
    await prisma.guildMember.update({ where, data: { roles: JSON.stringify([...(JSON.parse(me.roles) as string[]), STRICT_BOT_ROLE]) } });
    await h.answer(await h.slash('ana', ROOM, 'assembly setup', { name: 'Strict Town' }));
    await h.answer(await h.slash('ana', ROOM, 'assembly policy', { key: 'electorate', value: `role:<@&${STRICT_ROLE}>` }));
    await h.answer(await h.slash('ana', ROOM, 'assembly policy', { key: 'remove-excluded', value: 'true' }));
  });
  afterAll(async () => {
    await h.stop();
  });

  it('WHEN an exclusion passes THEN the role is taken away and the role change does not bring the person back', async () => {
    for (const u of ['ben', 'troll']) {
      await h.bot.rest.put(Routes.guildMemberRole(h.twin.guildId, h.twin.user(u), STRICT_ROLE));
      await until(async () => (await statusOf(u)) === 'active', `${u} to join by role`);
    }
    await h.answer(await h.slash('ana', ROOM, 'motion propose', { title: 'Exclude troll', body: 'Spam.', kind: 'exclusion', person: h.twin.user('troll') }));
    await h.answer(await h.slash('ana', ROOM, 'vote', { motion: '1', choice: 'yes' }));
    await h.answer(await h.slash('ben', ROOM, 'vote', { motion: '1', choice: 'yes' }));
    await h.answer(await h.slash('troll', ROOM, 'vote', { motion: '1', choice: 'no' }));
    await until(async () => (await statusOf('troll')) === 'excluded', 'the exclusion to pass');
    await until(async () => !(await roles('troll')).includes(STRICT_ROLE), 'the role to be taken');
    // The GUILD_MEMBER_UPDATE for the removal came and went: still excluded, not "left".
    await h.bot.roles()!.sync();
    expect(await statusOf('troll')).toBe('excluded');
    expect(await statusOf('ben')).toBe('active');
  });
});
