import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { except } from 'hono/combine';
import { secureHeaders } from 'hono/secure-headers';
import type { Logger } from '../../core/ports/logger.port.js';
import type { StoreReads } from '../../core/ports/store.port.js';
import type { Viewer } from './access.js';
import { ADMIN_CSP, ADMIN_PATHS, mountAdmin, type AdminDeps } from './admin.js';
import { ASSETS } from './assets.js';
import type { Html } from './html.js';
import type { Metrics } from './metrics.js';
import { assemblyPage } from './pages/assembly.page.js';
import { isRefusal, UUID_ID, type PageContext, type PageResult, type Refusal } from './pages/context.js';
import { errorPage, type ErrorKind } from './pages/errors.page.js';
import { homePage } from './pages/home.page.js';
import { lawPage } from './pages/law.page.js';
import { federationPage, mapChildrenFragment, mapNodePage, mapSearchPage } from './pages/map.page.js';
import { motionBlt, motionPage, visibleMotion } from './pages/motion.page.js';
import { proposalPage, referralPage } from './pages/proposal.page.js';
import { recordExport, recordIndexPage, recordPage, verifyRecord } from './pages/record.page.js';
import { VerificationLog } from './pages/verifications.js';
import { LevelCache } from './pages/level-cache.js';
import { liveTallyStream, VisibilityChecks } from './live-events.js';
import { RateLimiter } from './rate-limit.js';
import type { TallyHub } from './tally-hub.js';
import { verifyToken } from './token.js';

export interface WebDeps {
  readonly reads: StoreReads;
  readonly secret: Buffer;
  readonly now: () => Date;
  readonly log: Logger;
  readonly hub: TallyHub;
  readonly metrics: Metrics;
  /** Requests per minute per client address (default 240). */
  readonly perMinute?: number;
  /** Store ids look like this (default: UUIDs); anything else is a 404 before a query. */
  readonly idPattern?: RegExp;
  /** The client's address (the socket's; behind a proxy, the operator's choice). */
  readonly clientIp?: (c: Context) => string;
  /** Cookies marked Secure (the public URL is https). */
  readonly secureCookies?: boolean;
  /** How often an open live-tally connection re-checks that its viewer may still see the motion (default 5 s). */
  readonly liveRecheckMs?: number;
  /** The operators' queue dashboard at /admin; absent (no PLENARY_ADMIN_TOKEN): /admin is a 404. */
  readonly admin?: AdminDeps;
}

const COOKIE = 'plenary_t';
/** Longer URLs than any page needs are refused before routing (414). */
export const MAX_URL = 2048;

