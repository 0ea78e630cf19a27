import type { StoreReads } from '../../core/ports/store.port.js';
import { liveTally } from '../../core/services/live-tally.js';
import type { MotionId } from '../../core/shared/ids.js';
import { tallyText } from './pages/assembly.page.js';

/** What a live page is told: the tally line, how many voted, and whether voting ended. */
export interface TallyUpdate {
  readonly motionId: string;
  readonly text: string;
  readonly ballots: number;
  readonly status: string;
}

type Listener = (u: TallyUpdate) => void;

/**
 * One poller per watched motion, whatever the number of open pages: each
 * `pollMs` it reads the live tally (a count only for a secret ballot, as
 * chat shows it) and tells every listener when it changed. A motion nobody
 * watches is not read.
 */
export class TallyHub {
  private readonly watched = new Map<MotionId, { listeners: Set<Listener>; last: string; timer: NodeJS.Timeout }>();
  constructor(
    private readonly reads: StoreReads,
    private readonly pollMs = 1000,
    private readonly onError: (e: unknown) => void = () => undefined,
  ) {}

  get connections(): number {
    let n = 0;
    for (const w of this.watched.values()) n += w.listeners.size;
    return n;
  }

  async current(motionId: MotionId): Promise<TallyUpdate | null> {
    const t = await liveTally(this.reads, motionId);
    if (!t) return null;
    return { motionId, text: tallyText(t.motion, t.ballots, t.counts), ballots: t.ballots, status: t.motion.status };
  }

  /** Starts telling `listener`; returns the function that stops it. */
  subscribe(motionId: MotionId, listener: Listener): () => void {
    let w = this.watched.get(motionId);
    if (!w) {
      const entry = { listeners: new Set<Listener>(), last: '', timer: setInterval(() => void this.poll(motionId), this.pollMs) };
      entry.timer.unref();
      this.watched.set(motionId, entry);
      w = entry;
    }
    w.listeners.add(listener);
    return () => {
      const e = this.watched.get(motionId);
      if (!e) return;
      e.listeners.delete(listener);
      if (e.listeners.size === 0) {
        clearInterval(e.timer);
        this.watched.delete(motionId);
      }
    };
  }

  close(): void {
    for (const w of this.watched.values()) clearInterval(w.timer);
    this.watched.clear();
  }

  private async poll(motionId: MotionId): Promise<void> {
    const w = this.watched.get(motionId);
    if (!w) return;
    try {
      const u = await this.current(motionId);
      if (!u) return;
      const key = `${u.status}|${u.text}`;
      if (key === w.last) return;
      w.last = key;
      for (const l of w.listeners) l(u);
    } catch (e) {
      this.onError(e);
    }
  }
}
