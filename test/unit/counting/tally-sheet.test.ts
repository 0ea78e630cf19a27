import { describe, expect, it } from 'vitest';
import { renderSheet, toJson } from '../../../src/bots/cli/tally.js';
import { countStv, parseBlt } from '../../../src/core/counting/index.js';
import { unwrap } from '../../../src/core/shared/result.js';

// valid 10, quota 4: A's surplus 3 moves at 0.42857; C is then excluded.
const blt = '3 2\n4 1 2 0\n3 1 3 0\n2 2 0\n1 3 0\n0\n"Ann"\n"Bob"\n"Cat"\n"Test ward"\n';
const election = unwrap(parseBlt(blt));
const result = unwrap(countStv({ candidateCount: 3, seats: 2, ballots: election.ballots }));

describe('tally output', () => {
  it('GIVEN a count THEN the JSON has exactly winners, quota and stages, with 1-based candidate numbers', () => {
    const json = toJson(result);
    expect(Object.keys(json)).toEqual(['winners', 'quota', 'stages']);
    expect(json.winners).toEqual([1, 2]);
    expect(json.quota).toBe(4);
    expect(json.stages[1]).toMatchObject({ stage: 2, action: 'surplus', candidate: 1, totals: { '1': 4, '2': 3.71428, '3': 2.28571 }, roundingLoss: 0.00001 });
    expect(json.stages[2]).toMatchObject({ action: 'exclusion', candidate: 3, elected: [2], excluded: [3] });
  });

  it('GIVEN a count THEN the sheet names the winners in order and shows every stage with five decimal places where fractions appear', () => {
    const sheet = renderSheet(election, result);
    expect(sheet).toContain('Test ward\n2 seats, 3 candidates, 10 valid ballots, quota 4');
    expect(sheet).toContain('  1. Ann (no. 1, stage 1)\n  2. Bob (no. 2, stage 3)');
    expect(sheet).toContain('   2. surplus of Ann (3)');
    expect(sheet).toContain('   3. exclusion of Cat (2.28571)');
    expect(sheet).toContain('2  Bob                     2   3.71428   3.71428*');
    expect(sheet).toContain('   Lost to rounding        0   0.00001   0.00001');
  });
});
