import { MatrixRequestError } from '../../src/adapters/matrix/matrix-api.js';
import type { FederationHomeserver } from '../../src/adapters/matrix/federation/client.js';

interface Ev {
  readonly event_id: string;
  readonly type: string;
  readonly sender: string;
  readonly state_key?: string;
  readonly content: Record<string, unknown>;
  readonly n: number;
}
interface Room {
  readonly id: string;
  readonly events: Ev[];
  readonly state: Map<string, Ev>;
}

/**
 * A small in-memory Matrix for carrier tests: rooms with state, power levels
 * and membership, sends deduplicated per user and txn id, /sync from a
 * position, invites, and rate limits on demand. Both deployments' accounts
 * share one world (as two federating homeservers would look to their bots).
 */
export class MatrixWorld {
  private readonly rooms = new Map<string, Room>();
  private readonly txns = new Map<string, string>();
  private n = 0;
  /** Sends answered 429 before they go through, per user. */
  readonly limited = new Map<string, { count: number; retryAfterMs: number }>();
  readonly sendCalls: { user: string; roomId: string; type: string; txnId: string | null }[] = [];
  /** Events a user's sync never delivers (a homeserver that withholds them). */
  withhold: (user: string, e: { type: string; sender: string; content: Record<string, unknown> }) => boolean = () => false;
  /**
   * Decided as each event is posted: true loses it on the way to the other
   * homeserver (a federation outage that gave up): only its sender ever sees
   * it. A resend is a new event, decided afresh.
   */
  lose: (e: { type: string; sender: string; content: Record<string, unknown> }) => boolean = () => false;
  /** Users whose homeserver is down: every call of theirs fails as a refused connection. */
  readonly down = new Set<string>();
  private readonly lost = new Set<string>();
  /** The content repository: `mxc://<server>/<id>` → bytes as uploaded (a test may swap them: a homeserver tampering with a file). */
  readonly media = new Map<string, Buffer>();
  uploads = 0;
  /** Changes what the next upload stores (a homeserver swapping a file); the uploader still gets its URI. */
  tamperNext: ((bytes: Buffer) => Buffer) | null = null;

  account(userId: string): FederationHomeserver & { readonly world: MatrixWorld } {
    return new Account(this, userId);
  }

  room(id: string): Room {
    const r = this.rooms.get(id);
    if (!r) throw new MatrixRequestError(404, 'M_NOT_FOUND', `no room ${id}`, false);
    return r;
  }

  /** Appends an event as `sender` (checks membership and power unless `force`). */
  post(roomId: string, sender: string, type: string, content: Record<string, unknown>, stateKey?: string, force = false): string {
    const r = this.room(roomId);
    if (!force) {
      if (this.membership(roomId, sender) !== 'join') throw new MatrixRequestError(403, 'M_FORBIDDEN', `${sender} is not in ${roomId}`, false);
      const pl = r.state.get('m.room.power_levels\u0000')?.content ?? {};
      const users = (pl.users ?? {}) as Record<string, number>;
      const level = users[sender] ?? Number(pl.users_default ?? 0);
      const byType = (pl.events ?? {}) as Record<string, number>;
      const need = byType[type] ?? (stateKey === undefined ? Number(pl.events_default ?? 0) : Number(pl.state_default ?? 50));
      if (level < need) throw new MatrixRequestError(403, 'M_FORBIDDEN', `${sender} may not send ${type}`, false);
      // Matrix reserves a state key that is a user id to that user.
      if (stateKey?.startsWith('@') && stateKey !== sender) throw new MatrixRequestError(403, 'M_FORBIDDEN', `${sender} may not set state keyed ${stateKey}`, false);
    }
    const ev: Ev = { event_id: `$e${String(++this.n)}`, type, sender, content: structuredClone(content), n: this.n, ...(stateKey === undefined ? {} : { state_key: stateKey }) };
    r.events.push(ev);
    if (this.lose(ev)) this.lost.add(ev.event_id);
    if (stateKey !== undefined) r.state.set(`${type}\u0000${stateKey}`, ev);
    return ev.event_id;
  }

