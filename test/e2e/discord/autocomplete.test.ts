import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordHarness, text } from '../../support/discord-harness.js';

const ROOM = 'town-square';

describe('GIVEN an assembly on Discord with motions', () => {
  let h: DiscordHarness;

  beforeAll(async () => {
    h = await DiscordHarness.start({ users: ['ana', 'ben', 'cy'], channels: [{ name: ROOM }, { name: 'elsewhere' }], admins: ['ana', 'cy'] });
    await h.answer(await h.slash('ana', ROOM, 'assembly setup', { name: 'Valley' }));
    await h.answer(await h.slash('ben', ROOM, 'join'));
    for (const [k, v] of [['flood-member-motions', '100'], ['flood-member-commands', '200']]) await h.answer(await h.slash('ana', ROOM, 'assembly policy', { key: k!, value: v! }));
    for (let n = 1; n <= 27; n++) {
      const a = await h.answer(await h.slash('ana', ROOM, 'motion propose', { title: `Motion ${n} ${'x'.repeat(150)}`, body: 'b' }));
      expect(text(a.message!)).toContain('moved');
    }
    await h.answer(await h.slash('ana', ROOM, 'motion propose', { title: 'Pick a colour', body: 'b', method: 'approval', option: 'Red,Green,Blue' }));
    await h.answer(await h.slash('cy', 'elsewhere', 'assembly setup', { name: 'Hidden' }));
    await h.answer(await h.slash('cy', 'elsewhere', 'motion propose', { title: 'Secret plan', body: 'b', method: 'approval', option: 'Alpha,Beta' }));
  }, 120_000);
  afterAll(async () => {
    await h.stop();
  });

  it('THEN the registered /vote asks Discord for autocomplete on its motion and choice', async () => {
    const vote = await h.twin.twin.prisma.applicationCommand.findFirstOrThrow({ where: { name: 'vote' } });
    const options = JSON.parse(vote.options) as { name: string; autocomplete?: boolean }[];
    expect(options.filter((o) => o.autocomplete).map((o) => o.name)).toEqual(['motion', 'choice']);
  });

  it('WHEN a member starts typing a motion THEN Discord gets at most 25 picks, open motions of this room, names clipped to 100', async () => {
    const picks = await h.autocomplete('ben', ROOM, 'vote', { motion: '' }, 'motion');
    expect(picks).toHaveLength(25);
    expect(picks.every((p) => p.name.length <= 100 && String(p.value).length <= 100)).toBe(true);
    // Newest open motion first.
    expect(picks[0]).toMatchObject({ value: '28' });
    const narrowed = await h.autocomplete('ben', ROOM, 'vote', { motion: 'colour' }, 'motion');
    expect(narrowed).toEqual([{ name: '#28 Pick a colour (open)', value: '28' }]);
  });

  it('WHEN the motion is chosen and the member types their ballot THEN the motion’s options are offered', async () => {
    expect((await h.autocomplete('ben', ROOM, 'vote', { motion: '28', choice: '' }, 'choice')).map((p) => p.value)).toEqual(['Red', 'Green', 'Blue']);
    expect((await h.autocomplete('ben', ROOM, 'vote', { motion: '3', choice: 'a' }, 'choice')).map((p) => p.value)).toEqual(['abstain']);
  });

  it('WHEN a member asks about another assembly’s motion THEN nothing of it is offered', async () => {
    expect(await h.autocomplete('ben', ROOM, 'vote', { motion: 'Hidden#1', choice: '' }, 'choice')).toEqual([]);
    expect((await h.autocomplete('ben', ROOM, 'vote', { motion: 'Secret' }, 'motion'))).toEqual([]);
  });
});
