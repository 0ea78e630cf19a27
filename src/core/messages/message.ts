import type { VotingMethod } from '../model/policy.js';

/**
 * The platform-neutral message model. Adapters own rendering: Discord turns it
 * into an embed with buttons, Matrix into HTML (and polls), the console into text.
 * All text here is untrusted user text; renderers must neutralise mentions/markup.
 */
export interface OutMessage {
  readonly title: string;
  readonly body?: string;
  readonly fields?: readonly MessageField[];
  readonly tone?: 'info' | 'success' | 'warning' | 'error';
  /** Personal replies (your ballot, errors) are ephemeral where the platform can. */
  readonly visibility: 'personal' | 'public';
  readonly controls?: VoteControls;
  /** Stable reference used for edits (live tallies) and de-duplication. */
  readonly ref?: string;
  /** A file to attach (audit exports). */
  readonly attachment?: { readonly filename: string; readonly content: string };
  /**
   * The assembly's chain head at this message (results, checkpoints): every
   * renderer shows it as `formatHead` writes it, so members' chat history
   * witnesses the record (docs/AUDIT.md).
   */
  readonly chainHead?: ChainHeadNote;
  /**
   * Asks the platform to open a discussion under this message (a Discord
   * thread, a Matrix thread), named `title`, so members deliberate next to the
   * vote; later messages with the same `ref` (the result) are posted there
   * too. Platforms without threads ignore it (the assembly's `threads` policy).
   */
  readonly discussion?: { readonly title: string };
}

/** A chain head as posted: which assembly, which event, its hash (full; renderers shorten it). */
export interface ChainHeadNote {
  readonly assembly: string;
  readonly seq: number;
  readonly hash: string;
}

export interface MessageField {
  readonly name: string;
  readonly value: string;
  readonly inline?: boolean;
}

/** Buttons / selects / polls an adapter may render for voting on a motion. */
export interface VoteControls {
  readonly motionId: string;
  readonly motionNumber: number;
  readonly assemblyId: string;
  readonly method: VotingMethod;
  readonly options: readonly string[];
  readonly seats: number;
  readonly secret: boolean;
  readonly closed: boolean;
  /** The language tag the message around them is worded in (the assembly's): a platform words its buttons and footers alike. */
  readonly locale?: string;
}

export const personal = (title: string, body?: string, extra: Partial<OutMessage> = {}): OutMessage => ({
  title,
  ...(body === undefined ? {} : { body }),
  visibility: 'personal',
  ...extra,
});

export const publicMessage = (title: string, body?: string, extra: Partial<OutMessage> = {}): OutMessage => ({
  title,
  ...(body === undefined ? {} : { body }),
  visibility: 'public',
  ...extra,
});
