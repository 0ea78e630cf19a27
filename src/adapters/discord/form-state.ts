import { randomBytes } from 'node:crypto';
import { DISCORD_LIMITS } from './limits.js';

/**
 * Carries the options given on a slash command across the form (modal) that
 * collects its long text. Small states travel inside the form's custom_id,
 * so they survive restarts and need no memory. Large ones (say twenty
 * options of an election) wait here under a random token for 15 minutes,
 * Discord's own limit for answering an interaction; a form submitted to
 * another process or after a restart is told to start again. That is
 * shard-safe: Discord delivers a guild's interactions to one shard.
 */
export class FormState {
  private readonly pending = new Map<string, { args: Record<string, unknown>; expires: number }>();
  constructor(
    private readonly ttlMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
    private readonly max = 10_000,
  ) {}

  /** The state token for a custom_id with `room` characters to spare. */
  save(args: Readonly<Record<string, unknown>>, room: number): string {
    const inline = Buffer.from(JSON.stringify(args), 'utf8').toString('base64url');
    if (inline.length <= room) return inline;
    this.sweep();
    // Bounded: forms nobody submits must not grow without end. The oldest go first.
    for (const k of this.pending.keys()) {
      if (this.pending.size < this.max) break;
      this.pending.delete(k);
    }
    const token = `~${randomBytes(12).toString('base64url')}`;
    this.pending.set(token, { args: { ...args }, expires: this.now() + this.ttlMs });
    return token;
  }

  /** The saved args, or null when the form outlived its state (expired, or another process). */
  load(state: string): Record<string, unknown> | null {
    if (state.startsWith('~')) {
      const p = this.pending.get(state);
      this.pending.delete(state);
      return p && p.expires > this.now() ? p.args : null;
    }
    try {
      const v: unknown = JSON.parse(Buffer.from(state, 'base64url').toString('utf8'));
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  private sweep(): void {
    const t = this.now();
    for (const [k, v] of this.pending) if (v.expires <= t) this.pending.delete(k);
  }
}

/** `pl1:md::` and `pl1:fe::` are the same length. */
export const FORM_ID_OVERHEAD = 'pl1:md::'.length;
export const formStateRoom = (command: string): number => DISCORD_LIMITS.customId - FORM_ID_OVERHEAD - command.length;
