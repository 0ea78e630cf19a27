import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../../src/adapters/persistence/prisma-store.js';
import { webLinks } from '../../../src/adapters/web/links.js';
import { Metrics } from '../../../src/adapters/web/metrics.js';
import { createWebApp } from '../../../src/adapters/web/server.js';
import { TallyHub } from '../../../src/adapters/web/tally-hub.js';
import { signToken } from '../../../src/adapters/web/token.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { describeAssembly, type Scenario } from '../../../src/core/testing/scenario.js';
import { testDatabase, type TestDatabase } from '../../support/test-database.js';
import { WEB_SECRET } from '../../support/web-fixture.js';

/*
 * A personal link is checked on every request, and an open live-tally
 * connection keeps checking: rows changed behind the program's back (straight
 * SQL on PostgreSQL, no command), a token whose payload was edited, an
 * assembly turned off: the next request is refused, and an open SSE
 * connection says `closed` and ends.
 */
const RECHECK_MS = 100;

interface Events {
  readonly tallies: string[];
  readonly closed: string[];
  readonly ended: boolean;
}

/** Reads an SSE response until it ends or `ms` pass. */
async function follow(res: Response, ms: number, onOpen?: () => Promise<void>): Promise<Events> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const out = { tallies: [] as string[], closed: [] as string[], ended: false };
  let buf = '';
  const deadline = Date.now() + ms;
  let opened = false;
  // One read outstanding at a time: a read abandoned to a timeout would swallow the chunk it later gets.
  let pending: Promise<{ done: boolean; value?: Uint8Array | undefined }> | null = null;
  while (Date.now() < deadline) {
    pending ??= reader.read();
    const chunk = await Promise.race([pending, new Promise<null>((r) => setTimeout(() => r(null), 50))]);
    if (chunk) pending = null;
    if (chunk?.done) {
      out.ended = true;
      break;
    }
    if (chunk?.value) buf += new TextDecoder().decode(chunk.value);
    for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const data = block.split('\n').find((l) => l.startsWith('data: '))?.slice(6) ?? '';
      if (block.includes('event: tally')) out.tallies.push((JSON.parse(data) as { text: string }).text);
      if (block.includes('event: closed')) out.closed.push(data);
    }
    if (!opened && out.tallies.length > 0) {
      opened = true;
      await onOpen?.();
    }
  }
  await reader.cancel().catch(() => undefined);
  return out;
}

