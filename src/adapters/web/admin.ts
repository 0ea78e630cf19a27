import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { html, type Html } from './html.js';
import { facts, page } from './layout.js';

/** Jobs in one lane of the queue, as the `JobQueue` port counts them. */
export interface LaneDepth {
  readonly lane: string;
  readonly waiting: number;
  readonly delayed: number;
  readonly active: number;
  readonly failed: number;
}

/**
 * What `/admin` shows. With Redis, bull-board over BullMQ (a Hono app that
 * expects to be mounted at `/admin`). Without it there is no BullMQ to show:
 * the in-process queue's lanes counted through our own port, or nothing when
 * this process runs no queue (`plenary web` beside bots that hold theirs).
 */
export type QueueDashboard =
  | { readonly kind: 'bull-board'; readonly app: Hono }
  | { readonly kind: 'in-process'; readonly lanes: () => Promise<readonly LaneDepth[]> }
  | { readonly kind: 'elsewhere' };

export interface AdminDeps {
  /** PLENARY_ADMIN_TOKEN: the operator's secret; without it `/admin` is not mounted at all. */
  readonly token: string;
  readonly dashboard: QueueDashboard;
}

/** The user name a browser's password prompt asks for; only the password (the token) is checked. */
export const ADMIN_USER = 'admin';
export const ADMIN_REALM = 'Plenary operators';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** The secret from `Authorization: Bearer <token>` or Basic auth (any user name, the token as password). */
function presented(header: string | undefined): string | null {
  if (!header) return null;
  const bearer = /^Bearer\s+(\S{1,512})$/i.exec(header);
  if (bearer?.[1]) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]{1,1024})$/i.exec(header);
  if (!basic?.[1]) return null;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : decoded.slice(colon + 1);
}

/**
 * Operators only: the admin token, compared in constant time (digests, so
 * the length is not leaked either). A member's personal link is no key here:
 * its cookie is never read, and a member token given as the password is just
 * a wrong password. Every refusal is a 401 with a Basic challenge, so a
 * browser asks again; the per-address rate limit in front counts the tries.
 */
export function requireAdmin(token: string, onRefused: (c: Context) => void): MiddlewareHandler {
  const expected = digest(token);
  return async (c, next) => {
    const given = presented(c.req.header('authorization'));
    if (given === null || !timingSafeEqual(digest(given), expected)) {
      onRefused(c);
      c.header('WWW-Authenticate', `Basic realm="${ADMIN_REALM}", charset="UTF-8"`);
      c.header('Cache-Control', 'no-store');
      return c.text('Operators only: sign in with PLENARY_ADMIN_TOKEN as the password (or send it as a Bearer token).', 401);
    }
    await next();
    c.header('Cache-Control', 'no-store');
  };
}

/**
 * bull-board's UI is a React app: its own scripts and stylesheet from
 * `/admin/static`, inline style attributes, data: icons. This policy is
 * scoped to `/admin` only; the member pages keep theirs (no inline anything).
 */
export const ADMIN_CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
};

/** `/admin` and everything under it: the paths the relaxed policy (and the token) covers. */
export const ADMIN_PATHS = ['/admin', '/admin/*'];

/** Mounts `/admin` on the web app (the caller has checked the token is configured). */
export function mountAdmin(app: Hono, d: AdminDeps, onRefused: (c: Context) => void): void {
  app.use('/admin', requireAdmin(d.token, onRefused));
  app.use('/admin/*', requireAdmin(d.token, onRefused));
  const dash = d.dashboard;
  if (dash.kind === 'bull-board') {
    app.route('/admin', dash.app);
    return;
  }
  const show = async (c: Context): Promise<Response> => c.html(inProcessPage(dash.kind === 'in-process' ? await dash.lanes() : null).value);
  app.get('/admin', show);
  app.get('/admin/', show);
}

/** The page in place of bull-board when there is no BullMQ: what the in-process queue holds, lane by lane. */
export function inProcessPage(lanes: readonly LaneDepth[] | null): Html {
  const body =
    lanes === null
      ? html`<p>This process runs no job queue. Without <code>REDIS_URL</code> the queue lives in memory inside the process that runs the bots and workers (<code>plenary start</code>); its <code>/admin</code> shows it, and <code>/metrics</code> there has <code>plenary_queue_jobs</code> per lane.</p>`
      : html`<p>Jobs in the in-process queue of this process, per lane. They live in memory: after a stop, the next start queues them again from the outbox and the deadline sweep.</p>
<table><caption>In-process queue</caption><thead><tr><th scope="col">Lane</th><th scope="col" class="num">Waiting</th><th scope="col" class="num">Delayed</th><th scope="col" class="num">Running</th><th scope="col" class="num">Failed for good</th></tr></thead><tbody>
${lanes.length === 0 ? html`<tr><td colspan="5">No lane has been used yet.</td></tr>` : lanes.map((l) => html`<tr><th scope="row">${l.lane}</th><td class="num">${l.waiting}</td><td class="num">${l.delayed}</td><td class="num">${l.active}</td><td class="num">${l.failed}</td></tr>`)}
</tbody></table>`;
  return page(
    { title: 'Queue', kind: 'admin-page' },
    html`<h1>Job queue</h1>
${facts([['Backend', 'in process (no REDIS_URL)']])}
${body}
<p class="muted">With <code>REDIS_URL</code> set, jobs live in Redis (BullMQ) and this page is the bull-board dashboard.</p>`,
  );
}
