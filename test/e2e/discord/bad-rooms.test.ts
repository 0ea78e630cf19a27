import { OverwriteType, PermissionFlagsBits, Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicMessage } from '../../../src/core/messages/message.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import type { ReceivedJob } from '../../../src/jobs/job-queue.port.js';
import { MemoryDeliveryStore } from '../../../src/jobs/memory-delivery-store.js';
import { platformSendHandlers } from '../../../src/jobs/platform-send.handler.js';
import { DiscordHarness, text } from '../../support/discord-harness.js';

describe('GIVEN an assembly in three Discord channels, one deleted and one where the bot may no longer post', () => {
  let h: DiscordHarness;
  const store = new FakeStore();
  const deliveries = new MemoryDeliveryStore();
  let jobs = 0;
  const send = () => platformSendHandlers({ store: h.core.store, deliveries, senders: new Map([['discord', h.bot.sender]]), log: h.log, rooms: h.core.rooms, now: () => h.clock.now() }).discord;
  const job = (channels: readonly string[]): ReceivedJob<unknown> => {
    const n = ++jobs;
    const items = channels.map((c, i) => ({ key: `e2e.${n}.${i}`, room: { platform: 'discord', roomId: h.twin.channel(c), serverId: h.twin.guildId }, message: publicMessage(`Notice ${n}.${i}`) }));
    return { id: `j${n}`, name: 'platform.send.discord', version: 1, payload: { dedupeKey: `j${n}`, platform: 'discord', items }, attempt: 1, maxAttempts: 5 };
  };
  const posts = (channel: string) => h.twin.proxy.requests.filter((r) => r.method === 'POST' && r.path === Routes.channelMessages(h.twin.channel(channel)));

  beforeAll(async () => {
    h = await DiscordHarness.start({ users: ['ana', 'ben'], channels: [{ name: 'town-square' }, { name: 'side' }, { name: 'locked' }], store });
    await h.answer(await h.slash('ana', 'town-square', 'assembly setup', { name: 'Valley' }));
    for (const c of ['side', 'locked']) await h.answer(await h.slash('ana', c, 'assembly setup', { name: 'Valley', existing: true }));
    // A moderator deletes one channel and takes Send Messages from @everyone (the bot's only role) in another.
    await h.bot.rest.delete(Routes.channel(h.twin.channel('side')));
    h.twin.proxy.setOverwrite(h.twin.channel('locked'), { id: h.twin.guildId, type: OverwriteType.Role, allow: 0n, deny: PermissionFlagsBits.SendMessages });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('WHEN a job of ten messages names them among healthy ones THEN the eight others are posted, and the two rooms are marked as gone and forbidden', async () => {
    const rooms = ['town-square', 'side', 'town-square', 'locked', 'town-square', 'town-square', 'side', 'town-square', 'town-square', 'town-square'];
    await send().run(job(rooms));
    const posted = (await h.twin.messages('town-square')).filter((m) => m.embeds[0]?.title?.startsWith('Notice 1.'));
    expect(posted).toHaveLength(7);
    const faults = await h.core.store.roomFaults('discord', [h.twin.channel('side'), h.twin.channel('locked')]);
    expect(faults.map((f) => [f.roomId, f.reason, f.detail])).toEqual(
      expect.arrayContaining([
        [h.twin.channel('side'), 'gone', 'Unknown Channel (10003)'],
        [h.twin.channel('locked'), 'forbidden', 'Missing Permissions (50013)'],
      ]),
    );
    // One request per bad room: the second message for the deleted channel was given up without one.
    expect(posts('side').filter((r) => r.status === 404)).toHaveLength(1);
    expect(posts('locked').filter((r) => r.status === 403)).toHaveLength(1);
  });

  it('WHEN the notices to facilitators go out THEN the healthy room is told about each bad room, once', async () => {
    const notices = [...store.raw.outbox.values()].filter((o) => o.kind === 'platform.send' && o.dedupeKey.includes('room-fault'));
    expect(notices).toHaveLength(2);
    for (const n of notices) await send().run({ id: n.dedupeKey, name: 'platform.send.discord', version: 1, payload: { dedupeKey: n.dedupeKey, ...(n.payload as object) }, attempt: 1, maxAttempts: 5 });
    const told = await h.titled('town-square', 'Facilitators of Valley');
    expect(told).toHaveLength(2);
    expect(told.map(text).join('\n')).toMatch(/no longer exists[\s\S]*may not post there|may not post there[\s\S]*no longer exists/);
  });

  it('WHEN more messages come for those rooms THEN no request reaches them, and `access status` lists both', async () => {
    const before = posts('side').length + posts('locked').length;
    await send().run(job(['side', 'locked', 'town-square']));
    expect(posts('side').length + posts('locked').length).toBe(before);
    const status = await h.answer(await h.slash('ana', 'town-square', 'access status'));
    expect(text(status.message!)).toContain('Rooms that refuse the bot');
    expect(text(status.message!)).toContain(h.twin.channel('side'));
    expect(text(status.message!)).toContain(h.twin.channel('locked'));
  });

  it('WHEN the permission is given back THEN after the probe interval the room takes messages again and its mark goes', async () => {
    h.twin.proxy.setOverwrite(h.twin.channel('locked'), null, h.twin.guildId);
    h.clock.advance(16 * 60_000);
    await send().run(job(['locked']));
    expect(await h.titled('locked', `Notice ${jobs}.0`)).toHaveLength(1);
    expect(await h.core.store.roomFaults('discord', [h.twin.channel('locked')])).toEqual([]);
  });
});
