import { describe, expect, it } from 'vitest';
import { countApproval } from '../../../src/core/counting/index.js';
import { unwrap } from '../../../src/core/shared/result.js';

describe('countApproval', () => {
  it('GIVEN approvals THEN counts are sorted, most approved first, and the top S win', () => {
    const r = unwrap(countApproval({ optionCount: 4, seats: 2, ballots: [[0, 1], [1], [1, 2], [2, 3], [2]] }));
    expect(r.counts.map((c) => c.approvals)).toEqual([3, 3, 1, 1]);
    expect(new Set(r.counts.slice(0, 2).map((c) => c.option))).toEqual(new Set([1, 2]));
    expect(new Set(r.winners)).toEqual(new Set([1, 2]));
    expect(r.decidedByLot).toEqual([]);
    expect(r.ballots).toBe(5);
  });

  it('GIVEN a tie across the last seat THEN the lot decides, names the tied options and repeats on recount', () => {
    const ballots = [[0], [1], [2], [0]];
    const first = unwrap(countApproval({ optionCount: 3, seats: 2, ballots }));
    expect(first.winners[0]).toBe(0);
    expect(first.winners).toHaveLength(2);
    expect(new Set(first.decidedByLot)).toEqual(new Set([1, 2]));
    const recount = unwrap(countApproval({ optionCount: 3, seats: 2, ballots: [...ballots].reverse() }));
    expect(recount.winners).toEqual(first.winners);
    expect(recount.seed).toBe(first.seed);
  });

  it('GIVEN different lot seeds THEN both tied options can win, so the lot is not biased by ballot position', () => {
    const winners = new Set<number>();
    for (let s = 0; s < 40; s++) winners.add(unwrap(countApproval({ optionCount: 2, seats: 1, ballots: [[0], [1]], seed: `seed-${s}` })).winners[0] ?? -1);
    expect(winners).toEqual(new Set([0, 1]));
  });

  it('GIVEN options nobody approved THEN they never win, even when seats are left', () => {
    const r = unwrap(countApproval({ optionCount: 3, seats: 2, ballots: [[2], [2], []] }));
    expect(r.winners).toEqual([2]);
    expect(r.decidedByLot).toEqual([]);
  });

  it('GIVEN an option approved twice on one ballot, or an unknown option THEN it refuses', () => {
    expect(countApproval({ optionCount: 3, seats: 1, ballots: [[1, 1]] }).ok).toBe(false);
    expect(countApproval({ optionCount: 3, seats: 1, ballots: [[3]] }).ok).toBe(false);
  });

  it('GIVEN more seats than options, or none THEN it refuses', () => {
    expect(countApproval({ optionCount: 2, seats: 3, ballots: [] }).ok).toBe(false);
    expect(countApproval({ optionCount: 2, seats: 0, ballots: [] }).ok).toBe(false);
  });
});
