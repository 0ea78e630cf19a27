import { describe, expect, it } from 'vitest';
import { countYesNo, meetsShare, NO_QUORUM, shareFromRatio, SIMPLE_MAJORITY, TWO_THIRDS, type Share, type YesNoTally } from '../../../src/core/counting/index.js';
import { unwrap } from '../../../src/core/shared/result.js';

const count = (tally: YesNoTally, eligible: number, quorum: Share = NO_QUORUM, threshold: Share = SIMPLE_MAJORITY) =>
  unwrap(countYesNo({ eligible, ballots: tally, quorum, threshold }));

describe('countYesNo — threshold', () => {
  it('GIVEN a simple majority and a 5–5 split THEN the motion fails, because a majority is more than half', () => {
    const r = count({ yes: 5, no: 5, abstain: 0 }, 10);
    expect(r.outcome).toBe('failed');
    expect(r.reasonCode).toBe('threshold-not-met');
    expect(r.reason).toContain('5 yes of 10 yes-or-no votes (50%); more than 1/2 needed');
  });

  it('GIVEN a simple majority and 6–5 THEN the motion passes', () => {
    expect(count({ yes: 6, no: 5, abstain: 0 }, 11).outcome).toBe('passed');
  });

  it('GIVEN two thirds and exactly 2 yes of 3 (or 200 of 300) THEN it passes, because two thirds is "at least"', () => {
    expect(count({ yes: 2, no: 1, abstain: 0 }, 3, NO_QUORUM, TWO_THIRDS).outcome).toBe('passed');
    expect(count({ yes: 200, no: 100, abstain: 0 }, 300, NO_QUORUM, TWO_THIRDS).outcome).toBe('passed');
  });

  it('GIVEN two thirds and 199 yes of 299 THEN it fails by exact comparison', () => {
    expect(count({ yes: 199, no: 100, abstain: 0 }, 299, NO_QUORUM, TWO_THIRDS).outcome).toBe('failed');
  });

  it('GIVEN "more than 2/3" and exactly 2 of 3 THEN it fails: the comparison is explicit', () => {
    const r = count({ yes: 2, no: 1, abstain: 0 }, 3, NO_QUORUM, { num: 2, den: 3, comparison: 'more-than' });
    expect(r.outcome).toBe('failed');
  });

  it('GIVEN abstentions THEN they count for the quorum only, not against the motion', () => {
    const r = count({ yes: 3, no: 2, abstain: 10 }, 20, { num: 1, den: 2, comparison: 'at-least' });
    expect(r.quorumMet).toBe(true);
    expect(r.cast).toBe(15);
    expect(r.outcome).toBe('passed');
  });

  it('GIVEN only abstentions THEN the motion fails with no yes votes, even with quorum met', () => {
    const r = count({ yes: 0, no: 0, abstain: 6 }, 6, { num: 1, den: 2, comparison: 'at-least' });
    expect(r.quorumMet).toBe(true);
    expect(r.outcome).toBe('failed');
    expect(r.reasonCode).toBe('no-yes-votes');
    expect(r.reason).toBe('Failed: nobody voted yes or no (6 abstained).');
  });

  it('GIVEN a zero threshold and only no votes THEN the motion still fails: nothing passes without a yes', () => {
    const r = count({ yes: 0, no: 4, abstain: 0 }, 4, NO_QUORUM, { num: 0, den: 1, comparison: 'at-least' });
    expect(r.outcome).toBe('failed');
    expect(r.reasonCode).toBe('no-yes-votes');
  });
});

describe('countYesNo — quorum', () => {
  const quarter: Share = { num: 1, den: 4, comparison: 'at-least' };

  it('GIVEN a quorum of at least 1/4 of 10 members THEN 2 ballots miss it and 3 reach it', () => {
    const missed = count({ yes: 2, no: 0, abstain: 0 }, 10, quarter);
    expect(missed.quorumMet).toBe(false);
    expect(missed.outcome).toBe('failed');
    expect(missed.reasonCode).toBe('quorum-not-met');
    expect(missed.reason).toBe('Failed: quorum not met. 2 of 10 eligible members voted (20%); at least 1/4 needed.');
    expect(count({ yes: 3, no: 0, abstain: 0 }, 10, quarter).quorumMet).toBe(true);
  });

  it('GIVEN a quorum of exactly at least 1/2 THEN 5 of 10 meets it, and "more than 1/2" needs 6', () => {
    expect(count({ yes: 1, no: 0, abstain: 4 }, 10, { num: 1, den: 2, comparison: 'at-least' }).quorumMet).toBe(true);
    expect(count({ yes: 1, no: 0, abstain: 4 }, 10, { num: 1, den: 2, comparison: 'more-than' }).quorumMet).toBe(false);
    expect(count({ yes: 1, no: 0, abstain: 5 }, 10, { num: 1, den: 2, comparison: 'more-than' }).quorumMet).toBe(true);
  });

  it('GIVEN abstentions only THEN they still make the quorum', () => {
    expect(count({ yes: 0, no: 0, abstain: 3 }, 10, quarter).quorumMet).toBe(true);
  });

  it('GIVEN a passing motion THEN the reason states support and turnout', () => {
    const r = count({ yes: 7, no: 3, abstain: 2 }, 20, { num: 1, den: 10, comparison: 'at-least' });
    expect(r.reason).toBe('Passed: 7 yes of 10 yes-or-no votes (70%); more than 1/2 needed. Quorum met: 12 of 20 eligible members voted (60%); at least 1/10 needed.');
    expect(r.turnout).toEqual({ num: 12, den: 20 });
  });

  it('GIVEN no eligible members THEN only a zero quorum is met', () => {
    expect(meetsShare(0, 0, NO_QUORUM)).toBe(true);
    expect(meetsShare(0, 0, quarter)).toBe(false);
  });
});

describe('countYesNo — input', () => {
  it('GIVEN a list of ballots THEN it tallies them like a tally', () => {
    const r = unwrap(countYesNo({ eligible: 5, ballots: ['yes', 'no', 'yes', 'abstain'], quorum: NO_QUORUM, threshold: SIMPLE_MAJORITY }));
    expect(r.tally).toEqual({ yes: 2, no: 1, abstain: 1 });
    expect(r.outcome).toBe('passed');
  });

  it('GIVEN more ballots than eligible members THEN it refuses with bad-input', () => {
    const r = countYesNo({ eligible: 2, ballots: { yes: 2, no: 1, abstain: 0 }, quorum: NO_QUORUM, threshold: SIMPLE_MAJORITY });
    expect(r.ok ? null : r.error.code).toBe('bad-input');
  });

  it('GIVEN a share above 1 or with a zero denominator THEN it refuses', () => {
    for (const threshold of [{ num: 3, den: 2, comparison: 'at-least' } as const, { num: 1, den: 0, comparison: 'at-least' } as const]) {
      const r = countYesNo({ eligible: 2, ballots: { yes: 1, no: 0, abstain: 0 }, quorum: NO_QUORUM, threshold });
      expect(r.ok).toBe(false);
    }
  });

  it('GIVEN the motion model ratio { strict } THEN strict means "more than"', () => {
    expect(shareFromRatio({ num: 1, den: 2, strict: true })).toEqual(SIMPLE_MAJORITY);
    expect(shareFromRatio({ num: 2, den: 3, strict: false })).toEqual(TWO_THIRDS);
  });
});
