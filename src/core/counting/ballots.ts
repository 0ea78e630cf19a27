import { ok, type Result } from '../shared/result.js';
import { errT } from '../i18n/localized.js';

/** A ranked ballot: 0-based candidate indexes, most preferred first. */
export type Ranking = readonly number[];

/**
 * `count` identical ranked ballots. BLT files store ballots this way, and
 * grouping chat ballots first makes a count cost per distinct ranking, not
 * per voter.
 */
export interface BallotGroup {
  readonly ranking: Ranking;
  readonly count: number;
}

/** What the ranked counts accept: single rankings, groups, or a mix. */
export type RankedBallots = readonly (Ranking | BallotGroup)[];

/**
 * Votes are scaled integers (5 decimal places) so that every count stays
 * an exact integer sum; this bound keeps them inside Number's exact range.
 */
export const MAX_BALLOTS = 90_000_000_000;

function isGroup(b: Ranking | BallotGroup): b is BallotGroup {
  return 'ranking' in b;
}

/**
 * Checks ballots against the candidate list and normalises them to groups.
 * A bad index or a repeated candidate is refused, not silently skipped: a
 * count must never guess what a voter meant.
 */
export function toGroups(ballots: RankedBallots, candidateCount: number): Result<BallotGroup[]> {
  if (!Number.isSafeInteger(candidateCount) || candidateCount < 1) return errT('bad-input', 'count.noCandidates');
  const groups: BallotGroup[] = [];
  const seen = new Uint32Array(candidateCount);
  let total = 0;
  for (let i = 0; i < ballots.length; i++) {
    const b = ballots[i];
    if (b === undefined) continue;
    const group = isGroup(b) ? b : { ranking: b, count: 1 };
    if (!Number.isSafeInteger(group.count) || group.count < 0) return errT('bad-input', 'count.badCount', { ballot: i + 1, count: String(group.count) });
    for (const c of group.ranking) {
      if (!Number.isInteger(c) || c < 0 || c >= candidateCount) return errT('bad-input', 'count.notCandidate', { ballot: i + 1, candidate: String(c), count: String(candidateCount) });
      if (seen[c] === i + 1) return errT('bad-input', 'count.rankedTwice', { ballot: i + 1, candidate: c + 1 });
      seen[c] = i + 1;
    }
    total += group.count;
    groups.push(group);
  }
  if (total > MAX_BALLOTS) return errT('bad-input', 'count.tooMany', { total: String(total) });
  return ok(groups);
}

/** Merges identical rankings, keeping the order in which each first appears. */
export function groupRankings(rankings: readonly Ranking[]): BallotGroup[] {
  const byKey = new Map<string, { ranking: Ranking; count: number }>();
  for (const r of rankings) {
    const key = r.join(' ');
    const g = byKey.get(key);
    if (g) g.count += 1;
    else byKey.set(key, { ranking: r, count: 1 });
  }
  return [...byKey.values()];
}

/** Checks a withdrawn list; returns a per-candidate flag array. */
export function withdrawnFlags(withdrawn: readonly number[], candidateCount: number): Result<boolean[]> {
  const flags = new Array<boolean>(candidateCount).fill(false);
  for (const c of withdrawn) {
    if (!Number.isInteger(c) || c < 0 || c >= candidateCount) return errT('bad-input', 'count.withdrawnNotCandidate', { candidate: String(c) });
    flags[c] = true;
  }
  return ok(flags);
}
