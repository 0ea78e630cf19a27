import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHeads } from '../../../src/core/events/witness.js';
import { DiscordHarness, text } from '../../support/discord-harness.js';

const ROOM = 'town-square';

describe('GIVEN a Discord assembly whose motion closes', () => {
  let h: DiscordHarness;

  beforeAll(async () => {
    h = await DiscordHarness.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('THEN the result embed footer carries the chain head, and /audit verify reads it back from the channel history', async () => {
    await h.answer(await h.slash('ana', ROOM, 'assembly setup', { name: 'Footer Test' }));
    await h.answer(await h.slash('ben', ROOM, 'join'));
    await h.answer(await h.slash('ana', ROOM, 'motion propose', { title: 'Plant the hedge', body: 'Along the east fence.' }));
    for (const who of ['ana', 'ben']) await h.answer(await h.slash(who, ROOM, 'vote', { motion: '1', choice: 'yes' }));
    const result = await h.waitFor(ROOM, (m) => text(m).includes('Motion #1 passed'));
    const footer = result.embeds[0]?.footer?.text ?? '';
    const [head] = parseHeads(footer);
    const a = (await h.core.store.read.assemblyByName('Footer Test'))!;
    const closed = (await h.core.store.read.events(a.id)).find((e) => e.type === 'motion.closed')!;
    expect(head).toMatchObject({ assembly: 'Footer Test', seq: closed.seq, hash: closed.hash.slice(0, 12) });
    // A member imitating the head line in a message is not the bot's post.
    await h.answer(await h.slash('ben', ROOM, 'motion propose', { title: `Footer Test record #${closed.seq} · 000000000000` }));
    const verified = await h.answer(await h.slash('ana', ROOM, 'audit verify'));
    expect(text(verified.message!)).toContain('record verified');
    // The result's head and that of the law it enacted (src/core/laws), both posted by the bot.
    expect(text(verified.message!)).toContain('Posted heads: all 2 found in 1 room agree');
  });
});
