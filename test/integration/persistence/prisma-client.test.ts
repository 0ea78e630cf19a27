import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../../../src/generated/prisma/client.js';
import { testDatabase, testPgliteDatabase } from '../../support/test-database.js';
import type { TestDatabase } from '../../support/test-database.js';

/*
 * The generated client over both drivers, on the migrated schema: what the
 * store adapters rely on (nested creates, JSON, enums, BigInt ids, millisecond
 * timestamps, the partial unique indexes).
 */
describe.each([
  ['PostgreSQL', testDatabase],
  ['PGlite', testPgliteDatabase],
] as const)('generated client on %s', (_label, open) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db.close());

  it('GIVEN a person created with an account WHEN read back by account THEN everything round-trips', async () => {
    const { prisma } = db;
    const person = await prisma.person.create({
      data: { displayName: 'Ada', accounts: { create: { platform: 'discord', externalId: '1001', displayName: 'ada#1' } } },
    });
    expect(person.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/); // UUIDv7
    const found = await prisma.platformAccount.findUnique({ where: { platform_externalId: { platform: 'discord', externalId: '1001' } }, include: { person: true } });
    expect(found?.person.displayName).toBe('Ada');

    await expect(prisma.platformAccount.create({ data: { platform: 'discord', externalId: '1001', displayName: 'dup', personId: person.id } })).rejects.toMatchObject({ code: 'P2002' });
  });

  it('GIVEN an assembly with a motion and an event WHEN read back THEN JSON, enums, defaults and times survive', async () => {
    const { prisma } = db;
    const mover = await prisma.person.create({ data: { displayName: 'Mover' } });
    const assembly = await prisma.assembly.create({ data: { kind: 'local', name: `Riverside ${db.kind}`, policy: { admission: 'open', defaults: {} } } });
    expect(assembly.eventSeq).toBe(0);
    expect(assembly.headHash).toBe('0'.repeat(64));

    const closesAt = new Date('2030-01-02T03:04:05.678Z');
    const motion = await prisma.motion.create({
      data: {
        assemblyId: assembly.id,
        number: 1,
        kind: 'proposal_draft',
        method: 'ranked',
        title: 'Bike lanes',
        options: ['A', 'B', 'C'],
        quorumNum: 1,
        quorumDen: 10,
        thresholdNum: 1,
        thresholdDen: 2,
        thresholdStrict: true,
        movedById: mover.id,
        status: 'open',
        closesAt,
        payload: { nested: { list: [1, 2] } },
      },
    });
    const read = await prisma.motion.findUniqueOrThrow({ where: { assemblyId_number: { assemblyId: assembly.id, number: 1 } } });
    expect(read).toMatchObject({ kind: 'proposal_draft', method: 'ranked', options: ['A', 'B', 'C'], seats: 1, votingHours: 72, result: null, payload: { nested: { list: [1, 2] } } });
    expect(read.closesAt?.toISOString()).toBe(closesAt.toISOString());

    const due = await prisma.motion.findMany({ where: { status: 'open', closesAt: { lte: new Date('2031-01-01') } } });
    expect(due.map((m) => m.id)).toContain(motion.id);

    const event = await prisma.event.create({ data: { assemblyId: assembly.id, seq: 1, type: 'motion.moved', actorId: mover.id, payload: { b: 1, a: 2 }, at: new Date(), prevHash: '0'.repeat(64), hash: 'f'.repeat(64) } });
    expect(typeof event.id).toBe('bigint');
    await expect(prisma.event.create({ data: { assemblyId: assembly.id, seq: 1, type: 'fork', at: new Date(), prevHash: 'x', hash: 'y' } })).rejects.toMatchObject({ code: 'P2002' });
  });

  it('GIVEN a child in a federation WHEN a second active parent is added THEN the partial unique index refuses it, but history rows are allowed', async () => {
    const { prisma } = db;
    const root = await prisma.assembly.create({ data: { kind: 'delegates', level: 1, name: `Transport council ${db.kind}` } });
    const other = await prisma.assembly.create({ data: { kind: 'delegates', level: 1, name: `Other council ${db.kind}` } });
    const child = await prisma.assembly.create({ data: { kind: 'local', name: `Hillside ${db.kind}` } });
    const founder = await prisma.person.create({ data: { displayName: 'Founder' } });
    const fed = await prisma.federation.create({ data: { name: `Transport ${db.kind}`, purpose: 'transport', rootAssemblyId: root.id, foundedById: founder.id } });
    const first = await prisma.federationEdge.create({ data: { federationId: fed.id, childAssemblyId: child.id, parentAssemblyId: root.id } });
    await expect(prisma.federationEdge.create({ data: { federationId: fed.id, childAssemblyId: child.id, parentAssemblyId: other.id } })).rejects.toMatchObject({ code: 'P2002' });

    await prisma.federationEdge.update({ where: { id: first.id }, data: { status: 'left', leftAt: new Date() } });
    await prisma.federationEdge.create({ data: { federationId: fed.id, childAssemblyId: child.id, parentAssemblyId: other.id } });
    expect(await prisma.federationEdge.count({ where: { childAssemblyId: child.id } })).toBe(2);
  });

  it('GIVEN an outbox item WHEN enqueued twice with one dedupe key THEN one row exists', async () => {
    const { prisma } = db;
    const data = { kind: 'motion.close', dedupeKey: `motion-close:${db.kind}`, payload: { motionId: 'm' } };
    await prisma.outboxItem.upsert({ where: { dedupeKey: data.dedupeKey }, create: data, update: {} });
    await prisma.outboxItem.upsert({ where: { dedupeKey: data.dedupeKey }, create: data, update: {} });
    expect(await prisma.outboxItem.count({ where: { dedupeKey: data.dedupeKey } })).toBe(1);
  });

  it('GIVEN an interactive transaction that fails WHEN it rolls back THEN nothing is written', async () => {
    const { prisma } = db;
    const name = `Rolled back ${db.kind}`;
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.assembly.create({ data: { kind: 'circle', name } });
        throw new Prisma.PrismaClientKnownRequestError('boom', { code: 'X', clientVersion: Prisma.prismaVersion.client });
      }),
    ).rejects.toThrow('boom');
    expect(await prisma.assembly.count({ where: { name } })).toBe(0);
  });
});
