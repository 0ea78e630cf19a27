/**
 * A bounded set of recently seen ids with a time to live. The gateway may
 * deliver an interaction twice (resume after a reconnect); the second copy
 * is dropped here. Per process is enough: Discord delivers a guild's
 * interactions to the one shard that owns the guild.
 */
export class RecentIds {
  private readonly seen = new Map<string, number>();
  constructor(
    private readonly ttlMs = 15 * 60_000,
    private readonly max = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time an id is offered (within the ttl), false for a repeat. */
  add(id: string): boolean {
    const t = this.now();
    const at = this.seen.get(id);
    if (at !== undefined && t - at < this.ttlMs) return false;
    this.seen.delete(id);
    this.seen.set(id, t);
    // Maps iterate in insertion order: the oldest entries go first.
    for (const [k, v] of this.seen) {
      if (this.seen.size <= this.max && t - v < this.ttlMs) break;
      this.seen.delete(k);
    }
    return true;
  }
}
