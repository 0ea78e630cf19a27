import { createClient, Method, type IRequestOpts, type MatrixClient } from 'matrix-js-sdk';
import type { Logger } from '../../core/ports/logger.port.js';
import { isNotFound, type MatrixApi, type Membership } from './matrix-api.js';
import { messagesResponseSchema, parseRoomEvent, parseRoomEvents, syncResponseSchema, type RoomEvent, type SyncResponse } from './matrix-events.js';
import { defaultRetryPolicy, withRetries, type RetryPolicy } from './rate-limit.js';
import { sdkLogger } from './sdk-logger.js';

/** Where a sync transport gets its events: /sync and, after a gap, /messages. */
export interface SyncSource {
  sync(since: string | null, timeoutMs: number, filter: string, signal: AbortSignal): Promise<SyncResponse>;
  /** Events between two tokens, newest first (dir=b), to fill a gap in a limited timeline. */
  messagesBackwards(roomId: string, from: string | null, to: string | null, limit: number): Promise<{ events: RoomEvent[]; end: string | null }>;
}

export interface SdkMatrixApiOptions {
  readonly homeserverUrl: string;
  readonly accessToken: string;
  readonly userId: string;
  readonly log: Logger;
  readonly retry?: RetryPolicy;
}

type QueryDict = Record<string, string>;

const enc = encodeURIComponent;
const MEMBERSHIPS: readonly string[] = ['join', 'invite', 'leave', 'ban', 'knock'];

/**
 * The Matrix API through matrix-js-sdk's authenticated HTTP layer and typed
 * errors. The SDK's own sync loop and room model are not used: a bot serving
 * many rooms needs exact control of its since token and no per-room state in
 * memory (the choice matrix-bot-sdk and Draupnir make too).
 */
export class SdkMatrixApi implements MatrixApi, SyncSource {
  readonly userId: string;
  readonly client: MatrixClient;
  private readonly retry: RetryPolicy;
  private readonly log: Logger;

  constructor(o: SdkMatrixApiOptions) {
    this.userId = o.userId;
    this.log = o.log;
    this.retry = o.retry ?? defaultRetryPolicy;
    this.client = createClient({ baseUrl: o.homeserverUrl, accessToken: o.accessToken, userId: o.userId, logger: sdkLogger(o.log) });
  }

  private call<T>(what: string, method: Method, path: string, query?: QueryDict, body?: unknown, idempotent = true, signal?: AbortSignal, timeoutMs = 60_000): Promise<T> {
    return withRetries(what, idempotent, () => this.client.http.authedRequest<T>(method, path, query, body as Record<string, unknown> | undefined, requestOpts(timeoutMs, signal)), this.retry, this.log);
  }

  async sync(since: string | null, timeoutMs: number, filter: string, signal: AbortSignal): Promise<SyncResponse> {
    const query: QueryDict = { filter, timeout: String(timeoutMs), ...(since ? { since } : {}) };
    const raw = await this.call<unknown>('sync', Method.Get, '/sync', query, undefined, true, signal, timeoutMs + 30_000);
    return syncResponseSchema.parse(raw);
  }

  /** `from` null: from the end of the room's timeline (audit verify reading back the bot's posts). */
  async messagesBackwards(roomId: string, from: string | null, to: string | null, limit: number): Promise<{ events: RoomEvent[]; end: string | null }> {
    const query: QueryDict = { ...(from ? { from } : {}), dir: 'b', limit: String(limit), ...(to ? { to } : {}) };
    const raw = messagesResponseSchema.parse(await this.call<unknown>('messages', Method.Get, `/rooms/${enc(roomId)}/messages`, query));
    return { events: parseRoomEvents(roomId, raw.chunk), end: raw.end ?? null };
  }

  async sendEvent(roomId: string, type: string, content: Readonly<Record<string, unknown>>, txnId: string): Promise<string> {
    // Whatever a caller forgot, the bot's events ping only whom they name in m.mentions.
    const body = 'm.mentions' in content || type === 'm.room.encrypted' ? content : { ...content, 'm.mentions': {} };
    const r = await this.call<{ event_id: string }>(`send ${type}`, Method.Put, `/rooms/${enc(roomId)}/send/${enc(type)}/${enc(txnId)}`, undefined, body);
    return r.event_id;
  }

