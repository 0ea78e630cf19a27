import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/persistence/prisma-store.js';
import { sendDueReminders } from '../../src/core/services/reminder.service.js';
import { Scenario } from '../../src/core/testing/scenario.js';
import { testDatabase, type TestDatabase } from '../support/test-database.js';

/*
 * Reminders on real PostgreSQL: sweeps racing (a retried slot beside the next
 * one, several workers) send each reminder once, through the motion_reminder
 * key, and direct ones only to members who asked and have not voted.
 */
const ASSEMBLIES = 12;
const HOUR = 3_600_000;

let db: TestDatabase;
let s: Scenario;

beforeAll(async () => {
  db = await testDatabase({ poolSize: 10 });
  s = new Scenario({ store: new PrismaStore(db.prisma, { sql: db.sql }) });
  for (let i = 0; i < ASSEMBLIES; i++) {
    const room = `#room-${i}`;
    for (const line of [`assembly setup "Remind ${i}"`, 'assembly policy reminders 24,1']) {
      const r = await s.run(`founder${i}`, room, line);
      if (!r.ok) throw new Error(r.text);
    }
    for (const who of ['ana', 'ben']) await s.run(who, room, 'join');
    await s.run(`founder${i}`, room, 'motion propose "Fix the gate"');
    await s.run('ana', room, 'vote 1 yes');
  }
  for (const who of ['ana', 'ben']) await s.run(who, '@dm', 'remind on');
}, 180_000);
afterAll(async () => {
  await db.close();
});

async function reminderItems(): Promise<{ key: string; direct: boolean; to: string }[]> {
  const rows = await db.prisma.outboxItem.findMany({ where: { kind: 'platform.send', dedupeKey: { startsWith: 'send.remind.' } } });
  return rows.flatMap((r) => (r.payload as { items: { key: string; room: { roomId: string }; direct?: true }[] }).items.map((i) => ({ key: i.key, direct: i.direct === true, to: i.room.roomId })));
}

describe('motion reminders on PostgreSQL', () => {
  it(`GIVEN ${ASSEMBLIES} open motions WHEN three sweeps race at each reminder THEN every reminder is queued once per room, and by DM only to ben (ana voted)`, async () => {
    await Promise.all([sendDueReminders(s.deps, { page: 5 }), sendDueReminders(s.deps, { page: 5 })]);
    expect(await reminderItems()).toEqual([]);
    for (const [advance, hours] of [[48, 24], [23, 1]] as const) {
      s.clock.advance(advance * HOUR);
      await Promise.all([sendDueReminders(s.deps, { page: 5 }), sendDueReminders(s.deps, { page: 5 }), sendDueReminders(s.deps, { page: 5 })]);
      const items = (await reminderItems()).filter((i) => i.key.split('.')[2] === String(hours));
      expect(items.filter((i) => !i.direct)).toHaveLength(ASSEMBLIES);
      expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
      expect(items.filter((i) => i.direct).map((i) => i.to)).toEqual(Array.from({ length: ASSEMBLIES }, () => 'ben'));
    }
    expect(await db.prisma.motionReminder.count()).toBe(2 * ASSEMBLIES);
    // Nothing is left due: the partial index holds no motion whose look has come.
    expect(await s.deps.store.read.dueReminders(s.clock.now(), 100)).toEqual([]);
  }, 120_000);
});
