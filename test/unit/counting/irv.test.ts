import { describe, expect, it } from 'vitest';
import { countIrv, type RankedBallots } from '../../../src/core/counting/index.js';
import { unwrap } from '../../../src/core/shared/result.js';

const A = 0, B = 1, C = 2, D = 3, E = 4;
const times = (n: number, ranking: number[]) => ({ ranking, count: n });

describe('countIrv', () => {
  it('GIVEN a first-round majority THEN that candidate wins in one round', () => {
    const r = unwrap(countIrv({ candidateCount: 3, ballots: [[A], [A, B], [B], [A]] }));
    expect(r.winner).toBe(A);
    expect(r.rounds).toHaveLength(1);
    expect(r.rounds[0]).toMatchObject({ totals: [3, 1, 0], elected: A, excluded: null });
  });

  it('GIVEN no majority THEN the lowest is excluded and their ballots move to the next preference, round by round', () => {
    const r = unwrap(countIrv({ candidateCount: 3, ballots: [times(4, [A]), times(3, [B]), times(2, [C, B])] }));
    expect(r.rounds.map((x) => x.totals)).toEqual([
      [4, 3, 2],
      [4, 5, 0],
    ]);
    expect(r.rounds[0]).toMatchObject({ excluded: C, elected: null });
    expect(r.winner).toBe(B);
  });

  it('GIVEN ballots that run out of preferences THEN they are exhausted and leave the majority', () => {
    const r = unwrap(countIrv({ candidateCount: 3, ballots: [times(4, [A]), times(3, [B]), times(2, [C])] }));
    expect(r.rounds[1]).toMatchObject({ totals: [4, 3, 0], continuingVotes: 7, exhausted: 2, elected: A });
  });

  it('GIVEN a tie for last THEN the candidate with fewer votes at the earliest round where they differed is excluded', () => {
    // Round 1: B 3, C 4. Round 2: B 5, C 4. Round 3: B 5, C 5 — round 1 decides.
    const ballots = [times(10, [A]), times(3, [B]), times(4, [C]), times(2, [D, B]), times(1, [E, C]), times(2, [E])];
    const r = unwrap(countIrv({ candidateCount: 5, ballots }));
    expect(r.rounds[2]).toMatchObject({ totals: [10, 5, 5, 0, 0], excluded: B, tieBreak: { by: 'prior-stage', stage: 1, among: [B, C] } });
    expect(r.winner).toBe(A);
  });

  it('GIVEN candidates level in every round THEN the lot decides, and a recount with the ballots in another order draws the same', () => {
    const ballots: RankedBallots = [[A], [B], [B], [A], [C]];
    const r = unwrap(countIrv({ candidateCount: 3, ballots }));
    expect(r.rounds[1]?.tieBreak).toEqual({ by: 'lot', among: [A, B] });
    const recount = unwrap(countIrv({ candidateCount: 3, ballots: [...ballots].reverse() }));
    expect(recount.winner).toBe(r.winner);
    expect(recount.seed).toBe(r.seed);
  });

  it('GIVEN other seeds THEN the lot can fall either way', () => {
    const winners = new Set<number>();
    for (let s = 0; s < 40; s++) winners.add(unwrap(countIrv({ candidateCount: 2, ballots: [[A], [B]], seed: String(s) })).winner);
    expect(winners).toEqual(new Set([A, B]));
  });

  it('GIVEN a withdrawn candidate THEN their ballots count for the next preference from the start', () => {
    const r = unwrap(countIrv({ candidateCount: 3, withdrawn: [A], ballots: [times(5, [A, C]), times(4, [B])] }));
    expect(r.rounds[0]?.totals).toEqual([0, 4, 5]);
    expect(r.winner).toBe(C);
  });

  it('GIVEN no valid ballot, a candidate out of range or one ranked twice THEN it refuses with bad-input', () => {
    expect(countIrv({ candidateCount: 2, ballots: [[]] }).ok).toBe(false);
    expect(countIrv({ candidateCount: 2, ballots: [[2]] }).ok).toBe(false);
    const twice = countIrv({ candidateCount: 2, ballots: [[0, 1, 0]] });
    expect(twice.ok ? '' : twice.error.message).toBe('Ballot 1: candidate 1 is ranked twice.');
  });
});
