import { beforeAll, describe, expect, it } from 'vitest';
import { Metrics } from '../../../src/adapters/web/metrics.js';
import { createWebApp } from '../../../src/adapters/web/server.js';
import { TallyHub } from '../../../src/adapters/web/tally-hub.js';
import { signToken } from '../../../src/adapters/web/token.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import type { Assembly } from '../../../src/core/model/entities.js';
import type { Scenario } from '../../../src/core/testing/scenario.js';
import { ANY_ID, WEB_SECRET } from '../../support/web-fixture.js';
import type { Sent } from '../../support/relay-drain.js';
import { lawScenario, runScript, TWO_TOWNS } from '../laws/law-script.js';

const HOSTILE = `<script>alert('x')</script>`;
const ESCAPED = '&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;';

/** North (public on the web): law 1 passed with a hostile title, then amended; law 2 repealed; a committee carrying out law 1, seated, reporting. */
const NORTH = `
/in north
/as ana
assembly setup North
assembly policy web-visibility public
/as ben
join
/as cy
join
/as ana
motion propose "${HOSTILE} Fridge rota" --body "The fridge is cleaned every Monday by <b>everyone</b>."
motion propose "Quiet hours" --body "No noise after 22:00."
/as ana
vote 1 yes
vote 2 yes
/as ben
vote 1 yes
vote 2 yes
/as cy
vote 1 yes
vote 2 yes
/as ana
motion propose "Fridge on Fridays" --kind amend-law --law 1 --body "The fridge is cleaned every Friday by <b>everyone</b>."
motion propose "No more quiet" --kind repeal-law --law 2
motion propose "Fridge committee" --kind committee --name "Fridge Committee" --mandate "Keep <i>the</i> rota" --law 1 --seats 2 --term-days 30
vote 3 yes
vote 4 yes
vote 5 yes
/as ben
vote 3 yes
vote 4 yes
vote 5 yes
/as cy
vote 3 yes
vote 4 yes
vote 5 yes
/in fridge
/as ana
committee room Fridge Committee
/in north
nominate "Fridge Committee" --person ben
/as ben
nomination accept "Fridge Committee"
/as ana
committee elect "Fridge Committee"
vote 6 1>2
/as ben
vote 6 1>2
/as cy
vote 6 1>2
/in fridge
/as ben
committee report "Cleaned; <img src=x onerror=alert(1)> seals need replacing."
`;