  async event(roomId: string, eventId: string): Promise<RoomEvent | null> {
    try {
      return parseRoomEvent(roomId, await this.call<unknown>('event', Method.Get, `/rooms/${enc(roomId)}/event/${enc(eventId)}`));
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async state(roomId: string, type: string, stateKey: string): Promise<Readonly<Record<string, unknown>> | null> {
    try {
      return await this.call<Record<string, unknown>>(`state ${type}`, Method.Get, `/rooms/${enc(roomId)}/state/${enc(type)}/${enc(stateKey)}`);
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async setState(roomId: string, type: string, stateKey: string, content: Readonly<Record<string, unknown>>): Promise<void> {
    await this.call(`set state ${type}`, Method.Put, `/rooms/${enc(roomId)}/state/${enc(type)}/${enc(stateKey)}`, undefined, content);
  }

  async join(roomId: string): Promise<void> {
    await this.call('join', Method.Post, `/join/${enc(roomId)}`, undefined, {});
  }

  async leave(roomId: string, reason?: string): Promise<void> {
    await this.call('leave', Method.Post, `/rooms/${enc(roomId)}/leave`, undefined, reason ? { reason } : {});
  }

  async invite(roomId: string, userId: string, reason?: string): Promise<void> {
    await this.call('invite', Method.Post, `/rooms/${enc(roomId)}/invite`, undefined, { user_id: userId, ...(reason ? { reason } : {}) });
  }

  async kick(roomId: string, userId: string, reason: string): Promise<void> {
    await this.call('kick', Method.Post, `/rooms/${enc(roomId)}/kick`, undefined, { user_id: userId, reason });
  }

  async membership(roomId: string, userId: string): Promise<Membership | null> {
    const m = (await this.state(roomId, 'm.room.member', userId))?.membership;
    return typeof m === 'string' && MEMBERSHIPS.includes(m) ? (m as Membership) : null;
  }

  async joinedMembers(roomId: string): Promise<readonly string[]> {
    const r = await this.call<{ joined?: Record<string, unknown> }>('joined members', Method.Get, `/rooms/${enc(roomId)}/joined_members`);
    return Object.keys(r.joined ?? {});
  }

  async createDirectRoom(userId: string, o: { readonly encrypted?: boolean } = {}): Promise<string> {
    const initial_state = o.encrypted ? [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }] : [];
    // Not idempotent: only a rate limit (nothing created yet) is retried.
    const r = await this.call<{ room_id: string }>('create direct room', Method.Post, '/createRoom', undefined, { is_direct: true, invite: [userId], preset: 'trusted_private_chat', initial_state }, false);
    return r.room_id;
  }

  /** Joined and invited members: whose devices get a room's message keys (invited ones can read what is sent before they join). */
  async encryptionTargets(roomId: string): Promise<readonly string[]> {
    const r = await this.call<{ chunk?: unknown[] }>('members', Method.Get, `/rooms/${enc(roomId)}/members`, { not_membership: 'leave' });
    return parseRoomEvents(roomId, r.chunk ?? [])
      .filter((e) => e.type === 'm.room.member' && e.stateKey && (e.content.membership === 'join' || e.content.membership === 'invite'))
      .map((e) => e.stateKey ?? '');
  }

  /** A request the crypto machine prepared (keys upload, query, claim, to-device): JSON in, JSON out. */
  async cryptoRequest(what: string, method: 'POST' | 'PUT', path: string, body: string, query?: QueryDict): Promise<string> {
    const m = method === 'PUT' ? Method.Put : Method.Post;
    // A PUT carries a transaction id and keys/query only reads: both safe to repeat after a failure.
    const idempotent = method === 'PUT' || path === '/keys/query';
    return JSON.stringify(await this.call<unknown>(what, m, path, query, JSON.parse(body) as unknown, idempotent));
  }

  async accountData(type: string): Promise<Readonly<Record<string, unknown>> | null> {
    try {
      return await this.call<Record<string, unknown>>('account data', Method.Get, `/user/${enc(this.userId)}/account_data/${enc(type)}`);
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async setAccountData(type: string, content: Readonly<Record<string, unknown>>): Promise<void> {
    await this.call('set account data', Method.Put, `/user/${enc(this.userId)}/account_data/${enc(type)}`, undefined, content);
  }

  async upload(content: string, filename: string, contentType: string): Promise<string> {
    const r = await withRetries('upload', true, () => this.client.uploadContent(new Blob([content], { type: contentType }), { name: filename, type: contentType }), this.retry, this.log);
    return r.content_uri;
  }
}

/**
 * The request's time limit as our own signal, not the SDK's `localTimeoutMs`: the SDK arms a
 * plain setTimeout for it and never clears it, so every request kept Node alive for its whole
 * limit after the answer (a stop waited up to the sync's 60 s for nothing). `AbortSignal.timeout`
 * does not hold the process open. The SDK's option type picks `priority` from the DOM
 * RequestInit, which Node's typings make required, hence the cast.
 */
export const requestOpts = (localTimeoutMs: number, abortSignal?: AbortSignal): IRequestOpts => {
  const limit = AbortSignal.timeout(localTimeoutMs);
  return { abortSignal: abortSignal ? AbortSignal.any([limit, abortSignal]) : limit } as IRequestOpts;
};
