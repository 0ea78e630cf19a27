/**
 * Counts a member's or a room's commands in fixed time windows, for flood
 * limits. A port because several worker processes serve one deployment: the
 * count must be shared (PostgreSQL in production), or each process would
 * allow the limit again.
 */
export interface FloodCounter {
  /** Adds one hit to `key` in the window starting at `windowStart` and returns the window's count including it. */
  hit(key: string, windowStart: Date): Promise<number>;
}

/** In memory, for one process: the fake for tests and the console. Keeps only the current window per key. */
export class MemoryFloodCounter implements FloodCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  hit(key: string, windowStart: Date): Promise<number> {
    const w = this.windows.get(key);
    const count = w?.start === windowStart.getTime() ? w.count + 1 : 1;
    this.windows.set(key, { start: windowStart.getTime(), count });
    return Promise.resolve(count);
  }
}
