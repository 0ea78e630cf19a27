import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECIDED_SQL } from '../../../src/adapters/persistence/prisma-relay-reads.js';
import { testDatabase, testPgliteDatabase, type TestDatabase } from '../../support/test-database.js';

/*
 * The proposal page lists a version's decided referrals (who is bound, the
 * first rejections) from a tree of 111,111: the plan must read them in order
 * from `referral_decided` and stop at the limit, not sort the whole version
 * (253 ms → 1.4 ms at 111,111 in bench:web's database).
 */
for (const [kind, open] of [
  ['PostgreSQL', () => testDatabase()],
  ['PGlite', () => testPgliteDatabase()],
] as const) {
  describe(`decided referrals on ${kind}`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await open();
    }, 60_000);
    afterAll(async () => db.close());

    it('GIVEN the decided query WHEN sequential scans are ruled out THEN it reads referral_decided in order, with no sort', async () => {
      const plan = await db.sql.withSession(async (s) => {
        await s.exec('BEGIN; SET LOCAL enable_seqscan = off');
        try {
          const rows = await s.query<Record<string, string>>(`EXPLAIN ${DECIDED_SQL}`, ['00000000-0000-7000-8000-000000000001', 1, 'accepted', 200]);
          return rows.map((r) => Object.values(r)[0]).join('\n');
        } finally {
          await s.exec('ROLLBACK');
        }
      });
      expect(plan).toContain('referral_decided');
      expect(plan).not.toMatch(/\bSort\b/);
    });
  });
}
