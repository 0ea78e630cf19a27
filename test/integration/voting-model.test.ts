import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/persistence/prisma-store.js';
import type { Scenario } from '../../src/core/testing/scenario.js';
import { federationScenario } from '../support/federation-scenario.js';
import { votingCommands } from '../support/voting-model/commands.js';
import { buildWorld, finish } from '../support/voting-model/world.js';
import { testDatabase, type TestDatabase } from '../support/test-database.js';

const RUNS = Number(process.env.VOTING_MODEL_RUNS ?? 8);

let db: TestDatabase;
let s: Scenario;
beforeAll(async () => {
  db = await testDatabase();
  // One scenario for every run (its invitation codes and clock go on); each run has assemblies of its own names.
  s = federationScenario(new PrismaStore(db.prisma, { sql: db.sql }));
});
afterAll(async () => {
  await db.close();
});

/** a, b, …, z, ba, bb, …: letters only, so `Name#N` reads as the name and the number. */
function tag(n: number): string {
  let t = '';
  do {
    t = String.fromCharCode(97 + (n % 26)) + t;
    n = Math.floor(n / 26);
  } while (n > 0);
  return t;
}

describe('GIVEN three local assemblies and a delegates’ assembly on PostgreSQL', () => {
  it('WHEN random members join, leave, propose, vote, change votes, exclude, recall, elect and let deadlines pass THEN after every step the store matches the reference model, and the record verifies', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(votingCommands(40), fc.constantFrom(0, 7, 97), async (cmds, prefill) => {
        const world = await buildWorld(s, tag(runs++), prefill);
        await fc.asyncModelRun(() => world, cmds);
        await finish(world.model, world.real);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  }, 300_000);
});
