import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDueReminders } from '../../../src/core/services/reminder.service.js';
import { DiscordHarness, text } from '../../support/discord-harness.js';
import { drainRelay, type Sent } from '../../support/relay-drain.js';

const ROOM = 'town-square';

describe('GIVEN a Discord assembly that reminds an hour before a close', () => {
  let h: DiscordHarness;

  beforeAll(async () => {
    h = await DiscordHarness.start();
    await h.answer(await h.slash('ana', ROOM, 'assembly setup', { name: 'Allotment' }));
    for (const who of ['ben', 'cy']) await h.answer(await h.slash(who, ROOM, 'join'));
    await h.answer(await h.slash('ana', ROOM, 'assembly policy', { key: 'reminders', value: '1' }));
  });
  afterAll(async () => {
    await h.stop();
  });

  it('WHEN the reminder falls due THEN the channel is told, and only the member who asked and has not voted gets a DM', async () => {
    for (const who of ['ben', 'cy']) expect(text((await h.answer(await h.slash(who, ROOM, 'remind', { setting: 'on' }))).message!)).toContain('Reminders on');
    await h.answer(await h.slash('ana', ROOM, 'motion propose', { title: 'Water the beans', body: 'Daily.', hours: 3 }));
    await h.answer(await h.slash('cy', ROOM, 'vote', { motion: '1', choice: 'yes' }));
    h.clock.advance(2 * 3_600_000);
    await sendDueReminders(h.core);
    // What the paced Discord lane does with the queued rows, through the bot's own sender.
    const sent: Sent[] = [];
    await drainRelay(h.core, sent);
    for (const m of sent) await (m.direct ? h.bot.sender.sendDirect(m.roomId, m.message, m.key) : h.bot.sender.send({ platform: 'discord', roomId: m.roomId }, m.message, m.key));
    await h.waitFor(ROOM, (m) => text(m).includes('Motion #1 closes in 1 hour') && text(m).includes('1 of 3 members have voted'));
    const dmTo = h.twin.proxy.requests.filter((r) => r.method === 'POST' && r.path === '/users/@me/channels').map((r) => (r.body as { recipient_id: string }).recipient_id);
    expect(dmTo).toEqual([h.twin.user('ben')]);
    const posted = h.twin.proxy.requests.filter((r) => r.method === 'POST' && /^\/channels\/9\d+\/messages$/.test(r.path));
    expect(posted).toHaveLength(1);
    expect(JSON.stringify(posted[0]!.body)).toContain('and you have not voted');
  });
});
