import { describe, expect, it } from 'vitest';
import { createLot, hashText, seedFromBallots } from '../../../src/core/counting/index.js';

describe('lot', () => {
  it('GIVEN the same seed THEN the same draws follow, and another seed gives others', () => {
    const draw = (seed: string) => {
      const lot = createLot(seed);
      return Array.from({ length: 20 }, () => lot.below(1000));
    };
    expect(draw('abc')).toEqual(draw('abc'));
    expect(draw('abc')).not.toEqual(draw('abd'));
  });

  it('GIVEN many draws over 3 items THEN each comes up about a third of the time', () => {
    const lot = createLot('fairness');
    const seen = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) seen[lot.below(3)]! += 1;
    for (const n of seen) expect(Math.abs(n - 10_000)).toBeLessThan(500);
  });

  it('GIVEN the same ballots stored in another order or grouped differently THEN the seed is the same', () => {
    const a = seedFromBallots('stv', 3, 1, [{ ranking: [0, 1], count: 2 }, { ranking: [2], count: 1 }]);
    const b = seedFromBallots('stv', 3, 1, [{ ranking: [2], count: 1 }, { ranking: [0, 1], count: 1 }, { ranking: [0, 1], count: 1 }]);
    expect(a).toBe(b);
    expect(seedFromBallots('stv', 3, 2, [{ ranking: [0, 1], count: 2 }, { ranking: [2], count: 1 }])).not.toBe(a);
  });

  it('GIVEN a text THEN its hash is 32 hex digits and stable', () => {
    expect(hashText('plenary')).toMatch(/^[0-9a-f]{32}$/);
    expect(hashText('plenary')).toBe(hashText('plenary'));
  });
});
