import type { InboxEntry, Lane, PeerLinkStore, SettledStatus } from '../ports/peer-link-store.port.js';
import { isKnownEventType, MAX_RESEND } from './events.js';
import type { LaneHost } from './lanes.js';

/** What applying one event did: `recorded` keeps it without effect (a replay, a superseded version), `refused` without right to it. */
export interface Applied {
  readonly status: Exclude<SettledStatus, 'ignored'>;
  readonly note?: string;
}

/**
 * Applies one event in its lane's order; the relay's handler in the full
 * wiring. `links` is the store bound to the lane's lock and `tx` the
 * transaction it runs in: everything the apply writes goes through them.
 */
export type ApplyEvent<Tx> = (entry: InboxEntry, now: Date, links: PeerLinkStore, tx: Tx) => Promise<Applied>;

export interface ResendRequest {
  readonly roomId: string;
  /** The deployment asked to resend. */
  readonly sender: string;
  readonly fromSeq: number;
  readonly toSeq: number;
}

export interface InboxOptions {
  /** A gap older than this is asked for again (Matrix's own catch-up usually fills it first). */
  readonly gapMs: number;
  /** At most one resend per lane this often while the gap lasts. */
  readonly resendEveryMs: number;
  /** Events applied per drain pass of one lane. */
  readonly batch: number;
}

const HEARTBEAT = 'org.plenary.heartbeat';

export const DEFAULT_INBOX_OPTIONS: InboxOptions = { gapMs: 60_000, resendEveryMs: 600_000, batch: 100 };

export type InboxOutcome =
  | { readonly kind: 'accepted'; readonly applied: number; readonly resend: ResendRequest | null }
  | { readonly kind: 'duplicate' }
  /** Another event holds this seq: the sender equivocated (or re-used a seq). Refused and shown. */
  | { readonly kind: 'seq-conflict' };

/**
 * The receiving side of a link (docs/FEDERATION-PROTOCOL.md §5): each verified
 * event is kept once under its idempotency key, then applied strictly in its
 * sender's seq order; an event ahead of a gap waits, and a gap that lasts is
 * asked for again. Unknown types consume their seq and apply nothing.
 *
 * A lane is drained by one caller at a time in every process together
 * (`LaneHost.withLane`: on PostgreSQL an advisory lock held by the
 * transaction the drain runs in), and `settleInbound` is a compare-and-set
 * besides. What the apply writes through the `links` and `tx` it is given
 * commits with the settle (`storeLanes`: the relay's effects included).
 */
export class Inbox<Tx> {
  private readonly draining = new Map<string, Promise<unknown>>();
  private readonly options: InboxOptions;
  private readonly store: PeerLinkStore;

  constructor(
    private readonly lanes: LaneHost<Tx>,
    private readonly apply: ApplyEvent<Tx>,
    options: Partial<InboxOptions> = {},
  ) {
    this.store = lanes.links;
    this.options = { ...DEFAULT_INBOX_OPTIONS, ...options };
  }

  /** Takes a verified event (`verifyEvent` → verified or unknown-type) and applies what is now in order. */
  async accept(entry: Omit<InboxEntry, 'status' | 'note' | 'receivedAt' | 'settledAt'>, now: Date): Promise<InboxOutcome> {
    const r = await this.store.receiveInbound(entry, now);
    if (r === 'duplicate') return { kind: 'duplicate' };
    if (r === 'seq-taken') return { kind: 'seq-conflict' };
    // A heartbeat is the sender's position: every seq below it exists, so a gap under it is asked for at once.
    const { applied, resend } = await this.drain(entry.roomId, entry.sender, now, entry.eventType === HEARTBEAT ? entry.seq : null);
    return { kind: 'accepted', applied, resend };
  }