  membership(roomId: string, user: string): string | null {
    const m = this.rooms.get(roomId)?.state.get(`m.room.member\u0000${user}`);
    return m ? String(m.content.membership) : null;
  }

  create(creator: string, body: Record<string, unknown>): string {
    const id = `!r${String(++this.n)}:world`;
    this.rooms.set(id, { id, events: [], state: new Map() });
    this.post(id, creator, 'm.room.create', { creator, ...((body.creation_content as object | undefined) ?? {}) }, '', true);
    this.post(id, creator, 'm.room.member', { membership: 'join' }, creator, true);
    this.post(id, creator, 'm.room.power_levels', (body.power_level_content_override as Record<string, unknown> | undefined) ?? { users: { [creator]: 100 } }, '', true);
    for (const s of (body.initial_state as { type: string; state_key: string; content: Record<string, unknown> }[] | undefined) ?? []) this.post(id, creator, s.type, s.content, s.state_key, true);
    for (const u of (body.invite as string[] | undefined) ?? []) this.post(id, creator, 'm.room.member', { membership: 'invite' }, u, true);
    return id;
  }

  sync(user: string, since: number): { next: number; rooms: Record<string, Ev[]>; invites: { roomId: string; inviter: string }[] } {
    const rooms: Record<string, Ev[]> = {};
    const invites: { roomId: string; inviter: string }[] = [];
    for (const r of this.rooms.values()) {
      const m = r.state.get(`m.room.member\u0000${user}`);
      if (m?.content.membership === 'join') {
        const evs = r.events.filter((e) => e.n > since && this.reaches(user, e));
        if (evs.length > 0) rooms[r.id] = evs;
      } else if (m?.content.membership === 'invite' && m.n > since) invites.push({ roomId: r.id, inviter: m.sender });
    }
    return { next: this.n, rooms, invites };
  }

  /** Whether `user`'s homeserver has the event (not withheld from them, not lost on the way). */
  reaches(user: string, e: Ev): boolean {
    return !this.withhold(user, e) && !(this.lost.has(e.event_id) && e.sender !== user);
  }

  get head(): number {
    return this.n;
  }

  txn(user: string, txnId: string, make: () => string): string {
    const key = `${user}\u0000${txnId}`;
    const had = this.txns.get(key);
    if (had) return had;
    const id = make();
    this.txns.set(key, id);
    return id;
  }
}

class Account implements FederationHomeserver {
  constructor(
    readonly world: MatrixWorld,
    readonly userId: string,
  ) {}

  /** Fails every call while this user's homeserver is down. */
  private up(): void {
    if (this.world.down.has(this.userId)) throw new MatrixRequestError(0, 'M_CONNECTION', 'connection refused (homeserver down)', true);
  }

  private refused(): Promise<never> {
    return Promise.reject(new MatrixRequestError(0, 'M_CONNECTION', 'connection refused (homeserver down)', true));
  }

  private gate(): void {
    this.up();
    const l = this.world.limited.get(this.userId);
    if (l && l.count > 0) {
      l.count--;
      throw Object.assign(new MatrixRequestError(429, 'M_LIMIT_EXCEEDED', 'slow down', true), { retryAfterMs: l.retryAfterMs });
    }
  }

  send(roomId: string, type: string, content: Readonly<Record<string, unknown>>, txnId: string): Promise<string> {
    this.world.sendCalls.push({ user: this.userId, roomId, type, txnId });
    this.gate();
    return Promise.resolve(this.world.txn(this.userId, txnId, () => this.world.post(roomId, this.userId, type, { ...content })));
  }

  putState(roomId: string, type: string, stateKey: string, content: Readonly<Record<string, unknown>>): Promise<string> {
    this.world.sendCalls.push({ user: this.userId, roomId, type, txnId: null });
    this.gate();
    return Promise.resolve(this.world.post(roomId, this.userId, type, { ...content }, stateKey));
  }

  upload(text: string): Promise<string> {
    this.gate();
    const mxc = `mxc://${this.userId.split(':')[1] ?? 'world'}/m${String(++this.world.uploads)}`;
    const bytes = Buffer.from(text, 'utf8');
    const tamper = this.world.tamperNext;
    this.world.tamperNext = null;
    this.world.media.set(mxc, tamper ? tamper(bytes) : bytes);
    return Promise.resolve(mxc);
  }

