import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../../src/adapters/persistence/prisma-store.js';
import { Scenario } from '../../../src/core/testing/scenario.js';
import { testDatabase, testPgliteDatabase } from '../../support/test-database.js';
import type { TestDatabase } from '../../support/test-database.js';

/*
 * A newcomer's first commands racing: each transaction finds no person for
 * the account and creates one. Before, every loser failed on the account's
 * unique key with an internal error; a loser whose command was refused for
 * another reason could even commit the person first and make every other
 * command of the burst fail (CI, stop 21: eight set-ups, none succeeded).
 */
describe.each([
  ['PostgreSQL', testDatabase],
  ['PGlite', testPgliteDatabase],
] as const)('GIVEN the store on %s', (_label, open) => {
  let db: TestDatabase;
  let store: PrismaStore;
  beforeAll(async () => {
    db = await open({ poolSize: 12 });
    store = new PrismaStore(db.prisma, { sql: db.sql });
  });
  afterAll(() => db.close());

  it('WHEN eight transactions create a person for one new account at once THEN all get the same person and one person row exists', async () => {
    const account = { platform: 'console' as const, externalId: 'newcomer', displayName: 'newcomer' };
    const people = await Promise.all(Array.from({ length: 8 }, () => store.transaction((tx) => tx.createPerson('newcomer', account))));
    expect(new Set(people.map((p) => p.id)).size).toBe(1);
    expect(await db.prisma.platformAccount.count({ where: { externalId: 'newcomer' } })).toBe(1);
    expect(await db.prisma.person.count({ where: { displayName: 'newcomer' } })).toBe(1);
  });

  it('WHEN a newcomer sets up eight rooms at once, two with a name already taken, over several rounds THEN each round one succeeds, the rest are told why, and no command fails internally', async () => {
    const s = new Scenario({ store });
    s.admins.set('console:#old', 'founder', true);
    expect((await s.run('founder', '#old', 'assembly setup "Old Harbour"')).ok).toBe(true);
    const titles: string[] = [];
    for (let round = 0; round < 6; round++) {
      const who = `newcomer${String(round)}`;
      const names = ['Old Harbour', 'old harbour', ...Array.from({ length: 6 }, () => `Quay ${String(round)}`)];
      names.forEach((_, i) => s.admins.set(`console:#r${String(round)}-${String(i)}`, who, true));
      const replies = await Promise.all(names.map((n, i) => s.run(who, `#r${String(round)}-${String(i)}`, `assembly setup "${n}"`)));
      expect(replies.filter((r) => r.ok)).toHaveLength(1);
      titles.push(...replies.filter((r) => !r.ok).map((r) => r.first.title));
    }
    expect(titles.filter((t) => t !== 'Already done')).toEqual([]);
  });
});
