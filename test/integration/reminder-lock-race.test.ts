import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/persistence/prisma-store.js';
import type { MotionId } from '../../src/core/shared/ids.js';
import { Scenario } from '../../src/core/testing/scenario.js';
import { testDatabase, type TestDatabase } from '../support/test-database.js';

/*
 * The reminder sweep settles new motions of assemblies that ask for no
 * reminders in one statement (`forgetUnreminded`) while the relay's batches
 * lock many assemblies at once (in id order, FOR UPDATE) to write response
 * motions. In bench:relay at 100,000 assemblies the first version (share
 * locks on the assemblies, in scan order) deadlocked with those batches
 * (40P01). Here both run against each other for many rounds on real
 * PostgreSQL: no transaction may fail, and every quiet motion is settled
 * (one it skipped because a batch held it is settled by a later sweep), by
 * one sweep only. Against the first version this fails: 17 of 100 racing
 * transactions died with 40P01 "deadlock detected" (and each motion was
 * settled by all three sweeps).
 */
const ASSEMBLIES = 24;
const ROUNDS = 25;

let db: TestDatabase;
let store: PrismaStore;
let motions: MotionId[] = [];
let assemblies: string[] = [];
const LOCK_ASSEMBLIES = 'SELECT id FROM assembly WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE';

beforeAll(async () => {
  db = await testDatabase({ poolSize: 12 });
  store = new PrismaStore(db.prisma, { sql: db.sql });
  const s = new Scenario({ store });
  for (let i = 0; i < ASSEMBLIES; i++) {
    const room = `#quiet-${i}`;
    for (const line of [`assembly setup "Quiet ${i}"`, 'motion propose "Mend the fence"']) {
      const r = await s.run(`founder${i}`, room, line);
      if (!r.ok) throw new Error(r.text);
    }
  }
  const rows = await db.prisma.motion.findMany({ select: { id: true, assemblyId: true } });
  motions = rows.map((r) => r.id as MotionId);
  assemblies = [...new Set(rows.map((r) => r.assemblyId))];
  // Every event rewrites its assembly's row (the chain head), so on a live
  // server the rows' physical order has nothing to do with their ids: write
  // them again in reverse id order, as later activity would.
  for (const id of [...assemblies].sort().reverse()) await db.prisma.$executeRawUnsafe('UPDATE assembly SET motion_seq = motion_seq WHERE id = $1::uuid', id);
}, 180_000);
afterAll(async () => {
  await db.close();
});

const shuffled = <T>(xs: readonly T[]): T[] => xs.map((x) => [Math.random(), x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);

/** A relay batch: the assemblies of a step locked in id order, held while it writes. */
function relayBatch(): Promise<unknown> {
  const some = shuffled(assemblies).slice(0, 1 + Math.floor(Math.random() * assemblies.length));
  return db.prisma.$transaction(async (tx) => {
    await tx.$queryRawUnsafe(LOCK_ASSEMBLIES, some);
    await tx.$executeRawUnsafe('SELECT pg_sleep(0.005)');
  });
}

describe('the reminder sweep beside the relay on PostgreSQL', () => {
  it(`GIVEN ${ASSEMBLIES} quiet assemblies with a new motion each WHEN sweeps and relay batches race for ${ROUNDS} rounds THEN nothing fails and every motion is settled`, async () => {
    const failures: string[] = [];
    const note = (e: unknown): void => {
      failures.push(e instanceof Error ? e.message.slice(0, 200) : String(e));
    };
    for (let round = 0; round < ROUNDS; round++) {
      await db.prisma.motion.updateMany({ data: { reminderAt: new Date() } });
      const sweeps = [0, 1, 2].map(() => store.transaction((tx) => tx.forgetUnreminded(shuffled(motions))).catch((e: unknown) => (note(e), [])));
      const batches = [0, 1, 2, 3].map(() => relayBatch().catch(note));
      const settled = (await Promise.all(sweeps)).flat();
      await Promise.all(batches);
      // Each motion is settled by at most one sweep (the others skip or find it settled).
      expect(new Set(settled).size).toBe(settled.length);
      // What the batches held is settled by the next sweep, which nothing holds up.
      await store.transaction((tx) => tx.forgetUnreminded(motions));
      expect(await db.prisma.motion.count({ where: { reminderAt: { not: null } } })).toBe(0);
    }
    expect(failures).toEqual([]);
  }, 240_000);
});
