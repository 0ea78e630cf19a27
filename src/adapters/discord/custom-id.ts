import { DISCORD_LIMITS } from './limits.js';

/**
 * Every button, select and form the bot renders carries its whole state in
 * its custom_id, so a click works on any shard and after any restart; no
 * session lives in memory. The `pl1` prefix is the format version: when the
 * format changes, old buttons are recognised as stale and answered clearly
 * instead of being misread.
 */
export const CONTROL_VERSION = 'pl1';

export type YesNo = 'yes' | 'no' | 'abstain';

export type Control =
  /** A yes / no / abstain button. */
  | { readonly kind: 'vote'; readonly motionId: string; readonly choice: YesNo }
  /** The approval multi-select; the selected values are option indexes. */
  | { readonly kind: 'approve'; readonly motionId: string }
  /**
   * The ranked flow: a button (start / start over) or the select for the next
   * preference. More options than one select holds (25) are split over
   * several selects; `page` (1, 2…) tells them apart (custom_ids are unique per message).
   */
  | { readonly kind: 'rank'; readonly motionId: string; readonly ranking: readonly number[]; readonly page?: number }
  /** Cast the ranking built so far. */
  | { readonly kind: 'rank-submit'; readonly motionId: string; readonly ranking: readonly number[] }
  /** Show my current ballot. */
  | { readonly kind: 'my-ballot'; readonly motionId: string }
  /** Open a private ballot to change my vote. */
  | { readonly kind: 'change'; readonly motionId: string }
  /** A form (modal) for a command's long text; `state` carries the options given on the command. */
  | { readonly kind: 'form'; readonly command: string; readonly state: string }
  /** "Edit and resubmit" under a refused form: opens the form again with what was typed (`state`). */
  | { readonly kind: 'form-edit'; readonly command: string; readonly state: string };

export type Decoded =
  | Control
  /** Ours, but from another format version (or damaged): answer, do not guess. */
  | { readonly kind: 'stale'; readonly raw: string }
  /** Not ours at all. */
  | { readonly kind: 'foreign'; readonly raw: string };

const YES_NO: Readonly<Record<string, YesNo>> = { y: 'yes', n: 'no', a: 'abstain' };
const ID = /^[\w-]{1,40}$/;
const COMMAND = /^[a-z0-9.-]{1,40}$/;
// One base-36 digit per option index: a ranking of up to 36 options in 36 characters.
const RANKING = /^[0-9a-z]{0,36}$/;
export const MAX_RANKED_OPTIONS = 36;

export function encodeRanking(ranking: readonly number[]): string {
  return ranking.map((i) => i.toString(36)).join('');
}

function decodeRanking(s: string): number[] | null {
  if (!RANKING.test(s)) return null;
  const out = Array.from(s, (c) => parseInt(c, 36));
  return new Set(out).size === out.length ? out : null;
}

/** Renders a control's custom_id; throws when it would exceed Discord's limit, which is a bug in the caller. */
export function encodeControl(c: Control): string {
  const parts = ((): string[] => {
    switch (c.kind) {
      case 'vote':
        return ['v', c.motionId, c.choice[0] ?? 'y'];
      case 'approve':
        return ['ap', c.motionId];
      case 'rank':
        return c.page ? ['rk', c.motionId, encodeRanking(c.ranking), String(c.page)] : ['rk', c.motionId, encodeRanking(c.ranking)];
      case 'rank-submit':
        return ['rs', c.motionId, encodeRanking(c.ranking)];
      case 'my-ballot':
        return ['my', c.motionId];
      case 'change':
        return ['chg', c.motionId];
      case 'form':
        return ['md', c.command, c.state];
      case 'form-edit':
        return ['fe', c.command, c.state];
    }
  })();
  const id = [CONTROL_VERSION, ...parts].join(':');
  if (id.length > DISCORD_LIMITS.customId) throw new Error(`custom_id longer than ${DISCORD_LIMITS.customId}: ${id}`);
  return id;
}

export function decodeControl(raw: string): Decoded {
  const [version, kind, a = '', b, ...rest] = raw.split(':');
  if (version === undefined || !/^pl\d+$/.test(version)) return { kind: 'foreign', raw };
  const stale = { kind: 'stale', raw } as const;
  // Only a ranking select carries a fifth part: its page.
  const page = kind === 'rk' && rest.length === 1 ? /^[1-9]$/.exec(rest[0] ?? '')?.[0] : undefined;
  if (version !== CONTROL_VERSION || (rest.length > 0 && page === undefined)) return stale;
  if (kind === 'md') return COMMAND.test(a) && b !== undefined ? { kind: 'form', command: a, state: b } : stale;
  if (kind === 'fe') return COMMAND.test(a) && b !== undefined ? { kind: 'form-edit', command: a, state: b } : stale;
  if (!ID.test(a)) return stale;
  switch (kind) {
    case 'v': {
      const choice = YES_NO[b ?? ''];
      return choice ? { kind: 'vote', motionId: a, choice } : stale;
    }
    case 'ap':
      return b === undefined ? { kind: 'approve', motionId: a } : stale;
    case 'rk':
    case 'rs': {
      const ranking = decodeRanking(b ?? '');
      if (!ranking) return stale;
      if (kind === 'rs') return { kind: 'rank-submit', motionId: a, ranking };
      return page ? { kind: 'rank', motionId: a, ranking, page: Number(page) } : { kind: 'rank', motionId: a, ranking };
    }
    case 'my':
      return b === undefined ? { kind: 'my-ballot', motionId: a } : stale;
    case 'chg':
      return b === undefined ? { kind: 'change', motionId: a } : stale;
    default:
      return stale;
  }
}
