import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PACED_SHARE, pacedRequest, RequestPacer } from '../../../src/adapters/discord/rest-pacer.js';
import { DiscordRateLimits, routeOf } from '../../support/discord-rate-limits.js';

/** A clock that moves only when the pacer sleeps (each sleep overshoots by `late(i)` ms) or a caller arrives later. */
function virtual(late: (i: number) => number) {
  let t = 0;
  let n = 0;
  return {
    now: () => t,
    advance: (ms: number) => (t += ms),
    sleep: (ms: number) => {
      t += ms + late(n++);
      return Promise.resolve();
    },
  };
}

describe('RequestPacer', () => {
  it('WHEN callers arrive at any times and timers fire late by up to 200 ms THEN no 51 starts ever fall within 1,015 ms (at 98% of 50/s)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(60), { minLength: 60, maxLength: 300 }), fc.array(fc.nat(200), { minLength: 1, maxLength: 50 }), async (gaps, lateness) => {
        const clock = virtual((i) => lateness[i % lateness.length]!);
        const pacer = new RequestPacer(50 * PACED_SHARE, clock.now, clock.sleep);
        const starts: number[] = [];
        for (const gap of gaps) {
          clock.advance(gap);
          await pacer.take();
          starts.push(clock.now());
        }
        for (let i = 50; i < starts.length; i++) expect(starts[i]! - starts[i - 50]!).toBeGreaterThanOrEqual(1015);
      }),
      { numRuns: 200 },
    );
  });

  it('WHEN timers fire a millisecond late THEN a backlog still goes at 98% of the budget, not less', async () => {
    const clock = virtual(() => 1);
    const pacer = new RequestPacer(50 * PACED_SHARE, clock.now, clock.sleep);
    await Promise.all(Array.from({ length: 491 }, () => pacer.take()));
    // 490 intervals of 1000/49 ms, plus the last timer's lateness.
    expect(clock.now()).toBeGreaterThanOrEqual(10_000);
    expect(clock.now()).toBeLessThan(10_050);
  });

  it('WHEN the rate is not positive THEN it is refused', () => {
    expect(() => new RequestPacer(0)).toThrow(RangeError);
  });

  it('WHEN a request is an interaction callback or follow-up THEN it is not paced', async () => {
    const clock = virtual(() => 0);
    const pacer = new RequestPacer(1, clock.now, clock.sleep);
    const seen: string[] = [];
    const request = pacedRequest(pacer, (url) => {
      seen.push(`${url}@${clock.now()}`);
      return Promise.resolve(new Response('{}') as never);
    });
    await request('https://discord.com/api/v10/channels/1/messages', {});
    await request('https://discord.com/api/v10/interactions/2/tok/callback', {});
    await request('https://discord.com/api/v10/webhooks/3/tok', {});
    await request('https://discord.com/api/v10/channels/1/messages', {});
    expect(seen).toEqual(['https://discord.com/api/v10/channels/1/messages@0', 'https://discord.com/api/v10/interactions/2/tok/callback@0', 'https://discord.com/api/v10/webhooks/3/tok@0', 'https://discord.com/api/v10/channels/1/messages@1000']);
  });
});

describe('DiscordRateLimits (the loopback model of Discord)', () => {
  it('WHEN 51 requests come within one second THEN the 51st is a global 429 with Discord headers, and a second later one passes', () => {
    let t = 1_000_000;
    const limits = new DiscordRateLimits({ now: () => t });
    for (let i = 0; i < 50; i++) expect(limits.check('Bot x', 'POST', `/channels/${100000 + i}/messages`).status).toBe(200);
    t += 999;
    const refused = limits.check('Bot x', 'POST', '/channels/200000/messages');
    expect(refused).toMatchObject({ status: 429, kind: 'global', headers: { 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global', 'Retry-After': '1' }, body: { global: true, retry_after: 0.001 } });
    // Another token has its own budget; interaction callbacks are outside it.
    expect(limits.check('Bot y', 'POST', '/channels/200000/messages').status).toBe(200);
    expect(limits.check('Bot x', 'POST', '/interactions/123456789/abc/callback').status).toBe(200);
    t += 1;
    expect(limits.check('Bot x', 'POST', '/channels/200000/messages').status).toBe(200);
    expect(limits.counts.global429).toBe(1);
  });

  it('WHEN one channel gets a sixth message within 5 s THEN a per-route 429 (scope user) with the bucket headers; other channels are separate buckets', () => {
    let t = 5_000_000;
    const limits = new DiscordRateLimits({ now: () => t });
    const first = limits.check('Bot x', 'POST', '/channels/123456/messages');
    expect(first.headers).toMatchObject({ 'X-RateLimit-Limit': '5', 'X-RateLimit-Remaining': '4', 'X-RateLimit-Reset-After': '5.000', 'X-RateLimit-Reset': '5005.000' });
    for (let i = 0; i < 4; i++) limits.check('Bot x', 'POST', '/channels/123456/messages');
    t += 2000;
    const sixth = limits.check('Bot x', 'POST', '/channels/123456/messages');
    expect(sixth).toMatchObject({ status: 429, kind: 'route', headers: { 'X-RateLimit-Scope': 'user', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset-After': '3.000', 'Retry-After': '3' }, body: { global: false } });
    expect(sixth.headers['X-RateLimit-Bucket']).toBe(first.headers['X-RateLimit-Bucket']);
    expect(limits.check('Bot x', 'POST', '/channels/654321/messages').status).toBe(200);
    expect([...limits.counts.route429ByRoute]).toEqual([['POST /channels/:id/messages', 1]]);
  });

  it('WHEN a storm is on THEN everything is refused as global until it ends, counted apart', () => {
    let t = 0;
    const limits = new DiscordRateLimits({ now: () => t });
    limits.storm(1500);
    expect(limits.check('Bot x', 'GET', '/users/@me')).toMatchObject({ status: 429, kind: 'storm', headers: { 'Retry-After': '2' }, body: { retry_after: 1.5 } });
    t = 1500;
    expect(limits.check('Bot x', 'GET', '/users/@me').status).toBe(200);
    expect(limits.counts).toMatchObject({ storm429: 1, global429: 0 });
    expect(limits.stormMsBetween(-100, 1000)).toBe(1000);
  });

  it('routes: the top-level resource is the major parameter, other ids are templated', () => {
    expect(routeOf('/api/v10/channels/123456/messages/987654')).toEqual({ template: '/channels/:id/messages/:id', major: 'channels/123456' });
    expect(routeOf('/guilds/111111/members/222222/roles/333333')).toEqual({ template: '/guilds/:id/members/:id/roles/:id', major: 'guilds/111111' });
    expect(routeOf('/interactions/444444/aW50ZXJhY3Rpb24/callback').template).toBe('/interactions/:id/:token/callback');
  });
});