describe('personal links and live tallies when rows change behind the program’s back (PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PrismaStore;
  const sql = (text: string, params: unknown[]): Promise<unknown> => db.sql.withSession((s) => s.query(text, params));
  beforeAll(async () => {
    db = await testDatabase();
    store = new PrismaStore(db.prisma, { sql: db.sql });
  }, 60_000);
  afterAll(async () => db.close());

  /** An assembly (members-only, or as `policy` says) with an open motion ben voted on, and the web app over the store. */
  async function world(name: string, policy: Record<string, string> = {}) {
    let s: Scenario | null = null;
    const now = (): Date => (s ? s.clock.now() : new Date());
    const made = await describeAssembly({ name, members: ['ana', 'ben', 'cy'], policy }, { store, web: webLinks({ baseUrl: 'http://web.test', secret: WEB_SECRET, now }) });
    s = made.s;
    const sc = made.s;
    const assembly = await store.read.assemblyByName(name);
    if (!assembly) throw new Error('no assembly');
    expect((await sc.run('ana', made.room, 'motion propose "Paint the hall"')).ok).toBe(true);
    expect((await sc.run('ben', made.room, 'vote 1 yes')).ok).toBe(true);
    const motion = await store.read.motionByNumber(assembly.id, 1);
    if (!motion) throw new Error('no motion');
    const hub = new TallyHub(store.read, 20);
    const app = createWebApp({ reads: store.read, secret: WEB_SECRET, now, log: silentLogger, hub, metrics: new Metrics(), liveRecheckMs: RECHECK_MS, perMinute: 100_000 });
    const cookieOf = async (user: string): Promise<string> => {
      const link = /http:\/\/web\.test(\/auth\?\S+)/.exec((await sc.run(user, made.room, 'web')).text)?.[1] ?? '';
      const res = await app.request(link);
      expect(res.status).toBe(303);
      return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    };
    const person = async (user: string) => {
      const p = await store.read.personByAccount('console', user);
      if (!p) throw new Error(`no ${user}`);
      return p;
    };
    return { s: sc, room: made.room, assembly, motion, hub, app, cookieOf, person };
  }

  it('GIVEN ben’s link WHEN his membership is ended in the database THEN his next page is refused and his open live connection closes', async () => {
    const w = await world('Hall one');
    const cookie = await w.cookieOf('ben');
    expect((await w.app.request(`/a/${w.assembly.id}`, { headers: { cookie } })).status).toBe(200);
    const ben = await w.person('ben');
    const stream = await w.app.request(`/m/${w.motion.id}/events`, { headers: { cookie } });
    expect(stream.status).toBe(200);
    const events = await follow(stream, 5000, async () => {
      await sql(`UPDATE membership SET status = 'left' WHERE assembly_id = $1::uuid AND person_id = $2::uuid`, [w.assembly.id, ben.id]);
      // A vote after the removal must not reach him.
      expect((await w.s.run('cy', w.room, 'vote 1 no')).ok).toBe(true);
    });
    expect(events, JSON.stringify(events)).toMatchObject({ tallies: ['Yes 1 · No 0 · Abstain 0 (1 ballots)'] });
    expect(events.tallies).not.toContain('Yes 1 · No 1 · Abstain 0 (2 ballots)');
    expect(events.closed).toEqual(['not visible to you any more']);
    expect(events.ended).toBe(true);
    expect(w.hub.connections).toBe(0);
    for (const path of [`/a/${w.assembly.id}`, `/m/${w.motion.id}`, `/m/${w.motion.id}/events`, `/record/${w.assembly.id}`]) {
      const r = await w.app.request(path, { headers: { cookie } });
      expect(r.status, path).toBe(403);
      expect(await r.text()).toContain('Members only');
    }
    // cy, still a member, still sees it.
    expect((await w.app.request(`/a/${w.assembly.id}`, { headers: { cookie: await w.cookieOf('cy') } })).status).toBe(200);
    w.hub.close();
  });

  it('GIVEN a link whose payload is edited (another person, a later expiry) with the signature kept THEN it is refused, as a link and as a cookie', async () => {
    const w = await world('Hall two');
    const cookie = await w.cookieOf('ben');
    const token = decodeURIComponent(cookie.slice('plenary_t='.length));
    const [payload = '', mac = ''] = token.split('.');
    const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { p: string; e: number };
    const ana = await w.person('ana');
    const edits = [
      { ...body, p: ana.id },
      { ...body, e: body.e + 30 * 24 * 3600 },
      { p: body.p, e: body.e, admin: true },
    ];
    for (const edited of edits) {
      const forged = `${Buffer.from(JSON.stringify(edited)).toString('base64url')}.${mac}`;
      const link = await w.app.request(`/auth?t=${forged}&next=/a/${w.assembly.id}`);
      expect(link.status).toBe(403);
      expect(await link.text()).toContain('This personal link does not work');
      expect(link.headers.get('set-cookie')).toMatch(/plenary_t=;/);
      for (const path of [`/a/${w.assembly.id}`, `/m/${w.motion.id}/events`]) expect((await w.app.request(path, { headers: { cookie: `plenary_t=${forged}` } })).status, path).toBe(403);
    }
    // A token signed with another secret for the same person: refused too.
    const otherSecret = signToken(Buffer.from('another-secret-another-secret-xx'), { personId: (await w.person('ben')).id, expiresAt: new Date(w.s.clock.now().getTime() + 3600_000) });
    expect((await w.app.request(`/a/${w.assembly.id}`, { headers: { cookie: `plenary_t=${otherSecret}` } })).status).toBe(403);
    // The untouched one still works.
    expect((await w.app.request(`/a/${w.assembly.id}`, { headers: { cookie } })).status).toBe(200);
    w.hub.close();
  });

  it('GIVEN open pages WHEN the assembly’s web-visibility is set to off in the database THEN members and strangers are refused and live connections close', async () => {
    const w = await world('Hall three', { 'web-visibility': 'public' });
    const cookie = await w.cookieOf('ben');
    expect((await w.app.request(`/m/${w.motion.id}`)).status).toBe(200);
    const [member, stranger] = await Promise.all([w.app.request(`/m/${w.motion.id}/events`, { headers: { cookie } }), w.app.request(`/m/${w.motion.id}/events`)]);
    const turnOff = async (): Promise<void> => {
      await sql(`UPDATE assembly SET policy = jsonb_set(policy, '{webVisibility}', '"off"') WHERE id = $1::uuid`, [w.assembly.id]);
    };
    const [a, b] = await Promise.all([follow(member, 5000, turnOff), follow(stranger, 5000)]);
    for (const e of [a, b]) {
      expect(e.closed).toEqual(['not visible to you any more']);
      expect(e.ended).toBe(true);
    }
    expect(w.hub.connections).toBe(0);
    for (const headers of [{ cookie }, {}]) {
      const r = await w.app.request(`/m/${w.motion.id}`, { headers });
      expect(r.status).toBe(403);
      expect(await r.text()).toContain('Not on the web');
      expect((await w.app.request(`/m/${w.motion.id}/events`, { headers })).status).toBe(403);
    }
    w.hub.close();
  });

  it('GIVEN an open live connection WHEN the link behind it expires THEN it closes', async () => {
    const w = await world('Hall four');
    const ben = await w.person('ben');
    const shortLived = signToken(WEB_SECRET, { personId: ben.id, expiresAt: new Date(w.s.clock.now().getTime() + 60_000) });
    const stream = await w.app.request(`/m/${w.motion.id}/events`, { headers: { cookie: `plenary_t=${shortLived}` } });
    expect(stream.status).toBe(200);
    const events = await follow(stream, 5000, () => {
      w.s.clock.advance(61_000);
      return Promise.resolve();
    });
    expect(events.closed).toEqual(['not visible to you any more']);
    expect(events.ended).toBe(true);
    w.hub.close();
  });
});
