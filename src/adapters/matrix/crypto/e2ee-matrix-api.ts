import type { Logger } from '../../../core/ports/logger.port.js';
import type { MatrixApi, Membership } from '../matrix-api.js';
import { UNDECRYPTABLE_FIELD, parseRoomEvent, type RoomEvent, type SyncResponse } from '../matrix-events.js';
import type { SyncSource } from '../sdk-matrix-api.js';
import type { E2eeEngine } from './e2ee-engine.js';
import type { PersistedIndexedDb } from './persisted-indexeddb.js';

/** The HTTP API underneath (SdkMatrixApi), plus who gets a room's keys. */
export type E2eeInnerApi = MatrixApi & SyncSource & { encryptionTargets(roomId: string): Promise<readonly string[]> };
type Engine = Pick<E2eeEngine, 'receiveSync' | 'decrypt' | 'encrypt'>;
type Db = Pick<PersistedIndexedDb, 'persist'>;

export interface E2eeMatrixApiOptions {
  readonly inner: E2eeInnerApi;
  readonly log: Logger;
  /** How long an event whose room key has not arrived is held back, waiting for the key, before its sender is told (default 10 s). */
  readonly keyGraceMs?: number;
  readonly now?: () => number;
}

interface Held {
  /** The sync it arrived in: retried from the next one on. */
  readonly sync: number;
  readonly roomId: string;
  readonly raw: Record<string, unknown>;
  readonly since: number;
}

/**
 * The Matrix API with end-to-end encryption, as a layer over SdkMatrixApi:
 * the bot above it (transport, handlers, sender) sees plaintext events and
 * sends plaintext content; this layer encrypts where a room has
 * `m.room.encryption` and decrypts what arrives (sync, /messages, single
 * events). It also feeds each sync's to-device messages to the crypto and
 * writes the crypto store to disk before handing the sync on (so the sync
 * position never moves past keys that are not saved).
 *
 * No plaintext of an encrypted event is logged here; failures name the
 * room and event only.
 */
export class E2eeMatrixApi implements MatrixApi, SyncSource {
  readonly userId: string;
  private engine: Engine | null = null;
  private db: Db | null = null;
  /** Known answers: encryption cannot be turned off, and turning it on reaches the bot as an `m.room.encryption` event in its sync. */
  private readonly encrypted = new Map<string, boolean>();
  private syncs = 0;
  private readonly members = new Map<string, Promise<readonly string[]>>();
  private readonly roomLocks = new Map<string, Promise<unknown>>();
  private held: Held[] = [];

  constructor(private readonly o: E2eeMatrixApiOptions) {
    this.userId = o.inner.userId;
  }

  attach(engine: Engine, db: Db): void {
    this.engine = engine;
    this.db = db;
  }

  /** Writes the crypto store now (at stop). */
  async persist(): Promise<void> {
    await this.db?.persist();
  }

  get ready(): boolean {
    return this.engine !== null;
  }

  private crypto(): { engine: Engine; db: Db } {
    if (!this.engine || !this.db) throw new Error('end-to-end encryption is not open yet (MatrixAdapter.openE2ee)');
    return { engine: this.engine, db: this.db };
  }

  async isEncrypted(roomId: string): Promise<boolean> {
    const known = this.encrypted.get(roomId);
    if (known !== undefined) return known;
    const state = await this.o.inner.state(roomId, 'm.room.encryption', '');
    const on = state !== null && typeof state.algorithm === 'string';
    if (!this.encrypted.get(roomId)) this.encrypted.set(roomId, on);
    return this.encrypted.get(roomId) ?? on;
  }

  async sendEvent(roomId: string, type: string, content: Readonly<Record<string, unknown>>, txnId: string): Promise<string> {
    if (!(await this.isEncrypted(roomId))) return this.o.inner.sendEvent(roomId, type, content, txnId);
    const { engine, db } = this.crypto();
    const withMentions = 'm.mentions' in content ? content : { ...content, 'm.mentions': {} };
    // One room's sends in order: a room key is shared once, then used for each message in turn.
    const encrypted = await this.inRoom(roomId, async () => {
      const c = await engine.encrypt(roomId, await this.targets(roomId), type, withMentions);
      // The session's message index moved on: saved before the event leaves, so no restart reuses it.
      await db.persist();
      return c;
    });
    return this.o.inner.sendEvent(roomId, 'm.room.encrypted', encrypted, txnId);
  }

