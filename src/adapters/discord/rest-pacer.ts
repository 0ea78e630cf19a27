import { DefaultRestOptions, type RESTOptions } from 'discord.js';

/**
 * Of the process's share of the global budget, the rate the pacer starts
 * requests at. Starts on a grid at 98% of a budget of R per second put at
 * most R in any second even when requests reach Discord up to 15 ms early or
 * late against each other, so network and scheduling jitter does not turn
 * into a global 429.
 */
export const PACED_SHARE = 0.98;

type MakeRequest = RESTOptions['makeRequest'];
type Sleep = (ms: number) => Promise<void>;

/**
 * Starts requests on a grid of `1000 / perSecond` ms, in the order they
 * asked; a start that comes late (a busy event loop, an idle pacer) moves the
 * grid so the next one still waits all but `slackMs` of an interval. Any 51
 * consecutive starts then span at least 50 intervals minus the slack (at 98%
 * of a budget of 50: 1,015 ms), and the average stays on the grid (a timer
 * firing a millisecond late costs nothing).
 *
 * Why: discord.js's own global limiter counts `globalRequestsPerSecond`
 * requests in a fixed window opened by the first, then lets the next
 * window's requests go as soon as it closes. Discord counts requests per
 * second as they arrive, so the end of one window's requests and the start
 * of the next fall in one second and come back as global 429s (each one
 * stops every request of the process for the whole Retry-After, a second).
 * A sliding window that allows bursts up to the budget was tried too: a
 * burst of 50 reaches Discord spread over more than the margin on a busy
 * machine, and drew more global 429s than discord.js alone.
 * Measured on the send lane (docs/BENCHMARKS.md, "Discord sends").
 */
export class RequestPacer {
  private tail: Promise<void> = Promise.resolve();
  private slot = Number.NEGATIVE_INFINITY;
  private last = Number.NEGATIVE_INFINITY;
  readonly intervalMs: number;

  constructor(
    perSecond: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    private readonly slackMs = 5,
  ) {
    if (!(perSecond > 0)) throw new RangeError(`requests per second must be positive, got ${perSecond}`);
    this.intervalMs = 1000 / perSecond;
  }

  /** Resolves when the caller may start its request. */
  take(): Promise<void> {
    const turn = this.tail.then(async () => {
      const now = this.now();
      const slot = Math.max(this.slot + this.intervalMs, this.last + this.intervalMs - this.slackMs);
      const wait = slot - now;
      // Rounded up: a timer never fires before its slot. A slot already past (an idle pacer) starts the grid now.
      if (wait > 0) await this.sleep(Math.ceil(wait));
      this.slot = wait > 0 ? slot : now;
      this.last = this.now();
    });
    this.tail = turn;
    return turn;
  }
}

/**
 * discord.js's request function behind the pacer. Interaction callbacks and
 * their follow-ups (webhook routes) are not bound to the global limit, and an
 * interaction must be answered within 3 s, so they are not paced.
 */
export function pacedRequest(pacer: RequestPacer, inner: MakeRequest = DefaultRestOptions.makeRequest): MakeRequest {
  return async (url, init) => {
    if (!/\/(interactions|webhooks)\//.test(url)) await pacer.take();
    return inner(url, init);
  };
}
