/**
 * Per-IP token buckets: `perMinute` requests, refilled continuously, with a
 * bounded table (the least recently seen address goes first) so a flood of
 * addresses cannot grow memory without end.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxAddresses = 50_000,
  ) {}

  /** True when the request may go ahead (and takes a token). */
  take(ip: string, cost = 1): boolean {
    const t = this.now();
    const b = this.buckets.get(ip) ?? { tokens: this.perMinute, at: t };
    b.tokens = Math.min(this.perMinute, b.tokens + ((t - b.at) / 60_000) * this.perMinute);
    b.at = t;
    this.buckets.delete(ip);
    this.buckets.set(ip, b);
    if (this.buckets.size > this.maxAddresses) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (b.tokens < cost) return false;
    b.tokens -= cost;
    return true;
  }
}
