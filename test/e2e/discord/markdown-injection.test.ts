import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordHarness } from '../../support/discord-harness.js';

const ROOM = 'town-square';

describe('GIVEN a member who writes Discord markup into a motion', () => {
  let h: DiscordHarness;

  beforeAll(async () => {
    h = await DiscordHarness.start();
    await h.answer(await h.slash('ana', ROOM, 'assembly setup', { name: 'Harbour' }));
  });
  afterAll(async () => {
    await h.stop();
  });

  it('WHEN the announcement is posted THEN the masked link, heading, spoiler and timestamp show as text inside the bot’s embed', async () => {
    const body = '# URGENT\n[Vote here](https://evil.example/x) before <t:1700000000:R> ||or else||';
    await h.answer(await h.slash('ana', ROOM, 'motion propose', { title: '**Free** [prize](https://evil.example/p)', body, method: 'approval', option: '[Yes](https://evil.example/y),No' }));
    const announcement = await h.waitFor(ROOM, (m) => m.embeds.some((e) => e.title?.includes('Motion #1 is open') === true));
    const embed = announcement.embeds[0]!;
    expect(embed.description).toContain('\\*\\*Free\\*\\* \\[prize\\](https://evil.example/p)');
    expect(embed.description).toContain('\\# URGENT\n\\[Vote here\\](https://evil.example/x) before \\<t:1700000000:R\\> \\|\\|or else\\|\\|');
    const options = embed.fields?.find((f) => f.name === 'Options')?.value ?? '';
    expect(options).toContain('1\\. \\[Yes\\](https://evil.example/y)');
    const everything = JSON.stringify(announcement.embeds);
    expect(everything).not.toMatch(/(^|[^\\])\[(Vote here|prize|Yes)\]/);
  });
});
