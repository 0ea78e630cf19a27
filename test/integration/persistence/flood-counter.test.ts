import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaFloodCounter } from '../../../src/adapters/persistence/prisma-flood-counter.js';
import { testDatabase, testPgliteDatabase } from '../../support/test-database.js';
import type { TestDatabase } from '../../support/test-database.js';

/*
 * Flood counts are shared by every worker process: two counters over one
 * database (as two processes would hold) must hand out each count once.
 */
describe.each([
  ['PostgreSQL', testDatabase],
  ['PGlite', testPgliteDatabase],
] as const)('GIVEN flood counters on %s', (_label, open) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await open({ poolSize: 10 });
  });
  afterAll(() => db.close());

  it('WHEN two processes count 60 concurrent hits of one key THEN the counts are exactly 1..60', async () => {
    const a = new PrismaFloodCounter(db.prisma);
    const b = new PrismaFloodCounter(db.prisma);
    const at = new Date('2026-01-05T12:00:00Z');
    const counts = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).hit('m:discord:42:cmd', at)));
    expect([...counts].sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('WHEN the next window is hit THEN it starts from 1 and the finished window is gone', async () => {
    const c = new PrismaFloodCounter(db.prisma);
    await c.hit('r:matrix:!room:cmd', new Date('2026-01-05T12:00:00Z'));
    await c.hit('r:matrix:!room:cmd', new Date('2026-01-05T12:00:00Z'));
    expect(await c.hit('r:matrix:!room:cmd', new Date('2026-01-05T12:01:00Z'))).toBe(1);
    expect(await db.prisma.floodCounter.count({ where: { key: 'r:matrix:!room:cmd' } })).toBe(1);
  });
});
