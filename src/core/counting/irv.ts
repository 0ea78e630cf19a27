/**
 * Instant-runoff voting for one seat. Each round counts every ballot for
 * its highest-ranked continuing candidate; a candidate with more than half
 * of those votes wins; otherwise the candidate with the fewest is excluded
 * and their ballots move on. Ballots with no continuing candidate left are
 * exhausted and drop out of the majority.
 *
 * Ties for exclusion are settled by the earliest round at which the tied
 * candidates had different totals (the fewest then goes), and if they were
 * level in every round, by lot drawn from a seed derived from the ballots
 * (lot.ts), so a recount gives the same result.
 */
import { ok, type Result } from '../shared/result.js';
import { errT } from '../i18n/localized.js';
import { toGroups, withdrawnFlags, type RankedBallots } from './ballots.js';
import { createLot, seedFromBallots } from './lot.js';
import { pickExtreme, type TieBreak } from './tie-break.js';

export interface IrvInput {
  readonly candidateCount: number;
  readonly ballots: RankedBallots;
  readonly withdrawn?: readonly number[];
  /** Seed for the lot; by default a hash of the ballots. */
  readonly seed?: string;
}

export interface IrvRound {
  /** 1-based. */
  readonly number: number;
  /** Votes per candidate this round (0 once excluded), by candidate index. */
  readonly totals: readonly number[];
  /** Ballots counted for a continuing candidate this round. */
  readonly continuingVotes: number;
  /** Ballots exhausted so far. */
  readonly exhausted: number;
  readonly elected: number | null;
  /** Excluded at the end of this round. */
  readonly excluded: number | null;
  readonly tieBreak: TieBreak | null;
}

export interface IrvResult {
  readonly winner: number;
  readonly rounds: readonly IrvRound[];
  readonly validBallots: number;
  readonly seed: string;
}

export function countIrv(input: IrvInput): Result<IrvResult> {
  const n = input.candidateCount;
  const grouped = toGroups(input.ballots, n);
  if (!grouped.ok) return grouped;
  const flags = withdrawnFlags(input.withdrawn ?? [], n);
  if (!flags.ok) return flags;
  const groups = grouped.value.filter((g) => g.count > 0);
  const seed = input.seed ?? seedFromBallots('irv', n, 1, groups);
  const lot = createLot(seed);
  const active = flags.value.map((w) => !w);
  const position = groups.map(() => -1);
  const holder = groups.map(() => -1);

  // Each ballot group sits with its highest-ranked continuing candidate.
  const advance = (g: number): void => {
    const ranking = groups[g]?.ranking ?? [];
    let p = (position[g] ?? -1) + 1;
    while (p < ranking.length && !active[ranking[p] ?? -1]) p++;
    position[g] = p;
    holder[g] = ranking[p] ?? -1;
  };
  groups.forEach((_, g) => advance(g));
  const validBallots = groups.reduce((sum, g, i) => sum + (holder[i] === -1 ? 0 : g.count), 0);
  if (validBallots === 0) return errT('bad-input', 'count.noValid');

  const rounds: IrvRound[] = [];
  const history: number[][] = [];
  for (;;) {
    const totals = new Array<number>(n).fill(0);
    let continuingVotes = 0;
    groups.forEach((g, i) => {
      const c = holder[i] ?? -1;
      if (c === -1) return;
      totals[c] = (totals[c] ?? 0) + g.count;
      continuingVotes += g.count;
    });
    history.push(totals);
    const standing = active.flatMap((a, c) => (a ? [c] : []));
    const leader = standing.reduce((best, c) => ((totals[c] ?? 0) > (totals[best] ?? 0) ? c : best));
    const round = { number: rounds.length + 1, totals, continuingVotes, exhausted: validBallots - continuingVotes };
    // A majority of the ballots still in play, or the last one standing.
    if ((totals[leader] ?? 0) * 2 > continuingVotes || standing.length === 1) {
      rounds.push({ ...round, elected: leader, excluded: null, tieBreak: null });
      return ok({ winner: leader, rounds, validBallots, seed });
    }
    const { chosen, tieBreak } = pickExtreme(standing, totals, 'lowest', history, 'earliest', lot);
    rounds.push({ ...round, elected: null, excluded: chosen, tieBreak });
    active[chosen] = false;
    groups.forEach((_, g) => {
      if (holder[g] === chosen) advance(g);
    });
  }
}