/** The web view as a Hono app: pages, SSE tallies, health and metrics. Nothing here writes to the store. */
export function createWebApp(d: WebDeps): Hono {
  const app = new Hono();
  const limiter = new RateLimiter(d.perMinute ?? 240);
  const idPattern = d.idPattern ?? UUID_ID;
  const verifications = new VerificationLog();
  const levels = new LevelCache(d.reads);
  const checks = new VisibilityChecks();
  const ip = d.clientIp ?? (() => 'unknown');

  const send = (c: Context, status: number, body: Html): Response => c.html(body.value, status as 200);
  const fail = (c: Context, kind: ErrorKind, ref?: string): Response => {
    const e = errorPage(kind, ref);
    d.metrics.inc('plenary_web_refusals_total', 'Web requests answered with an error page', { kind });
    return send(c, e.status, e.body);
  };
  const refusal = (c: Context, r: Refusal): Response => fail(c, r.refuse);
  const show = (c: Context, r: PageResult): Response => (isRefusal(r) ? refusal(c, r) : send(c, 200, r));

  app.use('*', async (c: Context, next) => {
    if (c.req.url.length > MAX_URL) return fail(c, 'too-long');
    if (c.req.path !== '/healthz' && c.req.path !== '/metrics' && !limiter.take(ip(c))) return fail(c, 'rate-limited');
    d.metrics.inc('plenary_web_requests_total', 'Web requests by route family', { route: c.req.path.split('/')[1] || 'home' });
    await next();
  });
  const pageHeaders = secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], styleSrc: ["'self'"], scriptSrc: ["'self'"], imgSrc: ["'self'"], connectSrc: ["'self'"], formAction: ["'self'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
    referrerPolicy: 'no-referrer',
    crossOriginEmbedderPolicy: false,
  });
  // bull-board needs a looser policy (see ADMIN_CSP); it applies under /admin alone.
  const adminHeaders = secureHeaders({ contentSecurityPolicy: ADMIN_CSP, referrerPolicy: 'no-referrer', crossOriginEmbedderPolicy: false });
  app.use('*', except(ADMIN_PATHS, pageHeaders));
  app.use('/admin', adminHeaders);
  app.use('/admin/*', adminHeaders);
  if (d.admin) mountAdmin(app, d.admin, () => d.metrics.inc('plenary_web_refusals_total', 'Web requests answered with an error page', { kind: 'admin-unauthorised' }));

  /** Who is looking: a valid token in the cookie names a person; a bad one counts as nobody. */
  const viewerOf = (c: Context): Viewer => {
    const t = getCookie(c, COOKIE);
    if (!t) return { personId: null };
    const v = verifyToken(d.secret, t, d.now());
    return { personId: v.ok ? v.token.personId : null };
  };
  const ctxOf = (c: Context): PageContext => ({ reads: d.reads, viewer: viewerOf(c), now: d.now, isId: (s) => idPattern.test(s), verifications, levels });
  const q = (c: Context, name: string): string | undefined => c.req.query(name);

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/metrics', async (c) => c.body(await d.metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4' }));
  app.get('/static/:file', (c) => {
    const a = ASSETS[c.req.param('file')];
    return a ? c.body(a.body, 200, { 'content-type': a.type, 'cache-control': 'public, max-age=3600' }) : fail(c, 'not-found');
  });

  // A personal link: /auth?t=TOKEN&next=/a/ID. The token moves into an HttpOnly cookie and out of the address bar.
  app.get('/auth', (c) => {
    const v = verifyToken(d.secret, q(c, 't') ?? '', d.now());
    if (!v.ok) {
      deleteCookie(c, COOKIE, { path: '/' });
      return fail(c, 'bad-token');
    }
    const next = q(c, 'next') ?? '/';
    const safe = /^\/[A-Za-z0-9/_-]*$/.test(next) && !next.startsWith('//') ? next : '/';
    setCookie(c, COOKIE, q(c, 't') ?? '', { path: '/', httpOnly: true, sameSite: 'Lax', secure: d.secureCookies ?? false, maxAge: Math.max(1, Math.floor((v.token.expiresAt.getTime() - d.now().getTime()) / 1000)) });
    return c.redirect(safe, 303);
  });

  app.get('/', async (c) => show(c, await homePage(ctxOf(c))));
  app.get('/a/:id', async (c) => show(c, await assemblyPage(ctxOf(c), c.req.param('id'))));
  app.get('/a/:id/laws/:n', async (c) => show(c, await lawPage(ctxOf(c), c.req.param('id'), c.req.param('n'))));
  app.get('/m/:id', async (c) => show(c, await motionPage(ctxOf(c), c.req.param('id'))));
  app.get('/m/:id/blt', async (c) => {
    const r = await motionBlt(ctxOf(c), c.req.param('id'));
    return 'refuse' in r ? refusal(c, r) : c.body(r.content, 200, { 'content-type': 'text/plain; charset=utf-8', 'content-disposition': `attachment; filename="${r.filename}"` });
  });
  app.get('/m/:id/events', async (c) => {
    const ctx = ctxOf(c);
    const found = await visibleMotion(ctx, c.req.param('id'));
    if ('refuse' in found) return refusal(c, found);
    const id = found.motion.id;
    const link = verifyToken(d.secret, getCookie(c, COOKIE) ?? '', d.now());
    const key = `${id}|${ctx.viewer.personId ?? ''}`;
    const recheckMs = d.liveRecheckMs ?? 5000;
    const ask = async (): Promise<boolean> => !('refuse' in (await visibleMotion(ctx, id)));
    return liveTallyStream(c, id, (update) => checks.check(key, ask, update ?? checks.roundOf(recheckMs)), { hub: d.hub, now: d.now, expiresAt: link.ok ? link.token.expiresAt : null, recheckMs });
  });
  app.get('/f/:fid', async (c) => show(c, await federationPage(ctxOf(c), c.req.param('fid'))));
  app.get('/f/:fid/search', async (c) => show(c, await mapSearchPage(ctxOf(c), c.req.param('fid'), q(c, 'q') ?? '')));
  app.get('/f/:fid/a/:aid', async (c) => show(c, await mapNodePage(ctxOf(c), c.req.param('fid'), c.req.param('aid'), q(c, 'after'))));
  app.get('/f/:fid/a/:aid/children', async (c) => show(c, await mapChildrenFragment(ctxOf(c), c.req.param('fid'), c.req.param('aid'), q(c, 'after'))));
  app.get('/p/:ref', async (c) => show(c, await proposalPage(ctxOf(c), c.req.param('ref'), q(c, 'v'))));
  app.get('/p/:ref/r/:rid', async (c) => show(c, await referralPage(ctxOf(c), c.req.param('ref'), c.req.param('rid'), q(c, 'after'))));
  app.get('/record', async (c) => show(c, await recordIndexPage(ctxOf(c), q(c, 'name'))));
  app.get('/record/:id', async (c) => show(c, await recordPage(ctxOf(c), c.req.param('id'))));
  app.post('/record/:id/verify', async (c) => show(c, await verifyRecord(ctxOf(c), c.req.param('id'))));
  app.get('/record/:id/export', async (c) => {
    const r = await recordExport(ctxOf(c), c.req.param('id'));
    if ('refuse' in r) return refusal(c, r);
    const lines: string[] = [];
    for await (const l of r.lines) lines.push(l);
    return c.body(`${lines.join('\n')}\n`, 200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'content-disposition': `attachment; filename="${r.filename}"` });
  });

  app.notFound((c) => fail(c, 'not-found'));
  app.onError((e, c) => {
    const ref = randomUUID();
    d.log.error({ err: e, ref, path: c.req.path }, 'web page failed');
    return fail(c, 'error', ref);
  });
  return app;
}
