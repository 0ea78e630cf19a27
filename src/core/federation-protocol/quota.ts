/** Per-peer quota: a token bucket refilled at `perSecond` up to `burst`. */
export interface QuotaOptions {
  readonly perSecond: number;
  readonly burst: number;
}

export const DEFAULT_PEER_QUOTA: QuotaOptions = { perSecond: 20, burst: 200 };

export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly options: QuotaOptions,
    nowMs: number,
  ) {
    this.tokens = options.burst;
    this.at = nowMs;
  }

  /** Takes one token if there is one. */
  take(nowMs: number): boolean {
    this.refill(nowMs);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until a token is there (0 when one is). */
  waitMs(nowMs: number): number {
    this.refill(nowMs);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.options.perSecond) * 1000);
  }

  private refill(nowMs: number): void {
    if (nowMs > this.at) {
      this.tokens = Math.min(this.options.burst, this.tokens + ((nowMs - this.at) / 1000) * this.options.perSecond);
      this.at = nowMs;
    }
  }
}

/**
 * Incoming work queued per peer and handed out round-robin, each peer within
 * its own bucket: a peer that floods fills only its own queue (bounded: the
 * oldest surplus is dropped and counted, Matrix still holds it for a resend),
 * and every other peer's next event is at most one turn away.
 */
export class FairPeerQueue<T> {
  private readonly queues = new Map<string, T[]>();
  private readonly buckets = new Map<string, TokenBucket>();
  private order: string[] = [];
  private cursor = 0;
  private readonly droppedBy = new Map<string, number>();

  constructor(
    private readonly quota: QuotaOptions = DEFAULT_PEER_QUOTA,
    /** Events kept waiting per peer; beyond it the newest are dropped (re-read later from the room). */
    private readonly maxQueued = 10_000,
  ) {}

  push(peer: string, item: T): boolean {
    let q = this.queues.get(peer);
    if (!q) {
      q = [];
      this.queues.set(peer, q);
      this.order.push(peer);
    }
    if (q.length >= this.maxQueued) {
      this.droppedBy.set(peer, (this.droppedBy.get(peer) ?? 0) + 1);
      return false;
    }
    q.push(item);
    return true;
  }

  /** The next item of the next peer with work and a token; null when none may go now. */
  next(nowMs: number): { peer: string; item: T } | null {
    const n = this.order.length;
    for (let i = 0; i < n; i++) {
      const peer = this.order[(this.cursor + i) % n];
      if (peer === undefined) continue;
      const q = this.queues.get(peer);
      if (!q || q.length === 0) continue;
      if (!this.bucket(peer, nowMs).take(nowMs)) continue;
      this.cursor = (this.cursor + i + 1) % n;
      const item = q.shift() as T;
      if (q.length === 0) this.forget(peer);
      return { peer, item };
    }
    return null;
  }

  /** Milliseconds until some queued peer has a token (null: nothing queued). */
  waitMs(nowMs: number): number | null {
    let best: number | null = null;
    for (const [peer, q] of this.queues) if (q.length > 0) best = Math.min(best ?? Infinity, this.bucket(peer, nowMs).waitMs(nowMs));
    return best;
  }

  queued(peer: string): number {
    return this.queues.get(peer)?.length ?? 0;
  }

  dropped(peer: string): number {
    return this.droppedBy.get(peer) ?? 0;
  }

  private bucket(peer: string, nowMs: number): TokenBucket {
    let b = this.buckets.get(peer);
    if (!b) {
      b = new TokenBucket(this.quota, nowMs);
      this.buckets.set(peer, b);
    }
    return b;
  }

  private forget(peer: string): void {
    this.queues.delete(peer);
    const at = this.order.indexOf(peer);
    this.order.splice(at, 1);
    if (this.cursor > at) this.cursor--;
    if (this.cursor >= this.order.length) this.cursor = 0;
  }
}
