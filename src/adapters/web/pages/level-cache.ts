import type { FederationLevel } from '../../../core/ports/federation-store.port.js';
import type { StoreReads } from '../../../core/ports/store.port.js';
import type { FederationId } from '../../../core/shared/ids.js';

/**
 * A federation's level summary (one aggregate over the whole tree: seconds at
 * 111,111 assemblies) read at most once per `ttlMs` per federation, and once
 * for any number of requests arriving together. A summary a minute old is
 * what a map of that size needs; a cache never decides anything here.
 */
export class LevelCache {
  private readonly entries = new Map<FederationId, { at: number; value: Promise<readonly FederationLevel[]> }>();
  constructor(
    private readonly reads: StoreReads,
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
    private readonly max = 1000,
  ) {}

  levels(id: FederationId): Promise<readonly FederationLevel[]> {
    const hit = this.entries.get(id);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
    const value = this.reads.federationLevels(id);
    this.entries.set(id, { at: this.now(), value });
    // A failed read is not kept.
    value.catch(() => this.entries.delete(id));
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return value;
  }
}
