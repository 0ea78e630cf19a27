import { describe, expect, it } from 'vitest';
import { countStv, type RankedBallots } from '../../../src/core/counting/index.js';
import { unwrap } from '../../../src/core/shared/result.js';

const A = 0, B = 1, C = 2, D = 3, E = 4;
const times = (n: number, ranking: number[]) => ({ ranking, count: n });
const stv = (candidateCount: number, seats: number, ballots: RankedBallots, extra: { withdrawn?: number[]; priorStages?: 'earliest' | 'most-recent' } = {}) =>
  unwrap(countStv({ candidateCount, seats, ballots, ...extra }));

describe('countStv — quota and first stage', () => {
  it('GIVEN valid ballots and seats THEN the quota is floor(valid / (seats + 1)) + 1', () => {
    expect(stv(3, 2, [times(10, [A])]).quota).toBe(4);
    expect(stv(3, 2, [times(9, [A])]).quota).toBe(4);
    expect(stv(5, 3, [times(100, [A])]).quota).toBe(26);
    expect(stv(3, 1, [times(8, [A])]).quota).toBe(5);
  });

  it('GIVEN a candidate at the quota on first preferences THEN they are elected at stage 1', () => {
    const r = stv(3, 2, [times(4, [A]), times(3, [B]), times(2, [C])]);
    expect(r.stages[0]).toMatchObject({ number: 1, action: { kind: 'first-preferences' }, totals: [4, 3, 2], elected: [A] });
  });

  it('GIVEN empty ballots or ballots only for withdrawn candidates THEN they are invalid and do not count toward the quota', () => {
    const r = stv(3, 1, [times(6, [B]), times(3, [C]), [], [A]], { withdrawn: [A] });
    expect(r.validBallots).toBe(9);
    expect(r.invalidBallots).toBe(2);
    expect(r.quota).toBe(5);
    expect(r.winners).toEqual([B]);
  });
});

describe('countStv — surplus transfer (rule 48)', () => {
  it('GIVEN a surplus of 3 on 7 papers THEN each moves at 0.42857 (truncated) and the lost 0.00001 is recorded', () => {
    const r = stv(3, 2, [times(4, [A, B]), times(3, [A, C]), times(2, [B]), times(1, [C])]);
    const s2 = r.stages[1];
    expect(s2?.action).toEqual({ kind: 'surplus', candidate: A, surplus: 3 });
    // B: 2 + 4 × 0.42857 = 3.71428; C: 1 + 3 × 0.42857 = 2.28571.
    expect(s2?.totals).toEqual([4, 3.71428, 2.28571]);
    expect(s2?.roundingLoss).toBe(0.00001);
    expect(r.winners).toEqual([A, B]);
  });

  it('GIVEN papers received at different values THEN each is passed on at surplus × its value ÷ total (weighted inclusive Gregory)', () => {
    // A: 8 papers, surplus 3 → 0.375 each to B (7 votes, quota 5).
    // B's surplus 2 of 7: papers worth 0.375 go on at 2 × 0.375 / 7 = 0.10714,
    // B's own papers at 2 / 7 = 0.28571.
    const r = stv(4, 3, [times(8, [A, B, C]), times(4, [B, D]), times(2, [C]), times(2, [D])]);
    expect(r.quota).toBe(5);
    expect(r.stages[1]?.totals).toEqual([5, 7, 2, 2]);
    expect(r.stages[2]?.action).toEqual({ kind: 'surplus', candidate: B, surplus: 2 });
    expect(r.stages[2]?.totals).toEqual([5, 5, 2.85712, 3.14284]);
    expect(r.stages[2]?.roundingLoss).toBe(0.00004);
    expect(r.winners).toEqual([A, B, D]);
  });

  it('GIVEN two surpluses THEN the larger is transferred first, one surplus per stage', () => {
    // valid 18, quota 5: A 7 (surplus 2), B 6 (surplus 1).
    const r = stv(5, 3, [times(7, [A, C]), times(6, [B, D]), times(1, [C]), times(1, [D]), times(3, [E])]);
    expect(r.stages[0]?.elected).toEqual([A, B]);
    expect(r.stages[1]?.action).toEqual({ kind: 'surplus', candidate: A, surplus: 2 });
    expect(r.stages[1]?.totals).toEqual([5, 6, 2.99997, 1, 3]);
    expect(r.stages[2]?.action).toEqual({ kind: 'surplus', candidate: B, surplus: 1 });
    expect(r.stages[2]?.totals).toEqual([5, 5, 2.99997, 1.99996, 3]);
  });

  it('GIVEN a candidate exactly at the quota THEN they have no surplus to transfer', () => {
    // valid 19, quota 5: A exactly 5, B 7.
    const r = stv(5, 3, [times(5, [A, C]), times(7, [B, D]), times(2, [C]), times(2, [D]), times(3, [E])]);
    expect(r.stages[0]?.elected).toEqual([B, A]);
    expect(r.stages.filter((s) => s.action.kind === 'surplus').map((s) => s.action)).toEqual([{ kind: 'surplus', candidate: B, surplus: 2 }]);
  });

  it('GIVEN every seat filled at stage 1 THEN the count stops there, surpluses untransferred', () => {
    // valid 23, quota 8.
    const r = stv(4, 2, [times(9, [A, C]), times(8, [B, D]), times(3, [C]), times(3, [D])]);
    expect(r.winners).toEqual([A, B]);
    expect(r.stages).toHaveLength(1);
  });
});

