import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DiscordRateLimits, type DiscordRateLimitOptions } from './discord-rate-limits.js';

/** One request as the loopback API saw it. */
export interface LoopbackRequest {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly kind?: 'global' | 'route' | 'storm';
}

export interface LoopbackOptions extends DiscordRateLimitOptions {
  /** Added before every answer: Discord is tens of milliseconds away, not on loopback. */
  readonly latencyMs?: number;
}

/**
 * Just enough of Discord's REST API for message sends at scale, on
 * 127.0.0.1, behind `DiscordRateLimits`: `POST /channels/:id/messages`
 * (with `enforce_nonce`: a repeated nonce returns the first message, as
 * Discord does within its window), `GET /users/@me`; anything else 404.
 * Every posted message is kept per channel, so a run can count what was
 * lost (a channel without its message) and duplicated (two messages).
 */
export class DiscordLoopbackApi {
  readonly limits: DiscordRateLimits;
  readonly requests: LoopbackRequest[] = [];
  /** Channel id → the messages posted there (nonce, id). */
  readonly posted = new Map<string, { nonce: string | undefined; id: string }[]>();
  /** Nonce repeats answered with the first message. */
  nonceRepeats = 0;
  private readonly nonces = new Map<string, unknown>();
  private server: http.Server | null = null;
  private seq = 0n;

  constructor(private readonly o: LoopbackOptions = {}) {
    this.limits = new DiscordRateLimits(o);
  }

  get api(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/api`;
  }

  async start(): Promise<void> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
  }

  async stop(): Promise<void> {
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    // Counted as it arrives; the round trip is added to the answer (a constant one-way delay on the way in
    // shifts every arrival alike, while a timer here would add this process's scheduling jitter to them).
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').replace(/^\/api\/v\d+/, '').split('?')[0] ?? '/';
    const verdict = this.limits.check(req.headers.authorization ?? '', method, path);
    const reply = verdict.status === 429 ? { status: 429, json: verdict.body } : this.serve(method, path, chunks);
    this.requests.push({ at: Date.now(), method, path, status: reply.status, ...(verdict.kind ? { kind: verdict.kind } : {}) });
    if (this.o.latencyMs) await new Promise((r) => setTimeout(r, this.o.latencyMs));
    res.writeHead(reply.status, { ...verdict.headers, 'content-type': 'application/json' });
    res.end(JSON.stringify(reply.json ?? {}));
  }

  private serve(method: string, path: string, chunks: Buffer[]): { status: number; json: unknown } {
    if (method === 'GET' && path === '/users/@me') return { status: 200, json: { id: '1', username: 'plenary', discriminator: '0', avatar: null, global_name: null, bot: true } };
    const m = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (method !== 'POST' || !m) return { status: 404, json: { code: 0, message: '404: Not Found' } };
    const channelId = m[1]!;
    const body = parseBody(Buffer.concat(chunks).toString('utf8'));
    const nonce = typeof body.nonce === 'string' ? body.nonce : undefined;
    const key = nonce && body.enforce_nonce === true ? `${channelId}:${nonce}` : undefined;
    const first = key ? this.nonces.get(key) : undefined;
    if (first) {
      this.nonceRepeats++;
      return { status: 200, json: first };
    }
    const id = String(((BigInt(Date.now()) - 1420070400000n) << 22n) + this.seq++);
    const message = { id, channel_id: channelId, type: 0, content: body.content ?? '', embeds: body.embeds ?? [], components: body.components ?? [], nonce, author: { id: '1', username: 'plenary', bot: true }, timestamp: new Date().toISOString() };
    const list = this.posted.get(channelId) ?? [];
    list.push({ nonce, id });
    this.posted.set(channelId, list);
    if (key) this.nonces.set(key, message);
    return { status: 200, json: message };
  }
}

/** JSON, or the payload_json part of a multipart upload. */
function parseBody(text: string): Record<string, unknown> {
  const json = text.trimStart().startsWith('{') ? text : (/name="payload_json"\r\n(?:[^\r\n]*\r\n)*\r\n([\s\S]*?)\r\n--/.exec(text)?.[1] ?? '{}');
  try {
    return JSON.parse(json) as Record<string, unknown>;
  } catch {
    return {};
  }
}
