import { describe, expect, it } from 'vitest';
import { countMotion } from '../../../src/core/services/count-motion.js';
import { describeAssembly } from '../../../src/core/testing/scenario.js';
import { rankedBallots, rankedMotion } from '../../support/ranked-motion.js';

describe('GIVEN a ranked motion for two seats counted by STV', () => {
  it('WHEN 8 ballots are counted THEN the result names the Droop quota in votes: floor(8 / 3) + 1 = 3', () => {
    const m = rankedMotion(['Kim', 'Lee', 'Max', 'Ned'], 2);
    const r = countMotion(m, rankedBallots(m, [[0, 1], [0, 2], [0, 1], [0], [1, 0], [2, 1], [2], [3, 2]]), 8);
    expect(r.summary).toMatch(/Droop quota 3\b/);
    expect(r.summary).not.toMatch(/quota 0\./);
  });

  it('WHEN members vote in chat and the motion closes THEN the announced result says "Droop quota 3"', async () => {
    const members = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'];
    const { s, room } = await describeAssembly({ name: 'Quota', members });
    expect((await s.run('a1', room, 'motion propose "Council" --kind election --seats 2 --option Kim --option Lee --option Max --option Ned')).ok).toBe(true);
    const ballots = ['1>2', '1>3', '1>2', '1', '2>1', '3>2', '3', '4>3'];
    for (const [i, b] of ballots.entries()) expect((await s.run(members[i]!, room, `vote 1 ${b}`)).ok).toBe(true);
    const text = (await s.run('a1', room, 'results 1')).text;
    expect(text).toMatch(/Droop quota 3\b/);
  });
});
