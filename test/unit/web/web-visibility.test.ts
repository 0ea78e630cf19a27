import { describe, expect, it } from 'vitest';
import { webLinks } from '../../../src/adapters/web/links.js';
import { Metrics } from '../../../src/adapters/web/metrics.js';
import { createWebApp } from '../../../src/adapters/web/server.js';
import { TallyHub } from '../../../src/adapters/web/tally-hub.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { describeAssembly } from '../../../src/core/testing/scenario.js';
import { ANY_ID, WEB_SECRET } from '../../support/web-fixture.js';

describe('web-visibility: each assembly decides who sees its pages', () => {
  it('GIVEN the facilitator sets public, then off THEN strangers see it, then nobody does, members included; a bad value is refused', async () => {
    let now = (): Date => new Date();
    const { s, room } = await describeAssembly({ name: 'Garden', members: ['ana', 'ben'] }, { web: webLinks({ baseUrl: 'https://plenary.example.org/', secret: WEB_SECRET, now: () => now() }) });
    now = () => s.clock.now();
    const app = createWebApp({ reads: s.deps.store.read, secret: WEB_SECRET, now, log: silentLogger, hub: new TallyHub(s.deps.store.read), metrics: new Metrics(), idPattern: ANY_ID });
    const garden = await s.deps.store.read.assemblyByName('Garden');
    const page = `/a/${garden?.id ?? ''}`;
    expect(garden?.policy.webVisibility).toBe('members');
    expect((await app.request(page)).status).toBe(403);

    const link = /https:\/\/plenary\.example\.org(\/auth\?\S+)/.exec((await s.run('ben', room, 'web')).text)?.[1] ?? '';
    const cookie = ((await app.request(link)).headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect((await app.request(page, { headers: { cookie } })).status).toBe(200);

    const bad = await s.run('ana', room, 'assembly policy web-visibility everyone');
    expect(bad.ok).toBe(false);
    expect(bad.text).toContain('public (anyone), members');
    expect((await s.run('ben', room, 'assembly policy web-visibility public')).ok).toBe(false);

    expect((await s.run('ana', room, 'assembly policy web-visibility public')).ok).toBe(true);
    expect((await app.request(page)).status).toBe(200);
    expect((await s.run('ana', room, 'assembly show')).text).toContain('Web view: public');

    expect((await s.run('ana', room, 'assembly policy web-visibility off')).ok).toBe(true);
    const off = await app.request(page, { headers: { cookie } });
    expect(off.status).toBe(403);
    expect(await off.text()).toContain('Not on the web');
    const asked = await s.run('ben', room, 'web');
    expect(asked.ok).toBe(false);
    expect(asked.text).toContain('web-visibility off');
  });

  it('GIVEN no web view configured THEN the web command says so', async () => {
    const { s, room } = await describeAssembly({ name: 'Plain', members: ['ana'] });
    const r = await s.run('ana', room, 'web');
    expect(r.ok).toBe(false);
    expect(r.text).toContain('PLENARY_WEB_URL');
  });
});
