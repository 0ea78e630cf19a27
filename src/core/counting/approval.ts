/**
 * Approval voting: each ballot approves any number of options; the S
 * options with the most approvals win.
 *
 * Tie-break: options with equal approvals are ordered by one lot, a
 * shuffle of all options drawn from a seed derived from the ballots
 * (lot.ts), so a recount gives the same order. The lot only changes who
 * wins when a tie straddles the last seat; `decidedByLot` then names the
 * options it separated. An option nobody approved never wins, so fewer
 * than S winners is possible.
 */
import { ok, type Result } from '../shared/result.js';
import { errT } from '../i18n/localized.js';
import { createLot, seedFromBallots } from './lot.js';

export interface ApprovalInput {
  readonly optionCount: number;
  /** Each ballot: the 0-based options it approves (possibly none). */
  readonly ballots: readonly (readonly number[])[];
  readonly seats: number;
  /** Seed for the lot; by default a hash of the ballots. */
  readonly seed?: string;
}

export interface ApprovalCount {
  readonly option: number;
  readonly approvals: number;
}

export interface ApprovalResult {
  /** Every option, most approved first, ties in lot order. */
  readonly counts: readonly ApprovalCount[];
  /** Most approved first. */
  readonly winners: readonly number[];
  /** Options tied across the last seat, whose fate the lot decided (empty if none). */
  readonly decidedByLot: readonly number[];
  readonly ballots: number;
  readonly seed: string;
}

export function countApproval(input: ApprovalInput): Result<ApprovalResult> {
  const { optionCount, seats } = input;
  if (!Number.isSafeInteger(optionCount) || optionCount < 1) return errT('bad-input', 'count.noOptions');
  if (!Number.isSafeInteger(seats) || seats < 1 || seats > optionCount) return errT('bad-input', 'count.seatsRange', { max: String(optionCount) });
  const approvals = new Array<number>(optionCount).fill(0);
  for (const [i, ballot] of input.ballots.entries()) {
    const seen = new Set<number>();
    for (const o of ballot) {
      if (!Number.isInteger(o) || o < 0 || o >= optionCount) return errT('bad-input', 'count.notOption', { ballot: i + 1, option: String(o) });
      if (seen.has(o)) return errT('bad-input', 'count.approvedTwice', { ballot: i + 1, option: o + 1 });
      seen.add(o);
      approvals[o] = (approvals[o] ?? 0) + 1;
    }
  }
  const seed = input.seed ?? seedFromBallots('approval', optionCount, seats, input.ballots.map((b) => ({ ranking: [...b].sort((x, y) => x - y), count: 1 })));
  // Fisher–Yates shuffle: each option's place in the lot.
  const lot = createLot(seed);
  const lotOrder = Array.from({ length: optionCount }, (_, o) => o);
  for (let k = optionCount - 1; k > 0; k--) {
    const j = lot.below(k + 1);
    [lotOrder[k], lotOrder[j]] = [lotOrder[j] ?? j, lotOrder[k] ?? k];
  }
  const place = new Array<number>(optionCount);
  lotOrder.forEach((o, p) => (place[o] = p));

  const counts = approvals
    .map((a, option) => ({ option, approvals: a }))
    .sort((x, y) => y.approvals - x.approvals || (place[x.option] ?? 0) - (place[y.option] ?? 0));
  const winners = counts.slice(0, seats).filter((c) => c.approvals > 0).map((c) => c.option);
  const last = counts[seats - 1];
  const next = counts[seats];
  const decidedByLot =
    last !== undefined && next !== undefined && last.approvals === next.approvals && last.approvals > 0
      ? counts.filter((c) => c.approvals === last.approvals).map((c) => c.option)
      : [];
  return ok({ counts, winners, decidedByLot, ballots: input.ballots.length, seed });
}
