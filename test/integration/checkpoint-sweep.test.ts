import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/persistence/prisma-store.js';
import { postDueCheckpoints } from '../../src/core/services/checkpoint.service.js';
import { Scenario } from '../../src/core/testing/scenario.js';
import { testDatabase, type TestDatabase } from '../support/test-database.js';

/*
 * Periodic record checkpoints on real PostgreSQL: several workers sweep at
 * once (the sweep job is once per slot, but a slot's job may be retried while
 * the next one runs, and a backlog spans slots), and the due query must stay
 * one indexed statement however many assemblies there are.
 */
const ASSEMBLIES = 40;
const ROUNDS = 3;
const HOUR = 3_600_000;

let db: TestDatabase;
let s: Scenario;

beforeAll(async () => {
  db = await testDatabase({ poolSize: 10 });
  s = new Scenario({ store: new PrismaStore(db.prisma, { sql: db.sql }) });
  for (let i = 0; i < ASSEMBLIES; i++) {
    const r = await s.run(`founder${i}`, `#room-${i}`, `assembly setup "Sweep ${i}"`);
    if (!r.ok) throw new Error(r.text);
  }
}, 120_000);
afterAll(async () => {
  await db.close();
});

async function checkpointRows(): Promise<{ key: string; room: string; seq: number }[]> {
  const rows = await db.prisma.outboxItem.findMany({ where: { kind: 'platform.send', dedupeKey: { startsWith: 'send.checkpoint.' } } });
  return rows.flatMap((r) => (r.payload as { items: { key: string; room: { roomId: string }; message: { chainHead: { seq: number } } }[] }).items.map((i) => ({ key: i.key, room: i.room.roomId, seq: i.message.chainHead.seq })));
}

describe('periodic checkpoints on PostgreSQL', () => {
  it(`GIVEN ${ASSEMBLIES} due assemblies WHEN two sweeps race, ${ROUNDS} rounds THEN each round posts exactly one checkpoint per assembly, with its head then`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [a, b] = await Promise.all([postDueCheckpoints(s.deps, { page: 7 }), postDueCheckpoints(s.deps, { page: 7 })]);
      // Decided once, under the assembly's lock: not merely deduplicated by the outbox key.
      expect(a + b).toBe(ASSEMBLIES);
      const rows = await checkpointRows();
      expect(rows).toHaveLength(ASSEMBLIES * (round + 1));
      expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
      for (let i = 0; i < ASSEMBLIES; i++) {
        const a = (await s.deps.store.read.assemblyByName(`Sweep ${i}`))!;
        const head = (await s.deps.store.read.chainHead(a.id))!;
        // The newest checkpoint of the room (rows come back in no particular order).
        expect(Math.max(...rows.filter((r) => r.room === `#room-${i}`).map((r) => r.seq))).toBe(head.seq);
      }
      // Nothing more until the chains move and the interval passes.
      expect(await postDueCheckpoints(s.deps)).toBe(0);
      for (let i = 0; i < ASSEMBLIES; i++) await s.run(`member${round}-${i}`, `#room-${i}`, 'join');
      s.clock.advance(24 * HOUR);
    }
  }, 120_000);

  it('GIVEN 5,000 assemblies, 1 in 10 moved WHEN the due query runs THEN it reads the partial index, no sequential scan', async () => {
    const sql = <R extends object>(q: string) => db.sql.withSession((c) => c.query<R>(q));
    await sql(`
      INSERT INTO assembly (id, kind, name, policy, event_seq, checkpoint_seq, checkpoint_due_at)
      SELECT gen_random_uuid(), 'local', 'bulk-' || g, '{}'::jsonb, CASE WHEN g % 10 = 0 THEN 5 ELSE 3 END, 3, now() - (g || ' seconds')::interval
      FROM generate_series(1, 5000) g`);
    await sql('ANALYZE assembly');
    // The store's due query (prisma-store-reads.ts, dueCheckpoints), as it is sent.
    const plan = await sql<{ 'QUERY PLAN': string }>(`
      EXPLAIN SELECT id::text AS id FROM assembly
      WHERE event_seq > checkpoint_seq AND checkpoint_due_at <= now()
      ORDER BY checkpoint_due_at, assembly.id LIMIT 200`);
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    console.info(`due checkpoints plan on 5,000+ assemblies:\n${text}`);
    expect(text).toContain('assembly_checkpoint_due');
    expect(text).not.toContain('Seq Scan');
    // The bulk ones that moved, and the swept ones that moved since their last round.
    expect((await s.deps.store.read.dueCheckpoints(new Date(), 1000)).length).toBe(500 + ASSEMBLIES);
  }, 120_000);
});
