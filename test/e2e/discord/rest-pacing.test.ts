import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordBot } from '../../../src/bots/discord.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { DiscordLoopbackApi } from '../../support/discord-loopback-api.js';
import { allowedGlobal429, LoopStalls } from '../../support/loop-stalls.js';

describe('GIVEN the bot REST client against a loopback Discord that counts 50 requests in any second', () => {
  let api: DiscordLoopbackApi;
  afterEach(async () => {
    await api.stop();
  });

  it('WHEN 160 messages to different channels are asked for at once THEN none draws a global 429 and each channel gets one (discord.js alone sent window after window back to back)', async () => {
    api = new DiscordLoopbackApi({ latencyMs: 5 });
    await api.start();
    const bot = createDiscordBot({ token: 'pacing', log: silentLogger, api: api.api, env: {} });
    const channels = Array.from({ length: 160 }, (_, i) => String(800_000_000_000_000_000n + BigInt(i)));
    const stalls = new LoopStalls();
    await Promise.all(channels.map((c, i) => bot.sender.send({ platform: 'discord', roomId: c }, { title: `m${i}`, visibility: 'public' }, `k${i}`)));
    const maxStallMs = stalls.stop();
    await bot.client.destroy();
    expect(api.limits.counts.global429, `longest event-loop stall ${maxStallMs.toFixed(0)} ms`).toBeLessThanOrEqual(allowedGlobal429(maxStallMs));
    expect(channels.map((c) => api.posted.get(c)?.length ?? 0)).toEqual(channels.map(() => 1));
  });
});
