import type { Logger } from '../../../core/ports/logger.port.js';
import { MatrixRequestError } from '../matrix-api.js';
import { sleep } from '../rate-limit.js';
import type { RawEvent } from '../../../core/federation-protocol/envelope.js';
import { messagesResponseSchema, parseRoomEvents } from '../matrix-events.js';

/** The client-server calls the carrier makes as the federation account. A port so tests can stand in a homeserver. */
export interface FederationHomeserver {
  readonly userId: string;
  /** PUT /rooms/{room}/send/{type}/{txnId}: one event per txn id (per access token). */
  send(roomId: string, type: string, content: Readonly<Record<string, unknown>>, txnId: string): Promise<string>;
  /** PUT /rooms/{room}/state/{type}/{stateKey}. */
  putState(roomId: string, type: string, stateKey: string, content: Readonly<Record<string, unknown>>): Promise<string>;
  createRoom(body: Readonly<Record<string, unknown>>): Promise<string>;
  join(roomId: string): Promise<void>;
  /** POST /rooms/{room}/invite. */
  invite(roomId: string, userId: string): Promise<void>;
  leave(roomId: string, reason: string): Promise<void>;
  /** Every current state event of the room (GET /rooms/{room}/state). */
  roomState(roomId: string): Promise<readonly { readonly type: string; readonly state_key: string; readonly sender: string; readonly content: Record<string, unknown> }[]>;
  sync(since: string | null, timeoutMs: number, filter: string, signal: AbortSignal): Promise<unknown>;
  /** A user's membership in a room (null: none). */
  membership(roomId: string, userId: string): Promise<string | null>;
  /**
   * A room's `org.plenary.*` events back from `from` (null: the end) to `to`
   * (null: the start), at most about `max` read, oldest first: what was sent
   * before this bot joined, or what a limited sync timeline skipped.
   */
  history(roomId: string, max: number, from?: string | null, to?: string | null): Promise<readonly RawEvent[]>;
  /** POST /_matrix/media/v3/upload: a large referral text as `text/plain; charset=utf-8`; its `mxc://` URI. */
  upload?(text: string): Promise<string>;
  /** GET the media of an `mxc://` URI as text (null: not there, or not now). */
  download?(mxc: string): Promise<string | null>;
}

export interface HttpHomeserverOptions {
  readonly baseUrl: string;
  readonly accessToken: string;
  readonly userId: string;
  readonly log: Logger;
  /** A 429 asking for longer than this fails the call (the next drain tries again). */
  readonly maxRetryAfterMs?: number;
  readonly attempts?: number;
}

const enc = encodeURIComponent;

/**
 * `FederationHomeserver` over plain fetch: a 429 waits what the homeserver
 * asks (`retry_after_ms` or Retry-After) and tries again; an outage (5xx,
 * no answer) is retried with backoff for idempotent calls, which every send
 * is (its txn id, or the state it sets).
 */
export class HttpHomeserver implements FederationHomeserver {
  readonly userId: string;
  private readonly base: string;
  private readonly root: string;

  constructor(private readonly o: HttpHomeserverOptions) {
    this.userId = o.userId;
    this.root = o.baseUrl.replace(/\/+$/, '');
    this.base = `${this.root}/_matrix/client/v3`;
  }

  async send(roomId: string, type: string, content: Readonly<Record<string, unknown>>, txnId: string): Promise<string> {
    return (await this.request<{ event_id: string }>('PUT', `/rooms/${enc(roomId)}/send/${enc(type)}/${enc(txnId)}`, content)).event_id;
  }

  async putState(roomId: string, type: string, stateKey: string, content: Readonly<Record<string, unknown>>): Promise<string> {
    return (await this.request<{ event_id: string }>('PUT', `/rooms/${enc(roomId)}/state/${enc(type)}/${enc(stateKey)}`, content)).event_id;
  }

  async createRoom(body: Readonly<Record<string, unknown>>): Promise<string> {
    return (await this.request<{ room_id: string }>('POST', '/createRoom', body, false)).room_id;
  }

  async join(roomId: string): Promise<void> {
    await this.request('POST', `/rooms/${enc(roomId)}/join`, {});
  }

  async invite(roomId: string, userId: string): Promise<void> {
    await this.request('POST', `/rooms/${enc(roomId)}/invite`, { user_id: userId });
  }

  async leave(roomId: string, reason: string): Promise<void> {
    await this.request('POST', `/rooms/${enc(roomId)}/leave`, { reason });
  }

  roomState(roomId: string): Promise<{ type: string; state_key: string; sender: string; content: Record<string, unknown> }[]> {
    return this.request('GET', `/rooms/${enc(roomId)}/state`);
  }

  sync(since: string | null, timeoutMs: number, filter: string, signal: AbortSignal): Promise<unknown> {
    const q = new URLSearchParams({ filter, timeout: String(timeoutMs), ...(since ? { since } : {}) });
    return this.request('GET', `/sync?${q.toString()}`, undefined, true, signal, timeoutMs + 30_000);
  }

