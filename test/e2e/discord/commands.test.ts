import { Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDiscordRegister } from '../../../src/bots/cli/discord-register.js';
import { configSchema } from '../../../src/bots/config.js';
import { DiscordHarness, text } from '../../support/discord-harness.js';

const ROOM = 'town-square';
const EPHEMERAL = 64;

describe('GIVEN the generated slash commands on a server', () => {
  let h: DiscordHarness;
  const register = async (guild?: string) => {
    let out = '';
    const config = configSchema.parse({ DISCORD_TOKEN: h.twin.twin.botToken, DISCORD_APPLICATION_ID: h.twin.botUserId });
    const code = await runDiscordRegister(config, h.log, { write: (s: string) => (out += s) }, guild, { rest: h.bot.rest });
    return { code, out };
  };

  beforeAll(async () => {
    h = await DiscordHarness.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('THEN the twin and the proxy in front of it listen on loopback only', () => {
    expect(h.twin.twinAddress.address).toBe('127.0.0.1');
    expect(h.twin.proxy.address()?.address).toBe('127.0.0.1');
    expect(h.twin.api).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
  });

  it('WHEN registering again THEN the bulk overwrite is idempotent and says nothing changed', async () => {
    const { code, out } = await register(h.twin.guildId);
    expect(code).toBe(0);
    const top = new Set(h.table.map((c) => c.path[0])).size;
    expect(out).toContain(`Registered ${top} slash commands in guild ${h.twin.guildId}`);
    expect(out).toContain('added: —');
    expect(out).toContain('removed: —');
    expect(out).toContain(`unchanged: ${top}`);
    const puts = h.twin.proxy.requests.filter((r) => r.method === 'PUT' && r.path === Routes.applicationGuildCommands(h.twin.botUserId, h.twin.guildId));
    expect(puts).toHaveLength(2);
  });

  it('WHEN registering without a guild THEN the commands go global, and a bad guild id is refused before any request', async () => {
    const global = await register();
    expect(global.code).toBe(0);
    expect(global.out).toContain('globally');
    expect(global.out).toContain(`added: ${h.table.filter((c, i, all) => all.findIndex((x) => x.path[0] === c.path[0]) === i).map((c) => `/${c.path[0] ?? ''}`).join(' ')}`);
    expect((await register('general')).code).toBe(2);
  });

  it('WHEN someone asks /help THEN they get the list privately, and help for one command explains it', async () => {
    const all = await h.answer(await h.slash('ana', ROOM, 'help'));
    expect(all.message!.flags).toBe(EPHEMERAL);
    expect(text(all.message!)).toContain('motion propose — Move a motion');
    const one = await h.answer(await h.slash('ana', ROOM, 'help', { command: 'vote' }));
    expect(text(one.message!)).toContain('Usage: `/vote');
  });

  it('WHEN a member starts linking accounts THEN the one-time code comes as a private reply (DMs are not needed)', async () => {
    const a = await h.answer(await h.slash('ben', ROOM, 'link start'));
    expect(a.message!.flags).toBe(EPHEMERAL);
    expect(text(a.message!)).toMatch(/Code: CODE\d{4}/);
  });

  it('WHEN a form carries many options THEN they wait for the form by token and arrive with it', async () => {
    await h.answer(await h.slash('ana', ROOM, 'assembly setup', { name: 'Big Election' }));
    const options = Array.from({ length: 12 }, (_, i) => `Candidate number ${i + 1}`).join(', ');
    const form = await h.form(await h.slash('ana', ROOM, 'motion propose', { method: 'approval', option: options, title: 'Pick the committee' }));
    expect(form.custom_id).toMatch(/^pl1:md:motion\.propose:~/);
    expect(form.components[0]!.components[0]!.value).toBe('Pick the committee');
    await h.answer(await h.submitForm('ana', ROOM, form.custom_id, { title: 'Pick the committee', body: '' }));
    const m = await h.waitFor(ROOM, (x) => text(x).includes('Motion #1 is open'));
    expect(text(m)).toContain('12. Candidate number 12');
  });

  it('WHEN a form is submitted after its state is gone THEN the member is asked to run the command again', async () => {
    const a = await h.answer(await h.submitForm('ana', ROOM, 'pl1:md:motion.propose:~gone', { title: 'x', body: 'y' }));
    expect(text(a.message!)).toContain('This form has expired');
  });

  it('WHEN a command fails validation THEN the member sees why, privately', async () => {
    const a = await h.answer(await h.slash('ana', ROOM, 'motion propose', { title: 'Too few', body: 'x', method: 'approval', option: 'Only one' }));
    expect(a.message!.flags).toBe(EPHEMERAL);
    expect(text(a.message!)).toContain('at least two options');
  });
});
