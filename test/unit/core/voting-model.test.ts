import fc from 'fast-check';
import { describe, it } from 'vitest';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { federationScenario } from '../../support/federation-scenario.js';
import { votingCommands } from '../../support/voting-model/commands.js';
import { buildWorld, finish } from '../../support/voting-model/world.js';

const RUNS = Number(process.env.VOTING_MODEL_RUNS ?? 60);

describe('GIVEN three local assemblies and a delegates’ assembly on FakeStore', () => {
  it('WHEN random members join, leave, propose, vote, change votes, exclude, recall, elect and let deadlines pass THEN after every step members, ballots, tallies, turnout and outcomes match the reference model, and the record verifies', async () => {
    await fc.assert(
      fc.asyncProperty(votingCommands(50), fc.constantFrom(0, 7, 97), async (cmds, prefill) => {
        const s = federationScenario(new FakeStore());
        const world = await buildWorld(s, 'x', prefill);
        await fc.asyncModelRun(() => world, cmds);
        await finish(world.model, world.real);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
