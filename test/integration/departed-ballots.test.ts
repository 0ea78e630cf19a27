import { afterAll, describe } from 'vitest';
import { PrismaStore } from '../../src/adapters/persistence/prisma-store.js';
import { departedBallotCases } from '../support/departed-ballots.cases.js';
import { federationScenario } from '../support/federation-scenario.js';
import { testDatabase, type TestDatabase } from '../support/test-database.js';

// A database per case: the cases reuse assembly names.
const opened: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(opened.map((db) => db.close()));
});

describe('GIVEN members who leave while motions are open (PostgreSQL)', () => {
  departedBallotCases(async () => {
    const db = await testDatabase();
    opened.push(db);
    const store = new PrismaStore(db.prisma, { sql: db.sql });
    return {
      s: federationScenario(store),
      store,
      departWithoutVoiding: async (assemblyId, personId) => {
        await db.sql.withSession((q) => q.query(`UPDATE membership SET status = 'left' WHERE assembly_id = $1::uuid AND person_id = $2::uuid`, [assemblyId, personId]));
      },
    };
  });
});
