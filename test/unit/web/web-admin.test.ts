import { describe, expect, it } from 'vitest';
import { type AdminDeps, type LaneDepth } from '../../../src/adapters/web/admin.js';
import { Metrics } from '../../../src/adapters/web/metrics.js';
import { createWebApp } from '../../../src/adapters/web/server.js';
import { TallyHub } from '../../../src/adapters/web/tally-hub.js';
import { signToken } from '../../../src/adapters/web/token.js';
import { adminFromConfig } from '../../../src/bots/web.js';
import { loadConfig } from '../../../src/bots/config.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { describeAssembly } from '../../../src/core/testing/scenario.js';
import { ANY_ID, WEB_SECRET } from '../../support/web-fixture.js';
import { recordingLogger } from '../../support/recording-logger.js';

const TOKEN = 'op-0123456789abcdef0123456789abcdef';
const LANES: LaneDepth[] = [
  { lane: 'relay', waiting: 12, delayed: 3, active: 2, failed: 1 },
  { lane: 'platform.discord', waiting: 0, delayed: 0, active: 0, failed: 0 },
];
const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function world(admin?: AdminDeps) {
  const { s, room } = await describeAssembly({ name: 'Garden', members: ['ana'] });
  const app = createWebApp({ reads: s.deps.store.read, secret: WEB_SECRET, now: () => s.clock.now(), log: silentLogger, hub: new TallyHub(s.deps.store.read), metrics: new Metrics(), idPattern: ANY_ID, ...(admin ? { admin } : {}) });
  const ana = await s.deps.store.read.personByAccount('console', 'ana');
  const memberToken = signToken(WEB_SECRET, { personId: ana?.id ?? ('' as never), expiresAt: new Date(s.clock.now().getTime() + 3600_000) });
  return { s, room, app, memberToken };
}

describe('/admin: the operators’ queue dashboard', () => {
  it('GIVEN no PLENARY_ADMIN_TOKEN THEN /admin is not there at all (404), whatever is presented', async () => {
    const { app } = await world();
    for (const headers of [{}, { authorization: basic('admin', TOKEN) }, { authorization: `Bearer ${TOKEN}` }]) {
      expect((await app.request('/admin', { headers })).status).toBe(404);
      expect((await app.request('/admin/api/queues', { headers })).status).toBe(404);
    }
  });

  it('GIVEN a token THEN nobody without it gets in: no credentials, a wrong one, a member’s personal link as cookie, bearer or password → 401 with a Basic challenge', async () => {
    const { app, memberToken } = await world({ token: TOKEN, dashboard: { kind: 'in-process', lanes: () => Promise.resolve(LANES) } });
    // The member's link works on the pages…
    const auth = await app.request(`/auth?t=${memberToken}&next=/`);
    const cookie = (auth.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^plenary_t=/);
    // …and is no key to /admin, however it is presented.
    const attempts: Record<string, string>[] = [
      {},
      { cookie },
      { authorization: `Bearer ${memberToken}` },
      { authorization: basic('admin', memberToken), cookie },
      { authorization: basic('admin', `${TOKEN}x`) },
      { authorization: basic('admin', TOKEN.slice(0, -1)) },
      { authorization: `Bearer ${TOKEN} ` + 'x' },
      { authorization: `Basic ${Buffer.from(TOKEN).toString('base64')}` }, // no user:password shape
      { authorization: 'Basic !!!' },
      { authorization: TOKEN },
    ];
    for (const headers of attempts) {
      for (const path of ['/admin', '/admin/', '/admin/api/queues', '/admin/static/x.js']) {
        const r = await app.request(path, { headers });
        expect(r.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(r.headers.get('www-authenticate')).toMatch(/^Basic realm="Plenary operators"/);
        expect(await r.text()).not.toContain('relay');
      }
    }
  });

  it('GIVEN the token (Basic with any user name, or Bearer) THEN the in-process page shows each lane’s depth, under the /admin CSP, never cached', async () => {
    const { app } = await world({ token: TOKEN, dashboard: { kind: 'in-process', lanes: () => Promise.resolve(LANES) } });
    for (const authorization of [basic('admin', TOKEN), basic('', TOKEN), basic('ops', TOKEN), `Bearer ${TOKEN}`, `bearer ${TOKEN}`]) {
      const r = await app.request('/admin', { headers: { authorization } });
      expect(r.status).toBe(200);
      const body = await r.text();
      expect(body).toContain('in process (no REDIS_URL)');
      expect(body).toMatch(/<th scope="row">relay<\/th><td class="num">12<\/td><td class="num">3<\/td><td class="num">2<\/td><td class="num">1<\/td>/);
      expect(body).toContain('platform.discord');
      expect(r.headers.get('content-security-policy')).toBe("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'");
      expect(r.headers.get('cache-control')).toBe('no-store');
    }
    // The relaxed policy is /admin's alone: pages keep theirs.
    const home = await app.request('/');
    expect(home.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(home.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect((await app.request('/administrator')).headers.get('content-security-policy')).not.toContain('unsafe-inline');
  });

  it('GIVEN a process without a queue of its own (plenary web, no Redis) THEN /admin says where the queue lives rather than showing an empty board', async () => {
    const { app } = await world({ token: TOKEN, dashboard: { kind: 'elsewhere' } });
    const body = await (await app.request('/admin', { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    expect(body).toContain('This process runs no job queue');
    expect(body).toContain('plenary start');
  });

  it('GIVEN the configuration THEN no token means no /admin (logged), a short token or the web secret reused is refused', () => {
    const log = recordingLogger();
    const cfg = loadConfig({});
    if (!cfg.ok) throw new Error(cfg.problems.join());
    expect(adminFromConfig(cfg.config, log, undefined)).toBeNull();
    expect(log.entries.map((l) => l.message)).toContain('the queue dashboard (/admin) is not served: set PLENARY_ADMIN_TOKEN to turn it on');
    const short = loadConfig({ PLENARY_ADMIN_TOKEN: 'hunter2' });
    expect(short.ok ? [] : short.problems).toEqual([expect.stringMatching(/^PLENARY_ADMIN_TOKEN: expected at least 32 characters/)]);
    const same = loadConfig({ PLENARY_ADMIN_TOKEN: TOKEN, PLENARY_WEB_SECRET: TOKEN });
    expect(same.ok ? [] : same.problems).toEqual(['PLENARY_ADMIN_TOKEN: must differ from PLENARY_WEB_SECRET (the secret that signs members\' links is no operator password)']);
    const good = loadConfig({ PLENARY_ADMIN_TOKEN: TOKEN });
    if (!good.ok) throw new Error(good.problems.join());
    expect(adminFromConfig(good.config, log, undefined)?.admin.dashboard).toEqual({ kind: 'elsewhere' });
  });
});
