import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDueMotions } from '../../../src/core/services/closing.service.js';
import { DiscordHarness, text } from '../../support/discord-harness.js';

const ROOM = 'town-square';

describe('GIVEN a Discord assembly with discussion threads on', () => {
  let h: DiscordHarness;

  beforeAll(async () => {
    h = await DiscordHarness.start();
    await h.answer(await h.slash('ana', ROOM, 'assembly setup', { name: 'Allotment' }));
    await h.answer(await h.slash('ben', ROOM, 'join'));
  });
  afterAll(async () => {
    await h.stop();
  });

  const threadsOpened = () => h.twin.proxy.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages\/\d+\/threads$/.test(r.path));

  it('WHEN threads are off (the default) THEN an announcement opens none', async () => {
    await h.answer(await h.slash('ana', ROOM, 'motion propose', { title: 'No thread here', body: '…' }));
    await h.waitFor(ROOM, (m) => text(m).includes('Motion #1 is open for voting'));
    expect(threadsOpened()).toHaveLength(0);
  });

  it('WHEN a motion opens THEN a thread named after it opens on its announcement, and its result is posted there too', async () => {
    await h.answer(await h.slash('ana', ROOM, 'assembly policy', { key: 'threads', value: 'on' }));
    await h.answer(await h.slash('ben', ROOM, 'motion propose', { title: 'Build a shed @everyone', body: 'By the gate.', hours: 1 }));
    const announcement = await h.waitFor(ROOM, (m) => text(m).includes('Motion #2 is open for voting'));
    const opened = threadsOpened();
    expect(opened).toHaveLength(1);
    expect(opened[0]!.path).toBe(`/channels/${h.twin.channel(ROOM)}/messages/${announcement.id}/threads`);
    const name = (opened[0]!.body as { name: string }).name;
    expect(name).toContain('#2 Build a shed');
    expect(name).not.toContain('@everyone');
    const threadId = (await h.messageLog.find('discord', h.twin.channel(ROOM), `motion:${(await h.core.store.read.motionByNumber((await h.core.store.read.bindingByRoom('discord', h.twin.channel(ROOM)))!.assemblyId, 2))!.id}#thread`))!;
    await h.answer(await h.slash('ana', ROOM, 'vote', { motion: '2', choice: 'yes' }));
    h.clock.advance(2 * 3_600_000);
    await closeDueMotions(h.core);
    await h.waitFor(ROOM, (m) => text(m).includes('Motion #2 passed'));
    const inThread = await h.twin.twin.channel(threadId).getMessages();
    expect(inThread.some((m) => text(m).includes('Motion #2 passed'))).toBe(true);
  });
});
