import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { MotionId } from '../../core/shared/ids.js';
import type { TallyHub, TallyUpdate } from './tally-hub.js';

/** Whether the viewer of an open live connection may still see the motion (the same check as its page). */
export type StillVisible = (update?: TallyUpdate) => Promise<boolean>;

export interface LiveOptions {
  readonly hub: TallyHub;
  /** How often an open connection re-checks its viewer when no tally changes (default 5 s). */
  readonly recheckMs?: number;
  /** When the viewer's personal link expires (null: no link, a public page). */
  readonly expiresAt: Date | null;
  readonly now: () => Date;
}

/**
 * `/m/:id/events`: the live tally as Server-Sent Events. A connection is not
 * a licence: before every update, and every `recheckMs` without one, it asks
 * again whether the viewer may see the motion (a member excluded, an assembly
 * turned `web-visibility off`, the link expired), and when not, says `closed`
 * and ends; the browser's reconnection then meets the page's own 403.
 */
export function liveTallyStream(c: Context, motionId: MotionId, stillVisible: StillVisible, o: LiveOptions): Response {
  return streamSSE(c, async (stream) => {
    const state = { ended: false, stop: (): void => undefined, timer: undefined as NodeJS.Timeout | undefined };
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const end = async (why: string): Promise<void> => {
      if (state.ended) return;
      state.ended = true;
      state.stop();
      clearInterval(state.timer);
      await stream.writeSSE({ event: 'closed', data: why }).catch(() => undefined);
      finish();
    };
    const allowed = async (update?: TallyUpdate): Promise<boolean> => {
      if (o.expiresAt && o.expiresAt.getTime() <= o.now().getTime()) return false;
      return stillVisible(update).catch(() => false);
    };
    const send = async (u: TallyUpdate): Promise<void> => {
      if (state.ended) return;
      if (!(await allowed(u))) return end('not visible to you any more');
      await stream.writeSSE({ event: 'tally', data: JSON.stringify(u) }).catch(() => undefined);
    };
    stream.onAbort(() => {
      state.ended = true;
      state.stop();
      clearInterval(state.timer);
      finish();
    });
    const first = await o.hub.current(motionId);
    if (first) await send(first);
    if (state.ended) return;
    state.stop = o.hub.subscribe(motionId, (u) => void send(u));
    state.timer = setInterval(() => {
      void allowed().then((ok) => (ok ? undefined : end('not visible to you any more')));
    }, o.recheckMs ?? 5000);
    state.timer.unref();
    await done;
  });
}

/**
 * One visibility check per (motion, viewer) and per tally update, shared by
 * every open connection it goes to: when a tally changes, 1,000 strangers on
 * a public motion re-check with one read, not 1,000. Each update asks the
 * store afresh after the tally was read, so a change made before that update
 * is always seen before the tally is sent. Periodic re-checks share a round
 * per time window (`roundOf`); without a round only a check in flight is shared.
 */
export class VisibilityChecks {
  private readonly perUpdate = new WeakMap<object, Map<string, Promise<boolean>>>();
  private readonly inFlight = new Map<string, Promise<boolean>>();

  check(key: string, ask: () => Promise<boolean>, update?: object): Promise<boolean> {
    if (update) {
      let round = this.perUpdate.get(update);
      if (!round) {
        round = new Map();
        this.perUpdate.set(update, round);
      }
      let answer = round.get(key);
      if (!answer) {
        answer = ask().catch(() => false);
        round.set(key, answer);
      }
      return answer;
    }
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const answer = ask()
      .catch(() => false)
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, answer);
    return answer;
  }

  private window = { n: -1, round: {} };
  /**
   * The round of the periodic re-checks now: one per `periodMs` window, so the
   * connections that re-check in one window share one read (an answer at most
   * one window old; it only decides when a quiet connection closes).
   */
  roundOf(periodMs: number, nowMs: number = Date.now()): object {
    const n = Math.floor(nowMs / periodMs);
    if (n !== this.window.n) this.window = { n, round: {} };
    return this.window.round;
  }
}
