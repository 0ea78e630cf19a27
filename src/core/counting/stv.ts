/**
 * Single Transferable Vote as counted under the Scottish Local Government
 * Elections Order 2007 (SSI 2007/42, schedule 1, rules 45–52): the weighted
 * inclusive Gregory method with transfer values truncated to five decimal
 * places. Rule numbers below are the Order's.
 *
 * Votes are kept as integers in units of 0.00001 (`SCALE`), so every total is
 * exact: a transfer value is computed once per paper value with BigInt and
 * truncated, and a parcel's votes are its paper count times that value. The
 * results report votes as plain numbers (an exact 5-decimal figure).
 */
import { ok, type Result } from '../shared/result.js';
import { errT } from '../i18n/localized.js';
import { toGroups, withdrawnFlags, type RankedBallots } from './ballots.js';
import { createLot, seedFromBallots, type Lot } from './lot.js';
import { orderByTotals, pickExtreme, type PriorStageRule, type TieBreak } from './tie-break.js';

/** Five decimal places (rule 48(3)): votes are integers in these units. */
export const SCALE = 100_000;

export interface StvInput {
  readonly candidateCount: number;
  readonly seats: number;
  readonly ballots: RankedBallots;
  /** Candidates withdrawn before the count: skipped on every ballot. */
  readonly withdrawn?: readonly number[];
  /** Seed for the lot; by default a hash of the ballots (see lot.ts). */
  readonly seed?: string;
  /**
   * Which preceding stage settles ties (rules 49(2), 51(2)). Default
   * 'most-recent', as the Order words it; 'earliest' for rule sets that
   * look back to the first stage at which the candidates differed.
   */
  readonly priorStages?: PriorStageRule;
}

export type StvAction =
  | { readonly kind: 'first-preferences' }
  | { readonly kind: 'surplus'; readonly candidate: number; readonly surplus: number }
  | { readonly kind: 'exclusion'; readonly candidate: number; readonly votes: number };

export interface StvStage {
  /** 1-based; stage 1 counts first preferences (rule 45). */
  readonly number: number;
  readonly action: StvAction;
  /** Each candidate's votes at the end of the stage, by candidate index. */
  readonly totals: readonly number[];
  /** Votes on papers with no next available preference, cumulative. */
  readonly nonTransferable: number;
  /** Fractions of a surplus lost by truncation (rule 48(3)), cumulative. */
  readonly roundingLoss: number;
  /** Candidates deemed elected at this stage, in order of election. */
  readonly elected: readonly number[];
  /** The candidate excluded at this stage, if any. */
  readonly excluded: readonly number[];
  /** How a tie was settled in choosing this stage's action or order. */
  readonly tieBreaks: readonly TieBreak[];
}

export interface StvResult {
  /** In order of election. */
  readonly winners: readonly number[];
  readonly quota: number;
  readonly validBallots: number;
  /** Ballots with no preference for any candidate who stood. */
  readonly invalidBallots: number;
  readonly stages: readonly StvStage[];
  readonly seed: string;
}

type Status = 'continuing' | 'elected' | 'excluded' | 'withdrawn';

/** The mutable state of one count; each ballot group moves as one parcel. */
interface Count {
  readonly rankings: readonly (readonly number[])[];
  readonly counts: readonly number[];
  readonly value: number[];
  readonly position: number[];
  readonly piles: number[][];
  readonly totals: number[];
  readonly status: Status[];
  readonly history: number[][];
  readonly lot: Lot;
  readonly rule: PriorStageRule;
  nonTransferable: number;
  roundingLoss: number;
}

