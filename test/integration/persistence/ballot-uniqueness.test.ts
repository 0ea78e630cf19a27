import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, testPgliteDatabase } from '../../support/test-database.js';
import type { TestDatabase } from '../../support/test-database.js';

/*
 * "One current ballot per person per motion" is the database's job, not the
 * code's: the (motion_id, person_id) primary key must hold when many writes for
 * the same voter race (double clicks, both platforms at once, retried jobs).
 */
const RACERS = 40;

describe.each([
  ['PostgreSQL', testDatabase],
  ['PGlite', testPgliteDatabase],
] as const)('ballot uniqueness on %s', (_label, open) => {
  let db: TestDatabase;
  let motionId: string;
  let voters: string[];

  beforeAll(async () => {
    db = await open({ poolSize: 16 });
    const { prisma } = db;
    const mover = await prisma.person.create({ data: { displayName: 'Mover' } });
    const assembly = await prisma.assembly.create({ data: { kind: 'local', name: 'Ballot test' } });
    const motion = await prisma.motion.create({
      data: { assemblyId: assembly.id, number: 1, kind: 'resolution', method: 'yes_no_abstain', title: 'T', quorumNum: 0, quorumDen: 1, thresholdNum: 1, thresholdDen: 2, movedById: mover.id, status: 'open' },
    });
    motionId = motion.id;
    voters = [];
    for (let i = 0; i < 4; i++) voters.push((await prisma.person.create({ data: { displayName: `Voter ${i}` } })).id);
  });
  afterAll(() => db.close());

  const countFor = (personId: string) => db.prisma.ballot.count({ where: { motionId, personId } });

  it('GIVEN many concurrent first ballots from one voter WHEN inserted THEN exactly one row exists and the rest fail as unique violations', async () => {
    const personId = voters[0]!;
    const results = await Promise.allSettled(
      Array.from({ length: RACERS }, (_, i) => db.prisma.ballot.create({ data: { motionId, personId, choice: { kind: 'yes-no-abstain', value: i % 2 ? 'yes' : 'no' } } })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'P2002' });
    expect(await countFor(personId)).toBe(1);
  });

  it('GIVEN many concurrent ballot changes as SQL upserts WHEN all commit THEN one row holds one of them', async () => {
    const personId = voters[1]!;
    const values = Array.from({ length: RACERS }, (_, i) => `v${i}`);
    await Promise.all(
      values.map((v) =>
        db.sql.withSession((s) =>
          s.query(
            `INSERT INTO ballot (motion_id, person_id, choice) VALUES ($1, $2, $3::jsonb)
             ON CONFLICT (motion_id, person_id) DO UPDATE SET choice = EXCLUDED.choice, updated_at = now(), voided_at = NULL`,
            [motionId, personId, JSON.stringify({ kind: 'approval', approved: [], tag: v })],
          ),
        ),
      ),
    );
    const rows = await db.prisma.ballot.findMany({ where: { motionId, personId } });
    expect(rows).toHaveLength(1);
    expect(values).toContain((rows[0]!.choice as { tag: string }).tag);
  });

  it('GIVEN many concurrent Prisma upserts from one voter WHEN all run THEN every call succeeds and one row remains', async () => {
    const personId = voters[2]!;
    const where = { motionId_personId: { motionId, personId } };
    const results = await Promise.allSettled(
      Array.from({ length: RACERS }, (_, i) => {
        const choice = { kind: 'ranked', ranking: [i] };
        return db.prisma.ballot.upsert({ where, create: { motionId, personId, choice }, update: { choice } });
      }),
    );
    // Prisma turns this upsert into INSERT … ON CONFLICT DO UPDATE (unique
    // where = create values, no nested writes), so none of them may fail.
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await countFor(personId)).toBe(1);
  });

  it('GIVEN different voters at once WHEN each casts one ballot THEN each has exactly one', async () => {
    const personId = voters[3]!;
    await db.prisma.ballot.create({ data: { motionId, personId, choice: { kind: 'yes-no-abstain', value: 'abstain' } } });
    const all = await db.prisma.ballot.groupBy({ by: ['personId'], where: { motionId }, _count: { _all: true } });
    expect(all).toHaveLength(4);
    expect(all.every((g) => g._count._all === 1)).toBe(true);
  });
});
