import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Logger } from '../../core/ports/logger.port.js';
import type { MatrixApi } from './matrix-api.js';
import { parseRoomEvent, type Invite, type RoomEvent } from './matrix-events.js';
import { EventWindow } from './event-window.js';
import type { SyncCheckpointStore } from './sync-checkpoint.js';
import { TIMELINE_TYPES, type InboundBatch, type InboundSink, type MatrixTransport } from './sync-transport.js';

export interface AppserviceTransportOptions {
  readonly api: MatrixApi;
  readonly hsToken: string;
  /** Where to listen: the host and port of the registration's `url`. */
  readonly host: string;
  readonly port: number;
  /** Recently taken event ids, so a transaction the homeserver sends again after a restart is recognised. */
  readonly checkpoints: SyncCheckpointStore;
  readonly log: Logger;
  readonly maxBodyBytes?: number;
}

const TYPES: readonly string[] = TIMELINE_TYPES;
const TXN_PATH = /^\/_matrix\/app\/v1\/transactions\/([^/?]+)$|^\/transactions\/([^/?]+)$/;

/**
 * The application-service way in: the homeserver PUTs transactions of events
 * to the bot's HTTP listener (`/_matrix/app/v1/transactions/{txnId}`), signed
 * with the registration's hs_token. Each transaction becomes one inbound
 * batch, handled before the 200 is sent, so a crash makes the homeserver send
 * it again; a transaction id already handled is answered at once, and events
 * already taken are dropped (the window is saved before the batch is handled,
 * as the sync transport does). Batches are handled one at a time, in the
 * order they arrive.
 */
export class AppserviceTransport implements MatrixTransport {
  readonly api: MatrixApi;
  private server: Server | null = null;
  private sink: InboundSink | null = null;
  private window: EventWindow | null = null;
  private readonly done = new EventWindow([], 1000);
  private readonly inFlight = new Map<string, Promise<void>>();
  private chain: Promise<void> = Promise.resolve();
  private stopped: (() => void) | null = null;

  constructor(private readonly o: AppserviceTransportOptions) {
    this.api = o.api;
  }

  /** True once the listener takes transactions (and until it is stopped). */
  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  /** The port listened on (the one asked for, or the one given for port 0). */
  get listeningPort(): number {
    const a = this.server?.address();
    return typeof a === 'object' && a ? a.port : this.o.port;
  }

  async run(sink: InboundSink): Promise<void> {
    if (this.server) throw new Error('the appservice transport is already running');
    this.sink = sink;
    this.window = new EventWindow((await this.o.checkpoints.load())?.recentEventIds ?? []);
    const server = createServer((req, res) => void this.serve(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.o.port, this.o.host, resolve);
    });
    this.o.log.info({ host: this.o.host, port: this.listeningPort }, 'Matrix appservice listener is up');
    await new Promise<void>((resolve) => (this.stopped = resolve));
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await this.chain;
    this.stopped?.();
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://appservice');
    const answer = (status: number, body: object): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? url.searchParams.get('access_token');
    if (!given) return answer(401, { errcode: 'M_UNAUTHORIZED', error: 'missing hs_token' });
    if (!sameToken(given, this.o.hsToken)) return answer(403, { errcode: 'M_FORBIDDEN', error: 'bad hs_token' });
    const txn = TXN_PATH.exec(url.pathname);
    if (!txn) return answer(404, { errcode: 'M_NOT_FOUND', error: 'this application service has no users or rooms to create' });
    if (req.method !== 'PUT') return answer(405, { errcode: 'M_UNRECOGNIZED', error: 'PUT only' });
    const txnId = decodeURIComponent(txn[1] ?? txn[2] ?? '');
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req, this.o.maxBodyBytes ?? 20 * 1024 * 1024));
    } catch (e) {
      return answer(400, { errcode: 'M_NOT_JSON', error: e instanceof Error ? e.message : 'bad body' });
    }
    try {
      await this.transaction(txnId, body);
      answer(200, {});
    } catch (e) {
      // The homeserver retries a transaction that is not answered 200.
      this.o.log.error({ err: e, txnId }, 'handling an appservice transaction failed; the homeserver will send it again');
      answer(500, { errcode: 'M_UNKNOWN', error: 'try again' });
    }
  }

  /** Idempotent by transaction id: a repeat while the first is handled waits for it; a repeat after is answered at once. */
  private transaction(txnId: string, body: unknown): Promise<void> {
    if (this.done.has(txnId)) return Promise.resolve();
    const running = this.inFlight.get(txnId);
    if (running) return running;
    const run = this.chain.then(async () => {
      const batch = this.collect(body);
      if (batch.events.length > 0) await this.o.checkpoints.save({ since: txnId, recentEventIds: this.window?.list() ?? [] });
      if (batch.events.length > 0 || batch.invites.length > 0) await this.sink?.(batch);
      this.done.add(txnId);
    });
    this.inFlight.set(txnId, run);
    this.chain = run.catch(() => undefined);
    return run.finally(() => this.inFlight.delete(txnId));
  }

  private collect(body: unknown): InboundBatch {
    const raw = typeof body === 'object' && body !== null && Array.isArray((body as { events?: unknown }).events) ? ((body as { events: unknown[] }).events) : [];
    const me = this.api.userId;
    const events: RoomEvent[] = [];
    const invites: Invite[] = [];
    const displayNames = new Map<string, string>();
    for (const r of raw) {
      const roomId = typeof r === 'object' && r !== null ? (r as { room_id?: unknown }).room_id : undefined;
      if (typeof roomId !== 'string') continue;
      const e = parseRoomEvent(roomId, r);
      if (!e) continue;
      if (e.type === 'm.room.member' && e.stateKey && typeof e.content.displayname === 'string') displayNames.set(e.stateKey, e.content.displayname);
      if (e.type === 'm.room.member' && e.stateKey === me && e.content.membership === 'invite') {
        invites.push({ roomId, inviter: e.sender, isDirect: e.content.is_direct === true });
        continue;
      }
      if (e.sender === me || !TYPES.includes(e.type) || this.window?.has(e.eventId)) continue;
      this.window?.add(e.eventId);
      events.push(e);
    }
    return { events, invites, displayNames };
  }
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        reject(new Error('transaction too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
