import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessJobQueue } from '../../../src/adapters/queue/in-process-job-queue.js';
import { accessRoleName } from '../../../src/adapters/discord/room-access.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { accessHandler } from '../../../src/jobs/access.handler.js';
import type { JobWorker } from '../../../src/jobs/job-queue.port.js';
import { OutboxDispatcher } from '../../../src/jobs/outbox-dispatcher.js';
import { DiscordHarness, text } from '../../support/discord-harness.js';

const LOCAL = 'north';
const UP = 'valley';
const FEDERATION = 'Valley Transport';
const EPHEMERAL = 64;
const PLENARY_ROLE = '1111111111111111111';

describe('GIVEN a local assembly and a federation whose delegates room is a Discord channel, with the outbox worked by the access handler', () => {
  let h: DiscordHarness;
  const store = new FakeStore();
  let queue: InProcessJobQueue;
  let worker: JobWorker;
  let dispatcher: OutboxDispatcher;

  const say = async (user: string, channel: string, command: string, options: Readonly<Record<string, string | number | boolean>> = {}): Promise<string> => {
    const a = await h.answer(await h.slash(user, channel, command, options));
    return a.message ? text(a.message) : '';
  };
  const roles = async (user: string): Promise<string[]> => {
    const m = await h.twin.twin.prisma.guildMember.findUnique({ where: { guildId_userId: { guildId: h.twin.guildId, userId: h.twin.user(user) } } });
    return m ? (JSON.parse(m.roles) as string[]) : [];
  };
  const accessRole = () => h.twin.twin.prisma.role.findFirst({ where: { name: accessRoleName(h.twin.channel(UP)) } });
  /** One pass of the outbox, then the queue until every access job is done. */
  const runOutbox = async (): Promise<number> => {
    const n = await dispatcher.dispatchOnce();
    await queue.whenIdle({ timeoutMs: 10_000 });
    return n;
  };

  beforeAll(async () => {
    h = await DiscordHarness.start({ store, users: ['ana', 'ben', 'cy', 'fay'], channels: [{ name: LOCAL }, { name: UP }], admins: ['ana', 'fay'] });
    // A server admin gives Plenary a role with what room access needs (as the setup note asks), as room-access.test.ts does.
    const prisma = h.twin.twin.prisma;
    await prisma.role.create({ data: { id: PLENARY_ROLE, guildId: h.twin.guildId, name: 'Plenary', permissions: String(PermissionFlagsBits.ManageRoles | PermissionFlagsBits.KickMembers), position: 10 } });
    const me = await prisma.guildMember.findUniqueOrThrow({ where: { guildId_userId: { guildId: h.twin.guildId, userId: h.twin.botUserId } } });
    await prisma.guildMember.update({ where: { guildId_userId: { guildId: h.twin.guildId, userId: h.twin.botUserId } }, data: { roles: JSON.stringify([...(JSON.parse(me.roles) as string[]), PLENARY_ROLE]) } });
    queue = new InProcessJobQueue({ prefix: 'delegate-access-e2e', log: h.log });
    worker = await queue.work([accessHandler(store, new Map([['discord', h.bot.access]]), h.log)], { concurrency: 2 });
    // Outbox rows are stamped with the core's (fake) clock; the dispatcher claims by the same clock.
    dispatcher = new OutboxDispatcher(store, queue, h.log, () => h.clock.now());
  });
  afterAll(async () => {
    await worker.close();
    await queue.close();
    await h.stop();
  });

  it('WHEN members set up the local assembly and a second channel founds the federation THEN both rooms are bound', async () => {
    expect(await say('ana', LOCAL, 'assembly setup', { name: 'North' })).toContain('North is now an assembly');
    for (const who of ['ben', 'cy']) expect(await say(who, LOCAL, 'join')).toContain('Welcome to North');
    expect(await say('fay', UP, 'federation create', { name: FEDERATION, purpose: 'Shared buses between our towns' })).toContain(`${FEDERATION} is founded`);
    expect(await store.read.bindingByRoom('discord', h.twin.channel(UP))).toMatchObject({ roomId: h.twin.channel(UP), serverId: h.twin.guildId });
  });

  it('WHEN the founder issues an invitation and every member votes yes on joining THEN the motion closes early and North is a member', async () => {
    const a = await h.answer(await h.slash('fay', UP, 'federation invite'));
    expect(a.message!.flags).toBe(EPHEMERAL);
    const code = /Code: (\S+)/.exec(text(a.message!))?.[1];
    expect(code).toBeDefined();
    expect(await say('ana', LOCAL, 'federation join', { code: code! })).toContain('Motion #1 moved');
    for (const who of ['ana', 'ben']) expect(await say(who, LOCAL, 'vote', { motion: '1', choice: 'yes' })).toContain('Vote recorded on motion #1');
    expect(await say('cy', LOCAL, 'vote', { motion: '1', choice: 'yes' })).toContain('the motion is now closed');
    await h.waitFor(LOCAL, (m) => text(m).includes(`North joined ${FEDERATION}`));
  });

  it('WHEN ana stands, an election is called and the ranked votes elect her THEN the outbox grant gives her the access role that opens the delegates channel', async () => {
    expect(await say('ana', LOCAL, 'nominate', { federation: FEDERATION })).toContain('Standing.');
    expect(await say('ana', LOCAL, 'election call', { federation: FEDERATION })).toContain('Election opened: motion #2');
    for (const who of ['ana', 'ben']) expect(await say(who, LOCAL, 'vote', { motion: '2', choice: '1' })).toContain('Vote recorded on motion #2');
    expect(await say('cy', LOCAL, 'vote', { motion: '2', choice: '1' })).toContain('the motion is now closed');
    await h.waitFor(LOCAL, (m) => text(m).includes('North elected its delegate'));
    expect(await accessRole()).toBeNull();

    expect(await runOutbox()).toBe(1);

    const role = await accessRole();
    expect(role).not.toBeNull();
    expect(await roles('ana')).toContain(role!.id);
    expect(await roles('ben')).not.toContain(role!.id);
    const overwrite = h.twin.proxy.overwritesOf(h.twin.channel(UP)).find((o) => o.id === role!.id);
    expect(BigInt(String(overwrite?.allow)) & PermissionFlagsBits.ViewChannel).toBe(PermissionFlagsBits.ViewChannel);
    expect([...store.raw.outbox.values()].filter((o) => o.kind === 'access.grant').map((o) => o.status)).toEqual(['done']);
  });

  it('WHEN ana, seated, moves a motion upstairs THEN it opens in the delegates channel', async () => {
    expect(await say('ana', UP, 'motion propose', { title: 'Buy two electric buses', body: 'Two buses for the valley line.' })).toContain('Motion #1 moved');
  });

  it('WHEN North recalls ana by vote THEN the outbox revoke takes the role away at once, and her vote in the delegates channel is refused', async () => {
    const role = (await accessRole())!;
    expect(await say('ben', LOCAL, 'recall', { person: h.twin.user('ana') })).toContain('Motion #3 moved');
    for (const who of ['ben', 'ana']) expect(await say(who, LOCAL, 'vote', { motion: '3', choice: 'yes' })).toContain('Vote recorded on motion #3');
    expect(await say('cy', LOCAL, 'vote', { motion: '3', choice: 'yes' })).toContain('the motion is now closed');
    await h.waitFor(LOCAL, (m) => text(m).includes('was recalled by North'));
    expect(await roles('ana')).toContain(role.id);

    expect(await runOutbox()).toBe(1);

    expect(await roles('ana')).not.toContain(role.id);
    const revokes = h.twin.proxy.requests.filter((r) => r.method === 'DELETE' && r.path.endsWith(`/members/${h.twin.user('ana')}/roles/${role.id}`));
    expect(revokes).toHaveLength(1);
    expect([...store.raw.outbox.values()].filter((o) => o.kind === 'access.revoke').map((o) => o.status)).toEqual(['done']);

    const refused = await h.answer(await h.slash('ana', UP, 'vote', { motion: '1', choice: 'yes' }));
    expect(refused.message!.flags).toBe(EPHEMERAL);
    expect(text(refused.message!)).toContain('Only the current delegates in Valley Transport delegates can vote there.');
    const upstairs = await store.read.bindingByRoom('discord', h.twin.channel(UP));
    const [motion] = await store.read.motions(upstairs!.assemblyId, ['open']);
    expect(motion?.title).toBe('Buy two electric buses');
    expect(await store.read.ballots(motion!.id)).toEqual([]);
  });
});
