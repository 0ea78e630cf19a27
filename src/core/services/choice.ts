import { didYouMean } from '../shared/did-you-mean.js';
import type { Choice, Motion } from '../model/entities.js';
import { err, ok, type Result } from '../shared/result.js';

const YES = ['yes', 'y', 'aye', 'for', '+1'];
const NO = ['no', 'n', 'nay', 'against', '-1'];
const ABSTAIN = ['abstain', 'a', 'abs', 'pass', '0'];

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
    return err('bad-input', `Vote yes, no or abstain on motion #${motion.number}.${didYouMean(text, ['yes', 'no', 'abstain'])}`);
  }
  const parts = raw.split(motion.method === 'ranked' ? /\s*[>,]\s*/ : /\s*,\s*/).filter((p) => p.trim() !== '');
  if (motion.method === 'approval' && parts.length === 0) return ok({ kind: 'approval', approved: [] });
  if (parts.length === 0) return err('bad-input', `Rank at least one option of motion #${motion.number}, best first, e.g. 2>1>3:\n${optionList(motion)}`);
  const picked: number[] = [];
  for (const p of parts) {
    const i = optionIndex(motion, p);
    if (i === null) return err('bad-input', `"${p.trim()}" is not an option of motion #${motion.number}.${didYouMean(p.trim(), motion.options)} The options are:\n${optionList(motion)}`);
    if (picked.includes(i)) return err('bad-input', `"${motion.options[i] ?? p}" appears twice in your ballot.`);
    picked.push(i);
  }
  return motion.method === 'approval' ? ok({ kind: 'approval', approved: picked.sort((a, b) => a - b) }) : ok({ kind: 'ranked', ranking: picked });
}

export function describeChoice(motion: Motion, c: Choice): string {
  switch (c.kind) {
    case 'yes-no-abstain':
      return c.value;
    case 'approval':
      return c.approved.length === 0 ? 'none of the options' : c.approved.map((i) => motion.options[i] ?? `#${i + 1}`).join(', ');
    case 'ranked':
      return c.ranking.map((i) => motion.options[i] ?? `#${i + 1}`).join(' > ');
  }
}
