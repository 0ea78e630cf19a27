import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildMessages, buildSync, parseFilter, parseToken, wireEvent } from './matrix-double-sync.js';
import { DoubleWorld, MatrixError } from './matrix-double-world.js';

export interface RateLimitRule {
  /** How many matching requests are refused with 429. */
  remaining: number;
  readonly retryAfterMs: number;
  /** Retry-After header (whole seconds, as HTTP says) or the body's retry_after_ms. */
  readonly via: 'header' | 'body';
  /** `user` is the requester when the access token is known, else ''. */
  readonly match: (method: string, path: string, user: string) => boolean;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

type Handler = (ctx: { user: string; token: string; q: URLSearchParams; body: Record<string, unknown>; p: string[] }) => unknown;

/**
 * A loopback Matrix homeserver for end-to-end tests of the bot with the real
 * matrix-js-sdk: only the client-server endpoints the bot and the test users
 * call, with spec-shaped answers (login, whoami, /sync with since tokens and
 * long polling, join/invite/kick/leave, state and power levels, send with
 * transaction-id idempotency, /messages, createRoom, account data, upload)
 * and 429 injection. Binds 127.0.0.1 only.
 */
export class MatrixHomeserverDouble {
  readonly world: DoubleWorld;
  readonly requests: RecordedRequest[] = [];
  private readonly limits: RateLimitRule[] = [];
  private readonly replays = new Map<string, number>();
  private readonly routes: { method: string; re: RegExp; auth: boolean; run: Handler }[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    serverName: string,
  ) {
    this.world = new DoubleWorld(serverName);
    this.defineRoutes();
  }

  static async start(serverName = 'localhost'): Promise<MatrixHomeserverDouble> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const double = new MatrixHomeserverDouble(server, `http://127.0.0.1:${String(port)}`, serverName);
    server.on('request', (req, res) => void double.serve(req, res));
    return double;
  }

  register(localpart: string): { userId: string; accessToken: string } {
    return this.world.register(localpart);
  }

  /** An account as another homeserver's user would appear here (the double does not federate; ids are what matter). */
  foreignUser(userId: string): { userId: string; accessToken: string } {
    const accessToken = `tok_foreign_${String(this.world.tokens.size)}`;
    this.world.tokens.set(accessToken, userId);
    return { userId, accessToken };
  }

  rateLimit(rule: Omit<RateLimitRule, 'match'> & { match?: RateLimitRule['match'] }): void {
    this.limits.push({ match: () => true, ...rule });
  }

