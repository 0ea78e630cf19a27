import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaMessageLog } from '../../../src/adapters/persistence/prisma-message-log.js';
import { testDatabase, testPgliteDatabase } from '../../support/test-database.js';
import type { TestDatabase } from '../../support/test-database.js';

/*
 * The database-backed MessageLog on both drivers. Each test uses refs of its
 * own: the tests of one driver share a database.
 */
describe.each([
  ['PostgreSQL', testDatabase],
  ['PGlite', testPgliteDatabase],
] as const)('PrismaMessageLog on %s', (_label, open) => {
  let db: TestDatabase;
  let log: PrismaMessageLog;
  beforeAll(async () => {
    db = await open();
    log = new PrismaMessageLog(db.prisma);
  });
  afterAll(() => db.close());

  it('GIVEN a recorded message WHEN found by platform, room and ref THEN its id comes back', async () => {
    await log.record('discord', 'channel-1', 'motion:1:tally', 'msg-1');
    await expect(log.find('discord', 'channel-1', 'motion:1:tally')).resolves.toBe('msg-1');
  });

  it('GIVEN a recorded message WHEN a new log over the same database looks it up THEN it finds it (restart, another process)', async () => {
    await log.record('matrix', '!room:example.org', 'motion:2:poll', '$event-2');
    await expect(new PrismaMessageLog(db.prisma).find('matrix', '!room:example.org', 'motion:2:poll')).resolves.toBe('$event-2');
  });

  it('GIVEN a ref recorded twice WHEN found THEN the latest message id wins and one row remains', async () => {
    await log.record('discord', 'channel-1', 'motion:3:tally', 'old');
    await log.record('discord', 'channel-1', 'motion:3:tally', 'new');
    await expect(log.find('discord', 'channel-1', 'motion:3:tally')).resolves.toBe('new');
    await expect(db.prisma.platformMessage.count({ where: { ref: 'motion:3:tally' } })).resolves.toBe(1);
  });

  it('GIVEN the same ref in two platforms and two rooms WHEN found THEN each keeps its own message', async () => {
    await log.record('discord', 'room-a', 'motion:4:tally', 'discord-a');
    await log.record('discord', 'room-b', 'motion:4:tally', 'discord-b');
    await log.record('matrix', 'room-a', 'motion:4:tally', 'matrix-a');
    await expect(log.find('discord', 'room-a', 'motion:4:tally')).resolves.toBe('discord-a');
    await expect(log.find('discord', 'room-b', 'motion:4:tally')).resolves.toBe('discord-b');
    await expect(log.find('matrix', 'room-a', 'motion:4:tally')).resolves.toBe('matrix-a');
    await expect(log.find('matrix', 'room-b', 'motion:4:tally')).resolves.toBeNull();
  });

  it('GIVEN nothing recorded for a ref WHEN found THEN the answer is null', async () => {
    await log.record('discord', 'channel-1', 'motion:5:tally', 'msg-5');
    await expect(log.find('discord', 'channel-1', 'motion:5:result')).resolves.toBeNull();
    await expect(log.find('console', 'channel-1', 'motion:5:tally')).resolves.toBeNull();
  });

  it('GIVEN many concurrent records of one ref WHEN they settle THEN none fails and one of the ids is kept', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `msg-${i}`);
    await Promise.all(ids.map((id) => log.record('discord', 'channel-1', 'motion:6:tally', id)));
    expect(ids).toContain(await log.find('discord', 'channel-1', 'motion:6:tally'));
  });
});
