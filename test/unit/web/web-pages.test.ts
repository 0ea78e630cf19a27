import { beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../../src/adapters/web/token.js';
import { asPersonId } from '../../../src/core/shared/ids.js';
import { SECRET_VOTERS, webWorld, type WebWorld } from '../../support/web-fixture.js';

const cookieOf = (r: Response): string => (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

describe('the web view over a world built through the command table', () => {
  let w: WebWorld;
  let member: string;
  const get = async (url: string, cookie = ''): Promise<{ status: number; text: string; res: Response }> => {
    const res = await w.app.request(url, cookie ? { headers: { cookie } } : {});
    return { status: res.status, text: await res.text(), res };
  };
  beforeAll(async () => {
    w = await webWorld();
    member = cookieOf(await w.app.request(`/auth?t=${await w.token('ben')}&next=/a/${w.riverside.id}`));
  });

  it('GIVEN a members-only assembly WHEN nobody in particular asks THEN 403 says how members get in', async () => {
    const r = await get(`/a/${w.riverside.id}`);
    expect(r.status).toBe(403);
    expect(r.text).toContain('Members only');
    expect(r.text).not.toContain('Riverside Tenants');
  });

  it('GIVEN a personal link WHEN followed THEN the token moves into an HttpOnly cookie and the assembly page shows', async () => {
    const res = await w.app.request(`/auth?t=${await w.token('ben')}&next=/a/${w.riverside.id}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/a/${w.riverside.id}`);
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    const r = await get(`/a/${w.riverside.id}`, member);
    expect(r.status).toBe(200);
    expect(r.text).toContain('Riverside Tenants');
    expect(r.text).toContain('Yes 1 · No 0 · Abstain 0 (1 ballots)');
    // The secret ballot: a count, never the answers.
    expect(r.text).toContain('2 ballot(s) cast (secret ballot: tally at the close)');
    expect(r.text).toMatch(/<dt>Members<\/dt><dd>5<\/dd>/);
    expect(r.text).toContain('Committee');
  });

  it('GIVEN hostile markup in a motion title and body THEN every page shows it as text', async () => {
    for (const url of [`/a/${w.riverside.id}`, `/m/${w.motions.open.id}`]) {
      const r = await get(url, member);
      expect(r.text).not.toContain("<script>alert('x')</script>");
      expect(r.text).toContain('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;');
    }
    expect((await get(`/m/${w.motions.open.id}`, member)).text).toContain('Weekly &amp; &lt;b&gt;alphabetical&lt;/b&gt;.');
  });

  it('GIVEN forged, expired, malformed or oversized tokens THEN 403 and no page', async () => {
    const good = await w.token('ben');
    const forged = `${good.slice(0, -2)}${good.endsWith('AA') ? 'BB' : 'AA'}`;
    const otherKey = signToken(Buffer.from('another secret of thirty-two chars!!'), { personId: asPersonId('x'), expiresAt: new Date(Date.now() + 3600_000) });
    const expired = await w.token('ben', -1000);
    for (const t of [forged, otherKey, expired, 'nonsense', 'a'.repeat(500), '']) {
      const res = await w.app.request(`/auth?t=${encodeURIComponent(t)}&next=/a/${w.riverside.id}`);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('This personal link does not work');
    }
    // A forged cookie is nobody: the members-only page stays closed.
    expect((await get(`/a/${w.riverside.id}`, `plenary_t=${forged}`)).status).toBe(403);
    expect((await get(`/a/${w.riverside.id}`, `plenary_t=${expired}`)).status).toBe(403);
  });

  it('GIVEN a member who left WHEN their still-valid link is used THEN the page is refused', async () => {
    const eve = cookieOf(await w.app.request(`/auth?t=${await w.token('eve')}&next=/`));
    expect((await get(`/a/${w.riverside.id}`, eve)).status).toBe(200);
    const left = await w.s.run('eve', w.room, 'leave');
    expect(left.ok).toBe(true);
    expect((await get(`/a/${w.riverside.id}`, eve)).status).toBe(403);
    await w.s.run('eve', w.room, 'join --accept-values');
  });

  it('GIVEN the auth redirect WHEN next points elsewhere THEN it stays on this site', async () => {
    for (const next of ['//evil.example', 'https://evil.example', '/a/../../x', '/\\evil']) {
      const res = await w.app.request(`/auth?t=${await w.token('ben')}&next=${encodeURIComponent(next)}`);
      expect(res.headers.get('location')).toBe(next === '/a/../../x' ? '/' : '/');
    }
  });

  it('GIVEN a closed two-seat STV election THEN the motion page shows the stages, the result and a BLT download without voters', async () => {
    const r = await get(`/m/${w.motions.ranked.id}`, member);
    expect(r.status).toBe(200);
    expect(r.text).toContain('Count by stages');
    expect(r.text).toContain('Droop quota');
    expect(r.text).toMatch(/elected/);
    const blt = await get(`/m/${w.motions.ranked.id}/blt`, member);
    expect(blt.status).toBe(200);
    expect(blt.res.headers.get('content-disposition')).toContain('motion-3.blt');
    expect(blt.text.split('\n')[0]).toBe('3 2');
    for (const name of ['ana', 'ben', 'eve']) expect(blt.text).not.toMatch(new RegExp(`\\b${name}\\b`));
  });

  it('GIVEN the quorum and threshold THEN the motion page explains them in words', async () => {
    const r = await get(`/m/${w.motions.open.id}`, member);
    expect(r.text).toContain('of the active members must vote');
    expect(r.text).toContain('of the yes and no ballots must be yes');
  });

  it('GIVEN secret-ballot voters THEN no page, download or record names them', async () => {
    const urls = [`/a/${w.riverside.id}`, `/m/${w.motions.secret.id}`, `/m/${w.motions.open.id}`, `/record/${w.riverside.id}`, `/record/${w.riverside.id}/export`];
    for (const url of urls) {
      const r = await get(url, member);
      expect(r.status).toBe(200);
      for (const v of SECRET_VOTERS) expect(r.text).not.toContain(v);
    }
    const secret = await get(`/m/${w.motions.secret.id}`, member);
    expect(secret.text).toContain('2 ballot(s) cast');
    expect(secret.text).not.toMatch(/No 2/);
  });

  it('GIVEN the record page WHEN verify is pressed THEN it runs the audit and the assembly page remembers it', async () => {
    const res = await w.app.request(`/record/${w.riverside.id}/verify`, { method: 'POST', headers: { cookie: member } });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toContain('The record is intact');
    expect(text).toMatch(/1 closed motions recounted/);
    expect((await get(`/a/${w.riverside.id}`, member)).text).toMatch(/Last verified here<\/dt><dd>clean at/);
  });

  it('GIVEN bad input THEN 404/403/414 pages with no stack trace', async () => {
    const cases: [string, number][] = [
      ['/a/does-not-exist', 404],
      ['/a/%2e%2e%2f%2e%2e%2fetc%2fpasswd', 404],
      ['/a/..%2F..%2Fpackage.json', 404],
      ['/static/..%2Fserver.ts', 404],
      ['/m/zzz/blt', 404],
      ['/p/999999', 404],
      ['/p/not a ref', 404],
      ['/f/nope', 404],
      [`/a/${w.riverside.id}?x=${'y'.repeat(5000)}`, 414],
      ['/nothing/here', 404],
    ];
    for (const [url, status] of cases) {
      const r = await get(url);
      expect(r.status, url).toBe(status);
      expect(r.text).not.toMatch(/at .*\.ts:\d+|Error:|stack/i);
    }
  });

  it('GIVEN any page THEN it carries a strict CSP and no inline script', async () => {
    const r = await get(`/a/${w.riverside.id}`, member);
    const csp = r.res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(r.res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.text).not.toMatch(/<script>(?!alert)/);
    expect(r.text).not.toMatch(/ style=/);
  });

  it('GIVEN the web command THEN a member gets a personal link that opens the page, and an announcement carries its page', async () => {
    const reply = await w.s.run('ben', w.room, 'web');
    expect(reply.ok).toBe(true);
    expect(reply.first.visibility).toBe('personal');
    // Until when, in the Speech's one date format (not ISO): "it works until Thu 10 Dec, 14:26 UTC".
    expect(reply.text).toMatch(/it works until \w{3} \d{1,2} \w{3}, \d\d:\d\d UTC\)/);
    const url = /http:\/\/web\.test(\/auth\?\S+)/.exec(reply.text)?.[1];
    expect(url).toBeDefined();
    const res = await w.app.request(url ?? '');
    expect(res.status).toBe(303);
    expect((await get(`/a/${w.riverside.id}`, cookieOf(res))).status).toBe(200);
    const outsider = await w.s.run('stranger', w.room, 'web');
    expect(outsider.ok).toBe(false);
    const announced = w.s.chat.delivered.find((m) => m.message.title.includes('Motion #1 is open'));
    expect(announced?.message.fields?.find((f) => f.name === 'On the web')?.value).toBe(`http://web.test/m/${w.motions.open.id}`);
  });
});
