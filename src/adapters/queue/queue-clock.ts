/** Time as the in-process queue sees it; injected so unit tests can run hours of backoff instantly. */
export interface QueueClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

export const systemClock: QueueClock = Object.freeze({
  now: () => Date.now(),
  setTimeout: (callback: () => void, ms: number): unknown => setTimeout(callback, ms),
  clearTimeout: (timer: unknown) => {
    clearTimeout(timer as ReturnType<typeof setTimeout>);
  },
});