  async sync(since: string | null, timeoutMs: number, filter: string, signal: AbortSignal): Promise<SyncResponse> {
    const r = await this.o.inner.sync(since, timeoutMs, filter, signal);
    const { engine, db } = this.crypto();
    this.syncs++;
    await engine.receiveSync(r);
    for (const [roomId, room] of Object.entries(r.rooms?.join ?? {})) {
      for (const raw of [...(room.state?.events ?? []), ...(room.timeline?.events ?? [])]) this.noteState(roomId, raw);
      if (room.timeline?.limited) this.members.delete(roomId);
      if (room.timeline) room.timeline.events = await this.decryptAll(roomId, room.timeline.events);
    }
    await this.retryHeld(r);
    // Before the transport saves next_batch: the homeserver deletes to-device messages once it is passed.
    await db.persist();
    return r;
  }

  async messagesBackwards(roomId: string, from: string | null, to: string | null, limit: number): Promise<{ events: RoomEvent[]; end: string | null }> {
    const r = await this.o.inner.messagesBackwards(roomId, from, to, limit);
    const events: RoomEvent[] = [];
    for (const e of r.events) events.push(e.type === 'm.room.encrypted' ? await this.decryptEvent(e) : e);
    return { events, end: r.end };
  }

  async event(roomId: string, eventId: string): Promise<RoomEvent | null> {
    const e = await this.o.inner.event(roomId, eventId);
    return e && e.type === 'm.room.encrypted' ? this.decryptEvent(e) : e;
  }

  createDirectRoom(userId: string): Promise<string> {
    // As Element does: a new DM is encrypted, and secret ballots travel encrypted.
    return this.o.inner.createDirectRoom(userId, { encrypted: true });
  }

  state(roomId: string, type: string, stateKey: string): Promise<Readonly<Record<string, unknown>> | null> {
    return this.o.inner.state(roomId, type, stateKey);
  }
  setState(roomId: string, type: string, stateKey: string, content: Readonly<Record<string, unknown>>): Promise<void> {
    return this.o.inner.setState(roomId, type, stateKey, content);
  }
  join(roomId: string): Promise<void> {
    return this.o.inner.join(roomId);
  }
  leave(roomId: string, reason?: string): Promise<void> {
    return this.o.inner.leave(roomId, reason);
  }
  invite(roomId: string, userId: string, reason?: string): Promise<void> {
    this.members.delete(roomId);
    return this.o.inner.invite(roomId, userId, reason);
  }
  kick(roomId: string, userId: string, reason: string): Promise<void> {
    this.members.delete(roomId);
    return this.o.inner.kick(roomId, userId, reason);
  }
  membership(roomId: string, userId: string): Promise<Membership | null> {
    return this.o.inner.membership(roomId, userId);
  }
  joinedMembers(roomId: string): Promise<readonly string[]> {
    return this.o.inner.joinedMembers(roomId);
  }
  accountData(type: string): Promise<Readonly<Record<string, unknown>> | null> {
    return this.o.inner.accountData(type);
  }
  setAccountData(type: string, content: Readonly<Record<string, unknown>>): Promise<void> {
    return this.o.inner.setAccountData(type, content);
  }
  upload(content: string, filename: string, contentType: string): Promise<string> {
    // Attachments (audit exports) are public records; an encrypted room gets an unencrypted file link.
    return this.o.inner.upload(content, filename, contentType);
  }

  /** Member lists per room, cached until a member event (or a gap) in that room's sync. */
  private targets(roomId: string): Promise<readonly string[]> {
    let p = this.members.get(roomId);
    if (!p) {
      p = this.o.inner.encryptionTargets(roomId);
      this.members.set(roomId, p);
      p.catch(() => this.members.delete(roomId));
    }
    return p;
  }

  private noteState(roomId: string, raw: unknown): void {
    if (typeof raw !== 'object' || raw === null) return;
    const e = raw as Record<string, unknown>;
    if (e.type === 'm.room.encryption' && e.state_key === '') this.encrypted.set(roomId, true);
    if (e.type === 'm.room.member') this.members.delete(roomId);
  }