export function countStv(input: StvInput): Result<StvResult> {
  const n = input.candidateCount;
  if (!Number.isSafeInteger(input.seats) || input.seats < 1) return errT('bad-input', 'count.noSeats');
  const grouped = toGroups(input.ballots, n);
  if (!grouped.ok) return grouped;
  const withdrawn = withdrawnFlags(input.withdrawn ?? [], n);
  if (!withdrawn.ok) return withdrawn;
  const groups = grouped.value.filter((g) => g.count > 0);
  const seed = input.seed ?? seedFromBallots('stv', n, input.seats, groups);
  const count: Count = {
    rankings: groups.map((g) => g.ranking),
    counts: groups.map((g) => g.count),
    value: groups.map(() => SCALE),
    position: groups.map(() => -1),
    piles: Array.from({ length: n }, () => []),
    totals: new Array<number>(n).fill(0),
    status: withdrawn.value.map((w): Status => (w ? 'withdrawn' : 'continuing')),
    history: [],
    lot: createLot(seed),
    rule: input.priorStages ?? 'most-recent',
    nonTransferable: 0,
    roundingLoss: 0,
  };

  // Rule 45: sort the valid papers by first preference (a paper whose only
  // marks are for withdrawn candidates is not a valid vote for anyone).
  let valid = 0;
  let invalid = 0;
  for (let g = 0; g < groups.length; g++) {
    const ballots = count.counts[g] ?? 0;
    if (moveToNext(count, g)) valid += ballots;
    else invalid += ballots;
  }
  if (valid === 0) return errT('bad-input', 'count.noValid');
  // Rule 46: the quota, ignoring any decimal places, increased by one.
  const quota = Math.floor(valid / (input.seats + 1)) + 1;
  const quotaVotes = quota * SCALE;

  const winners: number[] = [];
  const pending: number[] = [];
  const stages: StvStage[] = [];
  let action: StvAction = { kind: 'first-preferences' };
  let actionTies: TieBreak[] = [];
  for (;;) {
    count.history.push([...count.totals]);
    const tieBreaks = [...actionTies];
    const excluded = action.kind === 'exclusion' ? [action.candidate] : [];
    // Rule 47: whoever reaches the quota at a stage is deemed elected.
    const reached = continuing(count).filter((c) => (count.totals[c] ?? 0) >= quotaVotes);
    const elected = electInOrder(count, reached, tieBreaks);
    for (const c of elected) if ((count.totals[c] ?? 0) > quotaVotes) pending.push(c);
    winners.push(...elected);
    // Rule 52: once the continuing candidates are no more than the seats
    // left, they are all deemed elected and no further transfer is made.
    const left = continuing(count);
    if (winners.length < input.seats && left.length <= input.seats - winners.length) {
      const rest = electInOrder(count, left, tieBreaks);
      winners.push(...rest);
      elected.push(...rest);
    }
    stages.push({
      number: stages.length + 1,
      action,
      totals: count.totals.map((v) => v / SCALE),
      nonTransferable: count.nonTransferable / SCALE,
      roundingLoss: count.roundingLoss / SCALE,
      elected,
      excluded,
      tieBreaks,
    });
    if (winners.length >= input.seats || continuing(count).length === 0) break;

    if (pending.length > 0) {
      // Rule 49: the highest surplus first; equal surpluses by the most
      // recent preceding stage at which the candidates differed, then lot.
      const { chosen, tieBreak } = pickExtreme(pending, count.totals, 'highest', count.history, count.rule, count.lot);
      pending.splice(pending.indexOf(chosen), 1);
      action = { kind: 'surplus', candidate: chosen, surplus: ((count.totals[chosen] ?? 0) - quotaVotes) / SCALE };
      actionTies = tieBreak ? [tieBreak] : [];
      transferSurplus(count, chosen, quotaVotes);
    } else {
      // Rules 50 and 51: exclude the lowest; ties as for surpluses.
      const { chosen, tieBreak } = pickExtreme(continuing(count), count.totals, 'lowest', count.history, count.rule, count.lot);
      action = { kind: 'exclusion', candidate: chosen, votes: (count.totals[chosen] ?? 0) / SCALE };
      actionTies = tieBreak ? [tieBreak] : [];
      exclude(count, chosen);
    }
  }
  return ok({ winners, quota, validBallots: valid, invalidBallots: invalid, stages, seed });
}

function continuing(count: Count): number[] {
  const out: number[] = [];
  count.status.forEach((s, c) => {
    if (s === 'continuing') out.push(c);
  });
  return out;
}

/** Marks candidates elected, highest vote first (ties as in rule 49(2)). */
function electInOrder(count: Count, candidates: readonly number[], tieBreaks: TieBreak[]): number[] {
  if (candidates.length === 0) return [];
  const { order, tieBreaks: ties } = orderByTotals(candidates, count.totals, count.history, count.rule, count.lot);
  tieBreaks.push(...ties);
  for (const c of order) count.status[c] = 'elected';
  return order;
}

/**
 * Moves group `g` to its next available preference ("a preference … for a
 * continuing candidate", art. 2), crediting its votes; a paper with none
 * left is non-transferable. Returns whether it found a candidate.
 */
function moveToNext(count: Count, g: number): boolean {
  const ranking = count.rankings[g] ?? [];
  const votes = (count.counts[g] ?? 0) * (count.value[g] ?? 0);
  for (let p = (count.position[g] ?? -1) + 1; p < ranking.length; p++) {
    const c = ranking[p] ?? -1;
    if (count.status[c] !== 'continuing') continue;
    count.position[g] = p;
    count.piles[c]?.push(g);
    count.totals[c] = (count.totals[c] ?? 0) + votes;
    return true;
  }
  count.position[g] = ranking.length;
  count.nonTransferable += votes;
  return false;
}

/**
 * Rule 48: every paper the elected candidate holds moves on, each at
 * surplus × (its value when received) ÷ (the candidate's total), to five
 * decimal places with the remainder ignored. The candidate keeps the quota;
 * what truncation drops is recorded as rounding loss.
 */
function transferSurplus(count: Count, candidate: number, quotaVotes: number): void {
  const total = count.totals[candidate] ?? 0;
  const surplus = BigInt(total - quotaVotes);
  const bigTotal = BigInt(total);
  const cache = new Map<number, number>();
  const pile = count.piles[candidate] ?? [];
  count.piles[candidate] = [];
  let carried = 0;
  for (const g of pile) {
    const received = count.value[g] ?? 0;
    let tv = cache.get(received);
    if (tv === undefined) {
      // BigInt division truncates, which is the rule's "remainder ignored".
      tv = Number((surplus * BigInt(received)) / bigTotal);
      cache.set(received, tv);
    }
    count.value[g] = tv;
    carried += (count.counts[g] ?? 0) * tv;
    moveToNext(count, g);
  }
  count.roundingLoss += total - quotaVotes - carried;
  count.totals[candidate] = quotaVotes;
}

/**
 * Rule 50: the excluded candidate's papers all move in one stage, each at
 * the value it had when the candidate received it (rule 50(4)).
 */
function exclude(count: Count, candidate: number): void {
  count.status[candidate] = 'excluded';
  const pile = count.piles[candidate] ?? [];
  count.piles[candidate] = [];
  for (const g of pile) moveToNext(count, g);
  count.totals[candidate] = 0;
}
