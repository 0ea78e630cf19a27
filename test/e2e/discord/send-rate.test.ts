import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessJobQueue } from '../../../src/adapters/queue/in-process-job-queue.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { DiscordRateLimits } from '../../support/discord-rate-limits.js';
import { relayIntoChannels } from '../../support/discord-send-lane.js';
import { DiscordTwin } from '../../support/discord-twin.js';
import { allowedGlobal429, LoopStalls } from '../../support/loop-stalls.js';

// More channels than one second's budget, so the lane must pace across seconds.
const CHANNELS = 70;

describe('GIVEN a proposal relayed into many Discord channels through the send lane, against the twin enforcing Discord rate limits', () => {
  let twin: DiscordTwin;
  const names = Array.from({ length: CHANNELS }, (_, i) => `assembly-${i}`);

  beforeAll(async () => {
    twin = await DiscordTwin.start({ users: ['ana'], channels: names.map((name) => ({ name })) });
  });
  afterAll(async () => {
    await twin.stop();
  });

  const postsPerChannel = async (): Promise<number[]> => Promise.all(names.map(async (n) => (await twin.messages(n)).length));

  it('WHEN it is sent THEN no request draws a global 429 and every channel has its message exactly once', async () => {
    const limits = new DiscordRateLimits();
    twin.proxy.limits = limits;
    const queue = new InProcessJobQueue({ prefix: 'e2e-send-rate', log: silentLogger });
    const stalls = new LoopStalls();
    const out = await relayIntoChannels({ api: twin.api, token: twin.twin.botToken, channelIds: names.map((n) => twin.channel(n)), queue, log: silentLogger, timeoutMs: 50_000 });
    const maxStallMs = stalls.stop();
    await queue.close();
    twin.proxy.limits = null;
    expect(limits.counts.global429, `longest event-loop stall ${maxStallMs.toFixed(0)} ms`).toBeLessThanOrEqual(allowedGlobal429(maxStallMs));
    expect(limits.counts.admitted).toBeGreaterThanOrEqual(CHANNELS);
    expect(out).toMatchObject({ jobs: Math.ceil(CHANNELS / 10), finishedOk: Math.ceil(CHANNELS / 10), finishedFailed: 0, failedJobs: 0 });
    expect(await postsPerChannel()).toEqual(names.map(() => 1));
    // Paced: no second saw more than Discord's 50.
    const starts = twin.proxy.requests.filter((r) => r.method === 'POST' && r.status === 200).map((r) => r.at);
    for (let i = 50; i < starts.length; i++) expect(starts[i]! - starts[i - 50]!).toBeGreaterThan(1000);
  });

  it('WHEN Discord answers every request with 429 for a while in the middle THEN the lane waits it out: nothing lost, nothing twice, no global 429 outside the storm', async () => {
    const limits = new DiscordRateLimits();
    twin.proxy.limits = limits;
    const queue = new InProcessJobQueue({ prefix: 'e2e-send-rate-storm', log: silentLogger });
    const before = await postsPerChannel();
    let sent = 0;
    const stalls = new LoopStalls();
    const out = await relayIntoChannels({
      api: twin.api,
      token: twin.twin.botToken,
      channelIds: names.map((n) => twin.channel(n)),
      queue,
      log: silentLogger,
      timeoutMs: 50_000,
      runId: 'storm',
      onSent: () => {
        if (++sent === 20) limits.storm(1500);
      },
    });
    const maxStallMs = stalls.stop();
    await queue.close();
    twin.proxy.limits = null;
    expect(limits.counts.storm429).toBeGreaterThan(0);
    expect(limits.counts.global429, `longest event-loop stall ${maxStallMs.toFixed(0)} ms`).toBeLessThanOrEqual(allowedGlobal429(maxStallMs));
    expect(out.finishedOk).toBe(Math.ceil(CHANNELS / 10));
    expect((await postsPerChannel()).map((n, i) => n - before[i]!)).toEqual(names.map(() => 1));
  });
});