  /**
   * Decrypts a sync timeline in place of the raw events. An event whose key
   * has not arrived is held back for the next syncs (the key usually follows
   * within a second); one that cannot be decrypted is passed on marked, so
   * the sender can be told.
   */
  private async decryptAll(roomId: string, events: unknown[]): Promise<unknown[]> {
    const out: unknown[] = [];
    for (const raw of events) {
      if (typeof raw !== 'object' || raw === null) continue;
      const e = withoutMarker(raw as Record<string, unknown>);
      if (e.type !== 'm.room.encrypted') {
        out.push(e);
        continue;
      }
      const d = await this.crypto().engine.decrypt(roomId, e);
      if (d.ok) out.push({ ...e, type: d.type, content: withRelation(d.content, e.content) });
      else if (d.code === 'missing-key') this.held.push({ sync: this.syncs, roomId, raw: e, since: this.now() });
      else out.push(marked(e, d.reason));
    }
    return out;
  }

  private async retryHeld(r: SyncResponse): Promise<void> {
    if (this.held.length === 0) return;
    const held = this.held;
    this.held = [];
    for (const h of held) {
      if (h.sync === this.syncs) {
        this.held.push(h); // taken in this very sync: its key had no chance to follow yet
        continue;
      }
      const d = await this.crypto().engine.decrypt(h.roomId, h.raw);
      const late = d.ok ? { ...h.raw, type: d.type, content: withRelation(d.content, h.raw.content) } : this.now() - h.since >= (this.o.keyGraceMs ?? 10_000) ? marked(h.raw, d.reason) : null;
      if (!late) {
        this.held.push(h);
        continue;
      }
      const rooms = (r.rooms ??= {});
      const join = (rooms.join ??= {});
      const room = (join[h.roomId] ??= {});
      room.timeline ??= { events: [] };
      room.timeline.events.push(late);
    }
  }

  private async decryptEvent(e: RoomEvent): Promise<RoomEvent> {
    const raw = { event_id: e.eventId, type: e.type, sender: e.sender, content: e.content, origin_server_ts: e.originServerTs, room_id: e.roomId };
    const d = await this.crypto().engine.decrypt(e.roomId, raw);
    if (!d.ok) return { ...e, undecryptable: d.reason };
    return parseRoomEvent(e.roomId, { ...raw, type: d.type, content: withRelation(d.content, e.content) }) ?? { ...e, undecryptable: 'the decrypted message is malformed.' };
  }

  private inRoom<T>(roomId: string, f: () => Promise<T>): Promise<T> {
    const next = (this.roomLocks.get(roomId) ?? Promise.resolve()).then(f);
    const tail = next.catch(() => undefined);
    this.roomLocks.set(roomId, tail);
    void tail.then(() => {
      if (this.roomLocks.get(roomId) === tail) this.roomLocks.delete(roomId);
    });
    return next;
  }

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }
}

/** Only this layer may say an event was undecryptable: a marker that came with the event is dropped. */
function withoutMarker(e: Record<string, unknown>): Record<string, unknown> {
  const unsigned = e.unsigned;
  if (typeof unsigned !== 'object' || unsigned === null || !(UNDECRYPTABLE_FIELD in unsigned)) return e;
  const { [UNDECRYPTABLE_FIELD]: _dropped, ...rest } = unsigned as Record<string, unknown>;
  return { ...e, unsigned: rest };
}

/** Relations travel outside the ciphertext (so servers can aggregate them); a client may leave them out of the plaintext. */
function withRelation(clear: Record<string, unknown>, wire: unknown): Record<string, unknown> {
  const rel = typeof wire === 'object' && wire !== null ? (wire as Record<string, unknown>)['m.relates_to'] : undefined;
  return rel === undefined || 'm.relates_to' in clear ? clear : { ...clear, 'm.relates_to': rel };
}

function marked(e: Record<string, unknown>, reason: string): Record<string, unknown> {
  const unsigned = typeof e.unsigned === 'object' && e.unsigned !== null ? (e.unsigned as Record<string, unknown>) : {};
  return { ...e, unsigned: { ...unsigned, [UNDECRYPTABLE_FIELD]: reason } };
}
