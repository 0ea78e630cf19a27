import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { countIrv, countStv, SCALE, type BallotGroup } from '../../../src/core/counting/index.js';
import { unwrap } from '../../../src/core/shared/result.js';

/** Random small elections: up to 7 candidates, weighted ballots, at least one valid. */
const election = fc.integer({ min: 1, max: 7 }).chain((n) =>
  fc.record({
    candidateCount: fc.constant(n),
    seats: fc.integer({ min: 1, max: n }),
    ballots: fc.array(
      fc.record({ ranking: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: n }), count: fc.integer({ min: 1, max: 40 }) }),
      { minLength: 1, maxLength: 30 },
    ),
  }),
);

const units = (v: number): number => Math.round(v * SCALE);

describe('countStv — invariants over random elections', () => {
  it('GIVEN any election THEN every stage accounts for every valid vote exactly (totals + non-transferable + rounding)', () => {
    fc.assert(fc.property(election, (e) => {
      const r = unwrap(countStv(e));
      for (const s of r.stages) {
        const sum = s.totals.reduce((a, v) => a + units(v), 0) + units(s.nonTransferable) + units(s.roundingLoss);
        expect(sum).toBe(r.validBallots * SCALE);
      }
    }));
  });

  it('GIVEN any election THEN exactly min(seats, candidates) distinct winners are elected, each once', () => {
    fc.assert(fc.property(election, (e) => {
      const r = unwrap(countStv(e));
      expect(new Set(r.winners).size).toBe(r.winners.length);
      expect(r.winners).toHaveLength(Math.min(e.seats, e.candidateCount));
      expect(r.stages.flatMap((s) => s.elected)).toEqual(r.winners);
    }));
  });

  it('GIVEN the same ballots in another order THEN the count is identical, lot included', () => {
    fc.assert(fc.property(election, (e) => {
      const reversed: BallotGroup[] = [...e.ballots].reverse();
      expect(unwrap(countStv({ ...e, ballots: reversed }))).toEqual(unwrap(countStv(e)));
    }));
  });

  it('GIVEN one seat and no ties THEN STV elects the instant-runoff winner', () => {
    fc.assert(fc.property(election, (e) => {
      const stv = unwrap(countStv({ ...e, seats: 1 }));
      const irv = unwrap(countIrv(e));
      fc.pre(stv.stages.every((s) => s.tieBreaks.length === 0) && irv.rounds.every((r) => r.tieBreak === null));
      expect(stv.winners).toEqual([irv.winner]);
    }));
  });
});