  /** The next /sync of `userId` starts `positions` earlier than asked: the server re-delivers events. */
  replayNextSync(userId: string, positions: number): void {
    this.replays.set(userId, positions);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private route(method: string, pattern: string, run: Handler, auth = true): void {
    const re = new RegExp(`^${pattern.replace(/\{\w+\}/g, '([^/]*)')}$`);
    this.routes.push({ method, re, auth, run });
  }

  private defineRoutes(): void {
    const w = this.world;
    const C = '/_matrix/client/(?:v3|r0|v1)';
    this.route('GET', '/_matrix/client/versions', () => ({ versions: ['v1.1', 'v1.2'] }), false);
    this.route('POST', `${C}/login`, ({ body }) => this.login(body), false);
    this.route('GET', `${C}/account/whoami`, ({ user }) => ({ user_id: user, device_id: 'DOUBLE' }));
    this.route('GET', `${C}/sync`, ({ user, q }) => this.sync(user, q));
    this.route('PUT', `${C}/rooms/{r}/send/{t}/{x}`, ({ user, token, body, p }) => ({ event_id: w.send(p[0]!, user, p[1]!, body, { token, txnId: p[2]! }) }));
    this.route('GET', `${C}/rooms/{r}/event/{e}`, ({ user, p }) => {
      w.requireJoined(p[0]!, user);
      const e = w.room(p[0]!).events.find((x) => x.event_id === p[1]);
      if (!e) throw new MatrixError(404, 'M_NOT_FOUND', 'Event not found');
      return wireEvent(e);
    });
    const getState: Handler = ({ user, p }) => {
      w.requireJoined(p[0]!, user);
      const e = w.stateEvent(p[0]!, p[1]!, p[2] ?? '');
      if (!e) throw new MatrixError(404, 'M_NOT_FOUND', 'Event not found.');
      return e.content;
    };
    const putState: Handler = ({ user, body, p }) => ({ event_id: w.setState(p[0]!, user, p[1]!, p[2] ?? '', body) });
    this.route('GET', `${C}/rooms/{r}/state/{t}/?`, getState);
    this.route('GET', `${C}/rooms/{r}/state/{t}/{k}`, getState);
    this.route('PUT', `${C}/rooms/{r}/state/{t}/?`, putState);
    this.route('PUT', `${C}/rooms/{r}/state/{t}/{k}`, putState);
    const join: Handler = ({ user, p }) => {
      w.join(p[0]!, user);
      return { room_id: p[0] };
    };
    this.route('POST', `${C}/join/{r}`, join);
    this.route('POST', `${C}/rooms/{r}/join`, join);
    this.route('POST', `${C}/rooms/{r}/leave`, ({ user, body, p }) => (w.leave(p[0]!, user, body.reason as string | undefined), {}));
    this.route('POST', `${C}/rooms/{r}/invite`, ({ user, body, p }) => (w.invite(p[0]!, user, String(body.user_id), body.reason as string | undefined), {}));
    this.route('POST', `${C}/rooms/{r}/kick`, ({ user, body, p }) => (w.kick(p[0]!, user, String(body.user_id), body.reason as string | undefined), {}));
    this.route('GET', `${C}/rooms/{r}/joined_members`, ({ user, p }) => {
      w.requireJoined(p[0]!, user);
      return { joined: Object.fromEntries(w.joined(p[0]!).map((u) => [u, {}])) };
    });
    this.route('GET', `${C}/rooms/{r}/messages`, ({ user, q, p }) => {
      w.requireJoined(p[0]!, user);
      return buildMessages(w, p[0]!, q);
    });
    this.route('POST', `${C}/createRoom`, ({ user, body }) => ({
      room_id: w.createRoom(user, { invite: (body.invite as string[] | undefined) ?? [], isDirect: body.is_direct === true, ...(typeof body.name === 'string' ? { name: body.name } : {}), ...(typeof body.preset === 'string' ? { preset: body.preset } : {}) }),
    }));
    this.route('GET', `${C}/user/{u}/account_data/{t}`, ({ user, p }) => {
      const data = w.accountData.get(user)?.get(p[1]!);
      if (!data) throw new MatrixError(404, 'M_NOT_FOUND', 'Account data not found');
      return data;
    });
    this.route('PUT', `${C}/user/{u}/account_data/{t}`, ({ user, body, p }) => {
      const mine = w.accountData.get(user) ?? new Map<string, Record<string, unknown>>();
      mine.set(p[1]!, body);
      w.accountData.set(user, mine);
      return {};
    });
  }

  private login(body: Record<string, unknown>): Record<string, unknown> {
    const identifier = body.identifier as { user?: string } | undefined;
    const raw = identifier?.user ?? (body.user as string | undefined) ?? '';
    const userId = raw.startsWith('@') ? raw : `@${raw}:${this.world.serverName}`;
    if (body.type !== 'm.login.password' || this.world.passwords.get(userId) !== body.password) throw new MatrixError(403, 'M_FORBIDDEN', 'Invalid username or password');
    const accessToken = `tok_login_${randomBytes(6).toString('hex')}`;
    this.world.tokens.set(accessToken, userId);
    return { user_id: userId, access_token: accessToken, device_id: typeof body.device_id === 'string' ? body.device_id : 'DOUBLE' };
  }

  private async sync(user: string, q: URLSearchParams): Promise<Record<string, unknown>> {
    const filter = parseFilter(q.get('filter'));
    const replay = this.replays.get(user) ?? 0;
    this.replays.delete(user);
    const since = q.get('since') === null ? null : Math.max(0, parseToken(q.get('since'), 0) - replay);
    const deadline = Date.now() + Math.min(Number(q.get('timeout') ?? '0'), 30_000);
    for (;;) {
      const r = buildSync(this.world, user, since, filter);
      if (!r.empty || since === null || Date.now() >= deadline) return r.body;
      await this.world.waitForEvent(deadline - Date.now());
    }
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    let status = 200;
    let payload: unknown;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    try {
      const raw = await readBody(req);
      const requester = this.world.tokens.get(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '') ?? '';
      const limit = this.limits.find((l) => l.remaining > 0 && l.match(method, url.pathname, requester));
      if (limit) {
        limit.remaining--;
        if (limit.via === 'header') headers['retry-after'] = String(Math.ceil(limit.retryAfterMs / 1000));
        throw Object.assign(new MatrixError(429, 'M_LIMIT_EXCEEDED', 'Too Many Requests'), limit.via === 'body' ? { retryAfterMs: limit.retryAfterMs } : {});
      }
      if (method === 'POST' && /^\/_matrix\/media\/(v3|r0)\/upload$/.test(url.pathname)) {
        this.auth(req, url);
        const id = randomBytes(8).toString('hex');
        this.world.media.set(id, { content: raw, type: req.headers['content-type'] ?? 'application/octet-stream' });
        payload = { content_uri: `mxc://${this.world.serverName}/${id}` };
      } else {
        payload = await Promise.resolve(this.dispatch(req, url, method, raw));
      }
    } catch (e) {
      const me = e instanceof MatrixError ? e : new MatrixError(500, 'M_UNKNOWN', e instanceof Error ? e.message : String(e));
      status = me.status;
      const retry = (me as MatrixError & { retryAfterMs?: number }).retryAfterMs;
      payload = { errcode: me.errcode, error: me.message, ...(retry === undefined ? {} : { retry_after_ms: retry }) };
    }
    this.requests.push({ method, path: url.pathname, status });
    res.writeHead(status, headers).end(JSON.stringify(payload));
  }

  private dispatch(req: IncomingMessage, url: URL, method: string, raw: Buffer): unknown {
    for (const r of this.routes) {
      if (r.method !== method) continue;
      const m = r.re.exec(url.pathname);
      if (!m) continue;
      const { user, token } = r.auth ? this.auth(req, url) : { user: '', token: '' };
      const body = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
      return r.run({ user, token, q: url.searchParams, body, p: m.slice(1).map((s) => decodeURIComponent(s)) });
    }
    throw new MatrixError(404, 'M_UNRECOGNIZED', `Unrecognized request: ${method} ${url.pathname}`);
  }

  private auth(req: IncomingMessage, url: URL): { user: string; token: string } {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? url.searchParams.get('access_token') ?? '';
    const user = this.world.tokens.get(token);
    if (!user) throw new MatrixError(401, 'M_UNKNOWN_TOKEN', 'Invalid access token passed.');
    return { user, token };
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
