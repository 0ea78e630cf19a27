import { closest } from '../shared/did-you-mean.js';
import { ENGLISH, type Speech } from '../i18n/speech.js';
import { errT } from '../i18n/localized.js';
import type { Choice, Motion } from '../model/entities.js';
import { ok, type Result } from '../shared/result.js';

// Read in every language Plenary speaks: a ballot does not depend on the room's language.
const YES = ['yes', 'y', 'aye', 'for', '+1', 'sí', 'si', 's', 'a favor'];
const NO = ['no', 'n', 'nay', 'against', '-1', 'en contra'];
const ABSTAIN = ['abstain', 'a', 'abs', 'pass', '0', 'abstención', 'abstencion', 'me abstengo'];

/** The nearest words to a typo, as a message's `near`/`hasNear` parameters. */
function nearOf(typed: string, candidates: readonly string[]): { near: string; hasNear: 'yes' | 'no' } {
  const near = closest(typed, candidates);
  return { near: near.join(', '), hasNear: near.length > 0 ? 'yes' : 'no' };
}

/** An option by its 1-based number or its (case-insensitive) name. */
function optionIndex(motion: Motion, token: string): number | null {
  const t = token.trim();
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    return n >= 1 && n <= motion.options.length ? n - 1 : null;
  }
  const i = motion.options.findIndex((o) => o.toLowerCase() === t.toLowerCase());
  return i >= 0 ? i : null;
}

function optionList(motion: Motion): string {
  return motion.options.map((o, i) => `${i + 1}. ${o}`).join('\n');
}

/**
 * Reads a ballot from what a member typed or clicked. Approval: options
 * separated by commas; ranked: in order of preference, separated by `>` or
 * commas. Options by number or by name.
 */
export function parseChoice(motion: Motion, raw: string): Result<Choice> {
  const text = raw.trim().toLowerCase();
  if (motion.method === 'yes-no-abstain') {
    if (YES.includes(text)) return ok({ kind: 'yes-no-abstain', value: 'yes' });
    if (NO.includes(text)) return ok({ kind: 'yes-no-abstain', value: 'no' });
    if (ABSTAIN.includes(text)) return ok({ kind: 'yes-no-abstain', value: 'abstain' });
    return errT('bad-input', 'choice.yesNoAbstain', { number: motion.number, ...nearOf(text, ['yes', 'no', 'abstain']) });
  }
  const parts = raw.split(motion.method === 'ranked' ? /\s*[>,]\s*/ : /\s*,\s*/).filter((p) => p.trim() !== '');
  if (motion.method === 'approval' && parts.length === 0) return ok({ kind: 'approval', approved: [] });
  if (parts.length === 0) return errT('bad-input', 'choice.rankOne', { number: motion.number, options: optionList(motion) });
  const picked: number[] = [];
  for (const p of parts) {
    const i = optionIndex(motion, p);
    if (i === null) return errT('bad-input', 'choice.notOption', { option: p.trim(), number: motion.number, ...nearOf(p.trim(), motion.options), options: optionList(motion) });
    if (picked.includes(i)) return errT('bad-input', 'choice.twice', { option: motion.options[i] ?? p });
    picked.push(i);
  }
  return motion.method === 'approval' ? ok({ kind: 'approval', approved: picked.sort((a, b) => a - b) }) : ok({ kind: 'ranked', ranking: picked });
}

/** A ballot in words: yes/no/abstain in the reader's language; options as the motion names them. */
export function describeChoice(motion: Motion, c: Choice, t: Speech = ENGLISH): string {
  switch (c.kind) {
    case 'yes-no-abstain':
      return t.t('choice.value', { value: c.value });
    case 'approval':
      return c.approved.length === 0 ? t.t('choice.none') : c.approved.map((i) => motion.options[i] ?? `#${i + 1}`).join(', ');
    case 'ranked':
      return c.ranking.map((i) => motion.options[i] ?? `#${i + 1}`).join(' > ');
  }
}