  download(mxc: string): Promise<string | null> {
    return Promise.resolve(this.world.media.get(mxc)?.toString('utf8') ?? null);
  }

  createRoom(body: Readonly<Record<string, unknown>>): Promise<string> {
    if (this.world.down.has(this.userId)) return this.refused();
    return Promise.resolve(this.world.create(this.userId, { ...body }));
  }

  join(roomId: string): Promise<void> {
    if (this.world.down.has(this.userId)) return this.refused();
    if (this.world.membership(roomId, this.userId) !== 'invite' && this.world.membership(roomId, this.userId) !== 'join') return Promise.reject(new MatrixRequestError(403, 'M_FORBIDDEN', 'not invited', false));
    this.world.post(roomId, this.userId, 'm.room.member', { membership: 'join' }, this.userId, true);
    return Promise.resolve();
  }

  invite(roomId: string, userId: string): Promise<void> {
    const pl = this.world.room(roomId).state.get('m.room.power_levels\u0000')?.content ?? {};
    const level = ((pl.users ?? {}) as Record<string, number>)[this.userId] ?? Number(pl.users_default ?? 0);
    if (this.world.membership(roomId, this.userId) !== 'join' || level < Number(pl.invite ?? 0)) return Promise.reject(new MatrixRequestError(403, 'M_FORBIDDEN', 'may not invite', false));
    if (this.world.membership(roomId, userId) === 'join') return Promise.reject(new MatrixRequestError(403, 'M_FORBIDDEN', `${userId} is already in the room`, false));
    this.world.post(roomId, this.userId, 'm.room.member', { membership: 'invite' }, userId, true);
    return Promise.resolve();
  }

  leave(roomId: string, reason: string): Promise<void> {
    if (this.world.down.has(this.userId)) return this.refused();
    this.world.post(roomId, this.userId, 'm.room.member', { membership: 'leave', reason }, this.userId, true);
    return Promise.resolve();
  }

  roomState(roomId: string): Promise<{ type: string; state_key: string; sender: string; content: Record<string, unknown> }[]> {
    if (this.world.down.has(this.userId)) return this.refused();
    return Promise.resolve([...this.world.room(roomId).state.values()].map((e) => ({ type: e.type, state_key: e.state_key ?? '', sender: e.sender, content: structuredClone(e.content) })));
  }

  membership(roomId: string, userId: string): Promise<string | null> {
    if (this.world.down.has(this.userId)) return this.refused();
    return Promise.resolve(this.world.membership(roomId, userId));
  }

  history(roomId: string, max: number, _from?: string | null, _to?: string | null): Promise<{ type: string; sender: string; roomId: string; content: unknown; stateKey?: string }[]> {
    if (this.world.down.has(this.userId)) return this.refused();
    return Promise.resolve(
      this.world
        .room(roomId)
        .events.filter((e) => e.type.startsWith('org.plenary.') && e.sender !== this.userId && this.world.reaches(this.userId, e))
        .slice(-max)
        .map((e) => ({ type: e.type, sender: e.sender, roomId, content: structuredClone(e.content), ...(e.state_key === undefined ? {} : { stateKey: e.state_key }) })),
    );
  }

  async sync(since: string | null, timeoutMs: number, _filter: string, signal: AbortSignal): Promise<unknown> {
    this.up();
    const from = since === null ? 0 : Number(since);
    const deadline = Date.now() + timeoutMs;
    while (this.world.head === from && Date.now() < deadline && !signal.aborted) await new Promise((r) => setTimeout(r, 5));
    const s = this.world.sync(this.userId, from);
    const join = Object.fromEntries(Object.entries(s.rooms).map(([id, evs]) => [id, { timeline: { events: evs.map(({ n: _n, ...e }) => e) } }]));
    const invite = Object.fromEntries(s.invites.map((i) => [i.roomId, { invite_state: { events: [{ type: 'm.room.member', sender: i.inviter, state_key: this.userId, content: { membership: 'invite' } }] } }]));
    return { next_batch: String(s.next), rooms: { join, invite } };
  }
}