describe('the web view of a law book and its committees', () => {
  let s: Scenario;
  let north: Assembly;
  let app: ReturnType<typeof createWebApp>;
  const get = async (url: string, cookie = ''): Promise<{ status: number; text: string }> => {
    const res = await app.request(url, cookie ? { headers: { cookie } } : {});
    return { status: res.status, text: await res.text() };
  };
  beforeAll(async () => {
    s = lawScenario();
    const sent: Sent[] = [];
    await runScript(s, sent, NORTH);
    north = (await s.deps.store.read.assemblyByName('North'))!;
    app = createWebApp({ reads: s.deps.store.read, secret: WEB_SECRET, now: () => s.clock.now(), log: silentLogger, hub: new TallyHub(s.deps.store.read, 20), metrics: new Metrics(), idPattern: ANY_ID, perMinute: 100_000 });
  });

  it('GIVEN laws and a committee THEN the assembly page lists the laws in force (linked) and the committee with its mandate, seats, members and term', async () => {
    const r = await get(`/a/${north.id}`);
    expect(r.status).toBe(200);
    expect(r.text).toContain('<h2>Laws</h2>');
    expect(r.text).toContain(`<a href="/a/${north.id}/laws/1">${ESCAPED} Fridge rota</a>`);
    expect(r.text).not.toContain(`/laws/2"`);
    expect(r.text).toContain('<h2>Committees</h2>');
    expect(r.text).toContain('Fridge Committee');
    expect(r.text).toContain('Keep &lt;i&gt;the&lt;/i&gt; rota');
    expect(r.text).toContain('1 of 2: ben');
    expect(r.text).toContain(new Date(s.clock.now().getTime() + 30 * 86_400_000).toISOString().slice(0, 7));
    expect(r.text).not.toContain(HOSTILE);
    expect(r.text).not.toContain('<i>the</i>');
  });

  it('GIVEN an amended law with a report kept under it THEN its page shows text, origin, versions with the diff and the report, all escaped', async () => {
    const r = await get(`/a/${north.id}/laws/1`);
    expect(r.status).toBe(200);
    expect(r.text).toContain(`Law 1: ${ESCAPED} Fridge rota`);
    expect(r.text).toContain('The fridge is cleaned every Friday by &lt;b&gt;everyone&lt;/b&gt;.');
    expect(r.text).toContain('<del>- The fridge is cleaned every Monday by &lt;b&gt;everyone&lt;/b&gt;.</del>');
    expect(r.text).toContain('<ins>+ The fridge is cleaned every Friday by &lt;b&gt;everyone&lt;/b&gt;.</ins>');
    const m1 = (await s.deps.store.read.motionByNumber(north.id, 1))!;
    expect(r.text).toContain(`<a href="/m/${m1.id}">motion #1 ${ESCAPED} Fridge rota</a>`);
    expect(r.text).toContain('motion #3');
    expect(r.text).toContain('Fridge Committee (ben): Cleaned; &lt;img src=x onerror=alert(1)&gt; seals need replacing.');
    for (const bad of [HOSTILE, '<b>everyone</b>', '<img src=x']) expect(r.text).not.toContain(bad);
  });

  it('GIVEN a repealed law THEN its page says by which motion; unknown, malformed and out-of-range numbers are 404', async () => {
    const r = await get(`/a/${north.id}/laws/2`);
    expect(r.status).toBe(200);
    expect(r.text).toMatch(/repealed by <a href="\/m\/[^"]+">motion #4<\/a>/);
    for (const n of ['3', '0', '-1', '01', 'abc', '99999999999', '1.5']) expect((await get(`/a/${north.id}/laws/${n}`)).status).toBe(404);
    const committee = (await s.deps.store.read.assemblyByName('Fridge Committee'))!;
    // A committee keeps no law book: never a law page (its own visibility refuses first, or 404).
    expect([403, 404]).toContain((await get(`/a/${committee.id}/laws/1`)).status);
  });

  it('GIVEN web-visibility members, then off THEN the law page follows the assembly page: members with a link see it, strangers get 403, then nobody sees it', async () => {
    const fresh = lawScenario();
    await runScript(fresh, [], NORTH.replace('web-visibility public', 'web-visibility members'));
    const a = (await fresh.deps.store.read.assemblyByName('North'))!;
    const web = createWebApp({ reads: fresh.deps.store.read, secret: WEB_SECRET, now: () => fresh.clock.now(), log: silentLogger, hub: new TallyHub(fresh.deps.store.read, 20), metrics: new Metrics(), idPattern: ANY_ID, perMinute: 100_000 });
    const ben = (await fresh.deps.store.read.personByAccount('console', 'ben'))!;
    const cookie = `plenary_t=${signToken(WEB_SECRET, { personId: ben.id, expiresAt: new Date(fresh.clock.now().getTime() + 3600_000) })}`;
    const at = async (c = '') => {
      const res = await web.request(`/a/${a.id}/laws/1`, c ? { headers: { cookie: c } } : {});
      return { status: res.status, text: await res.text() };
    };
    const stranger = await at();
    expect(stranger.status).toBe(403);
    expect(stranger.text).toContain('Members only');
    expect(stranger.text).not.toContain('Fridge');
    expect((await at(cookie)).status).toBe(200);
    expect((await fresh.run('ana', 'north', 'assembly policy web-visibility off')).ok).toBe(true);
    for (const c of ['', cookie]) {
      const off = await at(c);
      expect(off.status).toBe(403);
      expect(off.text).toContain('Not on the web');
      expect(off.text).not.toContain('Fridge');
    }
    expect((await web.request(`/a/${a.id}`)).status).toBe(403);
  });

  it('GIVEN a law taken in from an adopted federation proposal THEN its page links the proposal and the federation', async () => {
    const fed = lawScenario();
    await runScript(fed, [], `${TWO_TOWNS}
/in valley
/as ana
proposal draft "Night buses" --text "Run a night bus on Fridays." --rule 1
vote 1 yes
/as dan
vote 1 yes
/in north
/as ana
assembly policy web-visibility public
vote 3 yes
/as ben
vote 3 yes
/as cy
vote 3 yes
`);
    const town = (await fed.deps.store.read.assemblyByName('North'))!;
    const law = (await fed.deps.store.read.laws.law(town.id, 1))!;
    const web = createWebApp({ reads: fed.deps.store.read, secret: WEB_SECRET, now: () => fed.clock.now(), log: silentLogger, hub: new TallyHub(fed.deps.store.read, 20), metrics: new Metrics(), idPattern: ANY_ID, perMinute: 100_000 });
    const res = await web.request(`/a/${town.id}/laws/1`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toContain('Run a night bus on Fridays.');
    expect(text).toContain(`<a href="/p/${law.source!.proposalId}">P-1</a>`);
    expect(text).toContain(`<a href="/f/${law.source!.federationId}">Valley Transport</a>`);
    // The law names North's response motion that accepted it, linked.
    const response = (await fed.deps.store.read.motions(town.id)).find((m) => m.kind === 'proposal-response')!;
    expect(response.status).toBe('passed');
    expect(law.source!.acceptedByMotion).toBe(response.number);
    expect(text).toContain(`, accepted by <a href="/m/${response.id}">motion #${response.number}</a> and adopted`);
  });
});
