import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/adapters/web/rate-limit.js';
import { signToken, verifyToken } from '../../../src/adapters/web/token.js';
import { asPersonId } from '../../../src/core/shared/ids.js';
import { SECRET_VOTERS, webWorld, type WebWorld } from '../../support/web-fixture.js';

/** Reads SSE `tally` events from a streaming response until `done` says stop. */
async function readEvents(res: Response, done: (events: { text: string; ballots: number }[]) => boolean, timeoutMs = 5000): Promise<{ text: string; ballots: number }[]> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const events: { text: string; ballots: number }[] = [];
  let buf = '';
  const deadline = Date.now() + timeoutMs;
  while (!done(events) && Date.now() < deadline) {
    const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), 200))]);
    if (!chunk || chunk.done) continue;
    buf += new TextDecoder().decode(chunk.value);
    for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const data = block.split('\n').find((l) => l.startsWith('data: '));
      if (block.includes('event: tally') && data) events.push(JSON.parse(data.slice(6)) as { text: string; ballots: number });
    }
  }
  await reader.cancel();
  return events;
}

describe('live tallies over Server-Sent Events', () => {
  let w: WebWorld;
  let member: string;
  beforeAll(async () => {
    w = await webWorld({ pollMs: 10 });
    const res = await w.app.request(`/auth?t=${await w.token('ana')}&next=/`);
    member = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  });
  afterAll(() => w.hub.close());

  it('GIVEN an open motion page WHEN a member votes in chat THEN the stream carries the new tally', async () => {
    const res = await w.app.request(`/m/${w.motions.open.id}/events`, { headers: { cookie: member } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reading = readEvents(res, (e) => e.some((x) => x.text.startsWith('Yes 2')));
    await new Promise((r) => setTimeout(r, 50));
    expect((await w.s.run('ana', w.room, 'vote 1 yes')).ok).toBe(true);
    const events = await reading;
    expect(events[0]?.text).toBe('Yes 1 · No 0 · Abstain 0 (1 ballots)');
    expect(events.at(-1)?.text).toBe('Yes 2 · No 0 · Abstain 0 (2 ballots)');
    expect(w.hub.connections).toBe(0);
  });

  it('GIVEN a secret ballot THEN the stream carries a count only, never answers or voters', async () => {
    const res = await w.app.request(`/m/${w.motions.secret.id}/events`, { headers: { cookie: member } });
    const reading = readEvents(res, (e) => e.some((x) => x.ballots === 3));
    await new Promise((r) => setTimeout(r, 50));
    await w.s.run('ben', w.room, 'vote 2 yes');
    const events = await reading;
    expect(events.at(-1)?.text).toBe('3 ballot(s) cast (secret ballot: tally at the close)');
    for (const e of events) for (const v of SECRET_VOTERS) expect(JSON.stringify(e)).not.toContain(v);
    expect(JSON.stringify(events)).not.toMatch(/yes|"no"/i);
  });

  it('GIVEN a members-only motion WHEN a stranger asks for its stream THEN 403', async () => {
    expect((await w.app.request(`/m/${w.motions.open.id}/events`)).status).toBe(403);
  });
});

describe('personal tokens', () => {
  const secret = Buffer.from('k'.repeat(32));
  const now = new Date('2026-01-01T00:00:00Z');
  it('GIVEN a token THEN it verifies until it expires, and any change to it is forged', () => {
    const t = signToken(secret, { personId: asPersonId('p1'), expiresAt: new Date(now.getTime() + 60_000) });
    expect(verifyToken(secret, t, now)).toMatchObject({ ok: true, token: { personId: 'p1' } });
    expect(verifyToken(secret, t, new Date(now.getTime() + 60_000))).toEqual({ ok: false, reason: 'expired' });
    expect(verifyToken(Buffer.from('x'.repeat(32)), t, now)).toEqual({ ok: false, reason: 'forged' });
    const [payload, mac] = t.split('.') as [string, string];
    const other = Buffer.from(JSON.stringify({ p: 'p2', e: 9e9 })).toString('base64url');
    expect(verifyToken(secret, `${other}.${mac}`, now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyToken(secret, `${payload}.${mac}x`, now).ok).toBe(false);
    expect(verifyToken(secret, payload, now).ok).toBe(false);
    expect(verifyToken(secret, 'a'.repeat(10_000), now)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('per-IP rate limits', () => {
  it('GIVEN a burst past the limit THEN refused, and allowed again as the minute refills; other addresses are not slowed', () => {
    let t = 0;
    const l = new RateLimiter(60, () => t);
    for (let i = 0; i < 60; i++) expect(l.take('1.1.1.1')).toBe(true);
    expect(l.take('1.1.1.1')).toBe(false);
    expect(l.take('2.2.2.2')).toBe(true);
    t += 1000;
    expect(l.take('1.1.1.1')).toBe(true);
    expect(l.take('1.1.1.1')).toBe(false);
  });

  it('GIVEN more addresses than the table holds THEN it stays bounded', () => {
    const l = new RateLimiter(10, () => 0, 100);
    for (let i = 0; i < 1000; i++) l.take(`10.0.${i >> 8}.${i & 255}`);
    expect((l as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(100);
  });
});

describe('the level summary cache', () => {
  it('GIVEN requests within a minute THEN one read; after it, a fresh one; a failed read is not kept', async () => {
    const { LevelCache } = await import('../../../src/adapters/web/pages/level-cache.js');
    let reads = 0;
    let fail = false;
    const store = { federationLevels: () => (++reads, fail ? Promise.reject(new Error('db down')) : Promise.resolve([{ level: 0, assemblies: reads, members: 0 }])) };
    let t = 0;
    const cache = new LevelCache(store as never, 60_000, () => t);
    const id = 'f1' as never;
    const [a, b] = await Promise.all([cache.levels(id), cache.levels(id)]);
    expect(a).toEqual(b);
    expect(reads).toBe(1);
    t = 59_999;
    await cache.levels(id);
    expect(reads).toBe(1);
    t = 60_000;
    fail = true;
    await expect(cache.levels(id)).rejects.toThrow('db down');
    fail = false;
    expect((await cache.levels(id))[0]?.assemblies).toBe(3);
  });
});