  /**
   * Applies the lane's pending events that are in order; reports a resend when
   * a gap lasted, or at once up to `declared` - 1 when the event at `declared`
   * (a heartbeat just received) still waits.
   */
  drain(roomId: string, sender: string, now: Date, declared: number | null = null): Promise<{ applied: number; resend: ResendRequest | null }> {
    const key = `${roomId}\u0000${sender}`;
    const before = this.draining.get(key) ?? Promise.resolve();
    const run = before.then(() => this.lanes.withLane(roomId, sender, (links, tx) => this.drainOnce(links, tx, roomId, sender, now, declared)));
    const settled = run.catch(() => undefined);
    this.draining.set(key, settled);
    void settled.then(() => {
      if (this.draining.get(key) === settled) this.draining.delete(key);
    });
    return run;
  }

  /** Lanes whose gap outlasted `gapMs`: the resends to ask for now (a sweep calls this). */
  async sweepGaps(now: Date, limit = 100): Promise<ResendRequest[]> {
    const lanes = await this.store.gappedLanes(new Date(now.getTime() - this.options.gapMs), limit);
    const out: ResendRequest[] = [];
    for (const lane of lanes) {
      const { resend } = await this.drain(lane.roomId, lane.sender, now);
      if (resend) out.push(resend);
    }
    return out;
  }

  private async drainOnce(store: PeerLinkStore, tx: Tx, roomId: string, sender: string, now: Date, declared: number | null): Promise<{ applied: number; resend: ResendRequest | null }> {
    let applied = 0;
    for (;;) {
      const lane = await store.lane(roomId, sender);
      const pending = await store.pendingFrom(roomId, sender, lane.nextSeq, this.options.batch);
      let next = lane.nextSeq;
      for (const entry of pending) {
        if (entry.seq !== next) break;
        const known = isKnownEventType(entry.eventType);
        const result: Applied | { status: 'ignored'; note: string } = known ? await this.apply(entry, now, store, tx) : { status: 'ignored', note: 'unknown event type' };
        if (!(await store.settleInbound(roomId, sender, entry.seq, result.status, result.note ?? null, now))) return { applied, resend: null };
        applied++;
        next++;
      }
      if (pending.length === this.options.batch && pending.at(-1)?.seq === next - 1) continue;
      const waiting = pending.find((e) => e.seq >= next) ?? (pending.length === 0 ? undefined : (await store.pendingFrom(roomId, sender, next, 1))[0]);
      if (declared !== null && declared > next && waiting) return { applied, resend: await this.declaredGap(store, lane, next, declared, now) };
      return { applied, resend: await this.gap(store, lane, next, waiting, now) };
    }
  }

  /** The sender's heartbeat at `declared` waits behind `next`: ask for everything between now (the sender re-sends what it sent; duplicates do nothing). */
  private async declaredGap(store: PeerLinkStore, lane: Lane, next: number, declared: number, now: Date): Promise<ResendRequest> {
    const since = next === lane.nextSeq && lane.gapSince ? lane.gapSince : now;
    await store.setLaneGap(lane.roomId, lane.sender, since, now);
    return { roomId: lane.roomId, sender: lane.sender, fromSeq: next, toSeq: Math.min(declared - 1, next + MAX_RESEND - 1) };
  }

  /** `lane` as read before this pass, `next` where it is now. */
  private async gap(store: PeerLinkStore, lane: Lane, next: number, waiting: InboxEntry | undefined, now: Date): Promise<ResendRequest | null> {
    const recorded = lane.gapSince !== null || lane.resendAskedAt !== null;
    if (!waiting) {
      if (recorded) await store.setLaneGap(lane.roomId, lane.sender, null, null);
      return null;
    }
    // Progress starts any remaining gap afresh: Matrix may still be catching up on it.
    const open = next === lane.nextSeq ? lane.gapSince : null;
    const fresh = open === null;
    const since = open ?? now;
    const asked = open ? lane.resendAskedAt : null;
    const lasting = now.getTime() - since.getTime() >= this.options.gapMs;
    const due = !asked || now.getTime() - asked.getTime() >= this.options.resendEveryMs;
    if (lasting && due) {
      await store.setLaneGap(lane.roomId, lane.sender, since, now);
      return { roomId: lane.roomId, sender: lane.sender, fromSeq: next, toSeq: Math.min(waiting.seq - 1, next + MAX_RESEND - 1) };
    }
    if (fresh) await store.setLaneGap(lane.roomId, lane.sender, since, null);
    return null;
  }
}