describe('countStv — exclusion (rules 50 and 51)', () => {
  it('GIVEN truncation leaves a candidate 0.00002 short of another THEN that fraction decides who is excluded', () => {
    // A's surplus 2 of 6 moves at 0.33333: C gets 1.99998, below D's 2.
    const r = stv(4, 2, [times(6, [A, C, B]), times(3, [B]), times(2, [D])]);
    expect(r.stages[1]?.totals).toEqual([4, 3, 1.99998, 2]);
    expect(r.stages[2]?.action).toEqual({ kind: 'exclusion', candidate: C, votes: 1.99998 });
    // C's papers go on at the value they were received at.
    expect(r.stages[2]?.totals).toEqual([4, 4.99998, 0, 2]);
    expect(r.winners).toEqual([A, B]);
  });

  it('GIVEN an excluded candidate THEN all their papers move in one stage and those with no next preference are non-transferable', () => {
    const r = stv(4, 1, [times(5, [A]), times(4, [B]), times(2, [C, B]), times(1, [C])]);
    expect(r.stages[1]).toMatchObject({ action: { kind: 'exclusion', candidate: D, votes: 0 }, excluded: [D] });
    expect(r.stages[2]).toMatchObject({ action: { kind: 'exclusion', candidate: C, votes: 3 }, totals: [5, 6, 0, 0], nonTransferable: 1 });
  });

  const tied = [times(10, [A]), times(3, [B]), times(4, [C]), times(2, [D, B]), times(1, [E, C]), times(2, [E])];

  it('GIVEN a tie for exclusion THEN by default (as the Order words it) the most recent stage at which they differed decides', () => {
    // Stage 1: B 3, C 4. Stage 2: B 5, C 4. Stage 3: B 5, C 5.
    const r = stv(5, 1, tied);
    expect(r.stages[3]).toMatchObject({ action: { kind: 'exclusion', candidate: C }, tieBreaks: [{ by: 'prior-stage', stage: 2, among: [B, C] }] });
  });

  it('GIVEN the same tie and the "earliest" rule THEN stage 1 decides instead', () => {
    const r = stv(5, 1, tied, { priorStages: 'earliest' });
    expect(r.stages[3]).toMatchObject({ action: { kind: 'exclusion', candidate: B }, tieBreaks: [{ by: 'prior-stage', stage: 1, among: [B, C] }] });
  });

  it('GIVEN candidates level at every stage THEN the lot decides, the same way on a recount in any ballot order', () => {
    const ballots = [times(4, [A]), times(2, [B]), times(2, [C])];
    const r = stv(3, 1, ballots);
    expect(r.stages[1]?.tieBreaks).toEqual([{ by: 'lot', among: [B, C] }]);
    const recount = stv(3, 1, [times(2, [C]), times(1, [B]), times(4, [A]), times(1, [B])]);
    expect(recount.stages[1]?.action).toEqual(r.stages[1]?.action);
    expect(recount.seed).toBe(r.seed);
  });
});

describe('countStv — filling the last vacancies (rule 52)', () => {
  it('GIVEN as many continuing candidates as seats left THEN they are elected at that stage, even below the quota', () => {
    // valid 131, quota 44: nobody reaches it; once D and C are out, two remain for two seats.
    const r = stv(4, 2, [times(40, [A]), times(41, [B]), times(30, [C]), times(20, [D])]);
    expect(r.quota).toBe(44);
    expect(r.stages).toHaveLength(3);
    expect(r.stages[2]).toMatchObject({ action: { kind: 'exclusion', candidate: C, votes: 30 }, totals: [40, 41, 0, 0], elected: [B, A], nonTransferable: 50 });
    expect(r.winners).toEqual([B, A]);
  });

  it('GIVEN fewer candidates than seats THEN all are elected at stage 1', () => {
    expect(stv(2, 3, [times(3, [A]), times(1, [B])]).winners).toEqual([A, B]);
  });

  it('GIVEN no seats, no valid ballots or a bad candidate number THEN it refuses with bad-input', () => {
    expect(countStv({ candidateCount: 2, seats: 0, ballots: [[A]] }).ok).toBe(false);
    expect(countStv({ candidateCount: 2, seats: 1, ballots: [[]] }).ok).toBe(false);
    expect(countStv({ candidateCount: 2, seats: 1, ballots: [[5]] }).ok).toBe(false);
    expect(countStv({ candidateCount: 2, seats: 1, ballots: [[A]], withdrawn: [7] }).ok).toBe(false);
  });
});
