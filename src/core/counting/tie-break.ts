import type { Lot } from './lot.js';

/**
 * Which earlier stage settles a tie. The Scottish Order (rules 49(2) and
 * 51(2)) looks at the most recent preceding stage at which the tied
 * candidates had unequal votes; many other rule sets (and our IRV) look at
 * the earliest such stage.
 */
export type PriorStageRule = 'earliest' | 'most-recent';

/** How a tie was settled, recorded on the stage so a count sheet shows it. */
export type TieBreak =
  | { readonly among: readonly number[]; readonly by: 'prior-stage'; readonly stage: number }
  | { readonly among: readonly number[]; readonly by: 'lot' };

export interface TieOutcome {
  readonly chosen: number;
  readonly tieBreak: TieBreak | null;
}

/**
 * Picks the lowest (or highest) candidate by `current` totals; a tie is
 * narrowed stage by stage through `history` (totals per stage, oldest
 * first; stage numbers are 1-based indexes into it), then settled by lot.
 * When three or more are tied, each unequal stage keeps only those at the
 * extreme and the search goes on among them.
 */
export function pickExtreme(
  candidates: readonly number[],
  current: ArrayLike<number>,
  want: 'lowest' | 'highest',
  history: readonly ArrayLike<number>[],
  rule: PriorStageRule,
  lot: Lot,
): TieOutcome {
  const better = (x: number, y: number): boolean => (want === 'lowest' ? x < y : x > y);
  const keepExtreme = (among: readonly number[], totals: ArrayLike<number>): number[] => {
    let best: number | undefined;
    for (const c of among) {
      const v = totals[c] ?? 0;
      if (best === undefined || better(v, best)) best = v;
    }
    return among.filter((c) => (totals[c] ?? 0) === best);
  };
  const tied = keepExtreme(candidates, current);
  const first = tied[0];
  if (first === undefined) throw new RangeError('pickExtreme over no candidates');
  if (tied.length === 1) return { chosen: first, tieBreak: null };
  let left = tied;
  let decidingStage = 0;
  const order = history.map((_, i) => i);
  if (rule === 'most-recent') order.reverse();
  for (const s of order) {
    const totals = history[s];
    if (totals === undefined) continue;
    const narrowed = keepExtreme(left, totals);
    if (narrowed.length < left.length) {
      left = narrowed;
      decidingStage = s + 1;
      if (left.length === 1) break;
    }
  }
  const [only] = left;
  if (left.length === 1 && only !== undefined) return { chosen: only, tieBreak: { among: tied, by: 'prior-stage', stage: decidingStage } };
  return { chosen: lot.pick(left), tieBreak: { among: tied, by: 'lot' } };
}

/**
 * Orders candidates from highest to lowest, settling ties as `pickExtreme`
 * does; used when several candidates are elected at one stage.
 */
export function orderByTotals(
  candidates: readonly number[],
  current: ArrayLike<number>,
  history: readonly ArrayLike<number>[],
  rule: PriorStageRule,
  lot: Lot,
): { order: number[]; tieBreaks: TieBreak[] } {
  const left = [...candidates];
  const order: number[] = [];
  const tieBreaks: TieBreak[] = [];
  while (left.length > 0) {
    const { chosen, tieBreak } = pickExtreme(left, current, 'highest', history, rule, lot);
    order.push(chosen);
    if (tieBreak) tieBreaks.push(tieBreak);
    left.splice(left.indexOf(chosen), 1);
  }
  return { order, tieBreaks };
}