  async membership(roomId: string, userId: string): Promise<string | null> {
    try {
      const c = await this.request<{ membership?: unknown }>('GET', `/rooms/${enc(roomId)}/state/m.room.member/${enc(userId)}`);
      return typeof c.membership === 'string' ? c.membership : null;
    } catch (e) {
      if (e instanceof MatrixRequestError && e.status === 404) return null;
      throw e;
    }
  }

  async history(roomId: string, max: number, start: string | null = null, to: string | null = null): Promise<RawEvent[]> {
    const out: RawEvent[] = [];
    let from: string | null = start;
    // A filtered page may be empty with more before it: only a missing or unmoved `end` means the start.
    for (let pages = 0; pages * 100 < max; pages++) {
      const q = new URLSearchParams({ dir: 'b', limit: '100', ...(from ? { from } : {}), ...(to ? { to } : {}) });
      const page = messagesResponseSchema.parse(await this.request<unknown>('GET', `/rooms/${enc(roomId)}/messages?${q.toString()}`));
      for (const e of parseRoomEvents(roomId, page.chunk)) {
        if (e.sender !== this.userId && e.type.startsWith('org.plenary.')) out.push({ type: e.type, sender: e.sender, roomId, content: e.content, ...(e.stateKey === undefined ? {} : { stateKey: e.stateKey }) });
      }
      if (!page.end || page.end === from) break;
      from = page.end;
    }
    return out.reverse();
  }

  async upload(text: string): Promise<string> {
    const res = await fetch(`${this.root}/_matrix/media/v3/upload?filename=referral.txt`, { method: 'POST', headers: { Authorization: `Bearer ${this.o.accessToken}`, 'Content-Type': 'text/plain; charset=utf-8' }, body: text, signal: AbortSignal.timeout(60_000) });
    const json = (await res.json().catch(() => ({}))) as { content_uri?: unknown; errcode?: unknown };
    if (!res.ok || typeof json.content_uri !== 'string') throw new MatrixRequestError(res.status, typeof json.errcode === 'string' ? json.errcode : 'M_UNKNOWN', `POST media upload: ${String(res.status)}`, res.status === 429 || res.status >= 500);
    return json.content_uri;
  }

  async download(mxc: string): Promise<string | null> {
    const m = /^mxc:\/\/([^\s/]+)\/([A-Za-z0-9_-]+)$/.exec(mxc);
    if (!m) return null;
    const path = `${enc(m[1] ?? '')}/${enc(m[2] ?? '')}`;
    // The plain media API first; a homeserver that serves new media only to signed-in users answers 404 there.
    for (const url of [`${this.root}/_matrix/media/v3/download/${path}`, `${this.root}/_matrix/client/v1/media/download/${path}`]) {
      const res = await fetch(url, { headers: { Authorization: `Bearer ${this.o.accessToken}` }, signal: AbortSignal.timeout(60_000) }).catch(() => null);
      if (res?.ok) return Buffer.from(await res.arrayBuffer()).toString('utf8');
    }
    return null;
  }

  private async request<T>(method: string, path: string, body?: unknown, idempotent = true, signal?: AbortSignal, timeoutMs = 60_000): Promise<T> {
    const attempts = this.o.attempts ?? 6;
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${this.base}${path}`, {
          method,
          headers: { Authorization: `Bearer ${this.o.accessToken}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        if (signal?.aborted || !idempotent || attempt >= attempts) throw new MatrixRequestError(0, 'M_CONNECTION', `${method} ${path.split('?')[0] ?? ''}: ${e instanceof Error ? e.message : String(e)}`, true);
        await sleep(500 * 2 ** (attempt - 1), signal);
        continue;
      }
      const text = await res.text();
      const json = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
      if (res.ok) return json as T;
      const errcode = typeof json.errcode === 'string' ? json.errcode : 'M_UNKNOWN';
      const what = `${method} ${path.split('?')[0] ?? ''}: ${String(res.status)} ${errcode} ${typeof json.error === 'string' ? json.error : ''}`.trim();
      if (res.status === 429 && attempt < attempts) {
        const header = Number(res.headers.get('retry-after'));
        const waitMs = typeof json.retry_after_ms === 'number' ? json.retry_after_ms : Number.isFinite(header) && header > 0 ? header * 1000 : 1000 * attempt;
        if (waitMs <= (this.o.maxRetryAfterMs ?? 60_000)) {
          this.o.log.warn({ request: what, waitMs }, 'federation: homeserver rate limit, waiting as asked');
          await sleep(waitMs, signal);
          continue;
        }
      }
      if (res.status >= 500 && idempotent && attempt < attempts) {
        await sleep(500 * 2 ** (attempt - 1), signal);
        continue;
      }
      throw new MatrixRequestError(res.status, errcode, what, res.status === 429 || res.status >= 500);
    }
  }
}
