/** Time as the in-process queue sees it; injected so unit tests can run hours of backoff instantly. */
export interface QueueClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

/** Node's timers hold at most 2^31-1 ms (about 24.8 days); a longer delay would fire after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface LongTimer {
  handle: ReturnType<typeof setTimeout>;
}

/** A timer of any length: waits in steps Node can hold (a 30-day proposal deadline). */
function longTimeout(callback: () => void, ms: number): LongTimer {
  const due = Date.now() + ms;
  const timer: LongTimer = { handle: setTimeout(step, Math.min(Math.max(0, ms), MAX_TIMER_MS)) };
  function step(): void {
    const left = due - Date.now();
    if (left > 0) timer.handle = setTimeout(step, Math.min(left, MAX_TIMER_MS));
    else callback();
  }
  return timer;
}

export const systemClock: QueueClock = Object.freeze({
  now: () => Date.now(),
  setTimeout: (callback: () => void, ms: number): unknown => longTimeout(callback, ms),
  clearTimeout: (timer: unknown) => {
    clearTimeout((timer as LongTimer).handle);
  },
});
