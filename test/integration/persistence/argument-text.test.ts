import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../../src/adapters/persistence/prisma-store.js';
import { fuzzTarget } from '../../support/argument-fuzz.js';
import { testDatabase, type TestDatabase } from '../../support/test-database.js';

describe('GIVEN the whole command table on PostgreSQL', () => {
  let db: TestDatabase;
  let target: Awaited<ReturnType<typeof fuzzTarget>>;
  beforeAll(async () => {
    db = await testDatabase();
    target = await fuzzTarget(new PrismaStore(db.prisma, { sql: db.sql }));
  });
  afterAll(() => db.close());

  it('WHEN a member types nominate \\u0000, motion show "\\u0000" or --person \\u0000 THEN PostgreSQL never sees the NUL: each is a friendly refusal naming the argument', async () => {
    const { s } = target;
    for (const [line, arg] of [
      ['nominate \u0000', 'federation'],
      ['motion show "\u0000"', 'motion'],
      ['motion propose "Out" --kind exclusion --person \u0000', 'person'],
    ] as const) {
      const reply = await s.run('ana', '#clean', line);
      expect(reply.first.title, line).toBe('That command needs different arguments');
      expect(reply.first.body, line).toContain(`• ${arg} (`);
    }
  });

  it('WHEN any argument of any command is a NUL THEN no command answers "Something went wrong"', async () => {
    const { slots, send } = target;
    const failed: string[] = [];
    for (const slot of slots) {
      const title = (await send(slot, 'a\u0000b')).replies[0]?.title;
      if (title !== 'That command needs different arguments') failed.push(`${slot.spec.path.join(' ')} --${slot.arg.name}: ${title ?? '(no reply)'}`);
    }
    expect(failed).toEqual([]);
  });
});
