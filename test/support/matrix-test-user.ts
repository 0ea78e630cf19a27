import { randomBytes } from 'node:crypto';

export interface MatrixAccount {
  readonly userId: string;
  readonly accessToken: string;
  /** The device the access token belongs to (end-to-end encryption keys live on it). */
  readonly deviceId?: string;
}

export interface SeenEvent {
  readonly event_id: string;
  readonly type: string;
  readonly sender: string;
  readonly content: Record<string, unknown>;
  readonly state_key?: string;
}

const enc = encodeURIComponent;

/**
 * A person in an end-to-end test, talking plain client-server HTTP to the
 * homeserver (the double or a real Synapse) the way any Matrix client would:
 * create rooms, invite, type commands, answer polls, and wait for the bot.
 */
export class MatrixTestUser {
  constructor(
    readonly baseUrl: string,
    readonly account: MatrixAccount,
  ) {}

  get id(): string {
    return this.account.userId;
  }

  async request<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    for (;;) {
      const res = await fetch(`${this.baseUrl}/_matrix/client/v3${path}`, {
        method,
        headers: { authorization: `Bearer ${this.account.accessToken}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = (await res.json()) as Record<string, unknown>;
      // Test users are people, not the system under test: they simply wait out rate limits.
      if (res.status === 429) {
        await new Promise((r) => setTimeout(r, Number(json.retry_after_ms ?? 500)));
        continue;
      }
      if (!res.ok) throw new Error(`${this.id} ${method} ${path}: ${String(res.status)} ${JSON.stringify(json)}`);
      return json as T;
    }
  }

  async createRoom(o: { invite?: string[]; isDirect?: boolean; name?: string } = {}): Promise<string> {
    const r = await this.request<{ room_id: string }>('POST', '/createRoom', { preset: 'private_chat', ...(o.name ? { name: o.name } : {}), invite: o.invite ?? [], ...(o.isDirect ? { is_direct: true } : {}) });
    return r.room_id;
  }

  invite = (roomId: string, userId: string): Promise<unknown> => this.request('POST', `/rooms/${enc(roomId)}/invite`, { user_id: userId });
  join = (roomId: string): Promise<unknown> => this.request('POST', `/join/${enc(roomId)}`, {});

  async send(roomId: string, type: string, content: Record<string, unknown>): Promise<string> {
    const r = await this.request<{ event_id: string }>('PUT', `/rooms/${enc(roomId)}/send/${enc(type)}/${randomBytes(8).toString('hex')}`, content);
    return r.event_id;
  }

  say = (roomId: string, body: string, extra: Record<string, unknown> = {}): Promise<string> => this.send(roomId, 'm.room.message', { msgtype: 'm.text', body, ...extra });

  /** A poll answer, in the stable (`m.selections`) or unstable (MSC3381 v1) form. */
  answerPoll(roomId: string, pollId: string, answers: string[], form: 'stable' | 'unstable' = 'unstable'): Promise<string> {
    const rel = { 'm.relates_to': { rel_type: 'm.reference', event_id: pollId } };
    return form === 'stable'
      ? this.send(roomId, 'm.poll.response', { ...rel, 'm.selections': answers })
      : this.send(roomId, 'org.matrix.msc3381.poll.response', { ...rel, 'org.matrix.msc3381.poll.response': { answers } });
  }

  async setPowerLevel(roomId: string, userId: string, level: number): Promise<void> {
    const pl = await this.request('GET', `/rooms/${enc(roomId)}/state/m.room.power_levels/`);
    const users = { ...(pl.users as Record<string, number>), [userId]: level };
    await this.request('PUT', `/rooms/${enc(roomId)}/state/m.room.power_levels/`, { ...pl, users });
  }

  powerLevels = (roomId: string): Promise<Record<string, unknown>> => this.request('GET', `/rooms/${enc(roomId)}/state/m.room.power_levels/`);

  async membership(roomId: string, userId: string): Promise<string | null> {
    try {
      const m = await this.request('GET', `/rooms/${enc(roomId)}/state/m.room.member/${enc(userId)}`);
      return typeof m.membership === 'string' ? m.membership : null;
    } catch {
      return null;
    }
  }

  /** The room's latest events, oldest first. */
  async events(roomId: string, limit = 200): Promise<SeenEvent[]> {
    const r = await this.request<{ chunk: SeenEvent[] }>('GET', `/rooms/${enc(roomId)}/messages?dir=b&limit=${String(limit)}`);
    return [...r.chunk].reverse();
  }

  /** Polls the room until an event matches (the bot answers asynchronously). */
  async waitFor(roomId: string, match: (e: SeenEvent) => boolean, what: string, timeoutMs = 15_000): Promise<SeenEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await this.events(roomId)).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`${this.id} waited ${String(timeoutMs)} ms in vain for: ${what}`);
      await new Promise((r) => setTimeout(r, 60));
    }
  }

  /** Waits for a notice from `bot` replying to `eventId`. */
  replyTo(roomId: string, eventId: string, bot: string, timeoutMs?: number): Promise<SeenEvent> {
    return this.waitFor(roomId, (e) => e.sender === bot && inReplyTo(e) === eventId, `a reply to ${eventId}`, timeoutMs);
  }

  /** Types a command and returns the bot's first reply. */
  async command(roomId: string, line: string, bot: string): Promise<SeenEvent> {
    return this.replyTo(roomId, await this.say(roomId, line), bot);
  }

  /** Joins the room `from` invites this user to (the DM the bot opens, say); returns its id. */
  async acceptInvitesFrom(from: string, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    // A moving since token: Synapse caches identical /sync requests for a while.
    let since = '';
    for (;;) {
      const r = await this.request<{ next_batch: string; rooms?: { invite?: Record<string, { invite_state?: { events?: SeenEvent[] } }> } }>('GET', `/sync?timeout=500${since ? `&since=${enc(since)}` : ''}`);
      since = r.next_batch;
      for (const [roomId, room] of Object.entries(r.rooms?.invite ?? {})) {
        if (room.invite_state?.events?.some((e) => e.type === 'm.room.member' && e.state_key === this.id && e.sender === from)) {
          await this.join(roomId);
          return roomId;
        }
      }
      if (Date.now() > deadline) throw new Error(`${this.id}: no invitation from ${from}`);
    }
  }
}

export function inReplyTo(e: SeenEvent): string | undefined {
  const rel = e.content['m.relates_to'] as { 'm.in_reply_to'?: { event_id?: string } } | undefined;
  return rel?.['m.in_reply_to']?.event_id;
}

export const textOf = (e: SeenEvent): string => (typeof e.content.body === 'string' ? e.content.body : '');
export const htmlOf = (e: SeenEvent): string => (typeof e.content.formatted_body === 'string' ? e.content.formatted_body : '');
