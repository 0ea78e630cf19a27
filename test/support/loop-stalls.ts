import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * The pacer's promise (rest-pacer.ts) holds while requests reach Discord
 * within its 15 ms margin of their slot. In an e2e test the loopback API runs
 * in the bot's own process, so an event-loop stall of the test process (a
 * loaded CI machine) moves arrivals by the stall and can bunch two seconds'
 * requests into one: that is the host, not the pacer. A test measures the
 * stalls while it runs and holds the pacer to 0 global 429s when none went
 * past the margin, and to a small bound when some did (unpaced discord.js
 * draws dozens; test/e2e/discord/rest-pacing.test.ts and the bench show it).
 */
export class LoopStalls {
  private readonly h: ReturnType<typeof monitorEventLoopDelay> = monitorEventLoopDelay({ resolution: 5 });

  constructor() {
    this.h.enable();
  }

  /** Stops measuring; the longest stall seen, in ms. */
  stop(): number {
    this.h.disable();
    return this.h.max / 1e6;
  }
}

/** The pacer's margin: starts are 1000/49 ms apart, 51 starts span at least 1,015 ms. */
export const PACER_MARGIN_MS = 15;

/** Global 429s a paced run may draw: none on a steady host, at most `whenStalled` when the host stalled past the margin. */
export function allowedGlobal429(maxStallMs: number, whenStalled = 3): number {
  return maxStallMs > PACER_MARGIN_MS ? whenStalled : 0;
}
