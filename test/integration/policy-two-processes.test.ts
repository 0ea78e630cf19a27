import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/adapters/persistence/database.js';
import { PrismaStore } from '../../src/adapters/persistence/prisma-store.js';
import { listenForSettings, type SettingsListener } from '../../src/adapters/persistence/settings-listener.js';
import type { Assembly } from '../../src/core/model/entities.js';
import { silentLogger } from '../../src/core/ports/logger.port.js';
import { Scenario } from '../../src/core/testing/scenario.js';
import { TEST_ADMIN_URL, testDatabase, type TestDatabase } from '../support/test-database.js';

/*
 * Defect 9 of issue 12 across processes: several workers share one
 * PostgreSQL database, each with its own read cache. Three cores here, each
 * over its own connection pool, as three processes would be: A changes the
 * settings; B listens for changes; C never hears of them (a process whose
 * listener is down, or the worst case of a cache). Every core runs on a fake
 * clock that never moves, so no cache entry ever expires by its TTL.
 */
let db: TestDatabase;
let other: Database;
let third: Database;
let a: Scenario;
let b: Scenario;
let c: Scenario;
let listener: SettingsListener;
const room = '#shared';

const url = (): string => {
  const u = new URL(TEST_ADMIN_URL);
  u.pathname = `/${db.name}`;
  return u.toString();
};

async function ok(p: Promise<{ ok: boolean; text: string }>): Promise<string> {
  const r = await p;
  if (!r.ok) throw new Error(r.text);
  return r.text;
}

async function until(what: string, test: () => Promise<boolean>, ms = 3_000): Promise<number> {
  const start = performance.now();
  while (!(await test())) {
    if (performance.now() - start > ms) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return performance.now() - start;
}

let assembly: Assembly;

beforeAll(async () => {
  db = await testDatabase();
  other = await openDatabase({ databaseUrl: url(), dataDir: 'unused', log: silentLogger, migrateOnOpen: false });
  third = await openDatabase({ databaseUrl: url(), dataDir: 'unused', log: silentLogger, migrateOnOpen: false });
  a = new Scenario({ store: new PrismaStore(db.prisma, { sql: db.sql }) });
  b = new Scenario({ store: new PrismaStore(other.prisma, { sql: other.sql }) });
  c = new Scenario({ store: new PrismaStore(third.prisma, { sql: third.sql }) });
  listener = listenForSettings(url(), b.deps.cache, silentLogger, 50);
  await listener.ready;
  await ok(a.run('ana', room, 'assembly setup "Shared Rules"'));
  for (const who of ['ben', 'cy', 'dee']) await ok(a.run(who, room, 'join'));
  assembly = (await a.deps.store.read.assemblyByName('Shared Rules'))!;
});
afterAll(async () => {
  await listener.close();
  await third.close();
  await other.close();
  await db.close();
});

describe('GIVEN three processes sharing one PostgreSQL database, each with its own read cache', () => {
  it('WHEN process A switches early close off THEN the ballot completing a motion in process C, whose cache still says on, does not close it', async () => {
    for (const n of [1, 2]) await ok(a.run('ana', room, `motion propose "Matter ${n}"`));
    // C's cache learns the assembly (early close on) from these ballots.
    for (const who of ['ana', 'ben', 'cy']) await ok(c.run(who, room, 'vote 1 yes'));
    expect((await c.deps.cache.assembly(assembly.id))?.policy.earlyClose).toBe(true);

    await ok(a.run('ana', room, 'assembly policy early-close false'));
    expect((await c.deps.cache.assembly(assembly.id))?.policy.earlyClose).toBe(true); // C heard nothing
    expect(await ok(c.run('dee', room, 'vote 1 yes'))).not.toContain('now closed');
    expect((await a.deps.store.read.motionByNumber(assembly.id, 1))?.status).toBe('open');

    // And back on: C's next completing ballot closes motion 2 although its cache still says off.
    await ok(a.run('ana', room, 'assembly policy early-close true'));
    for (const who of ['ana', 'ben', 'cy']) await ok(c.run(who, room, 'vote 2 no'));
    await ok(b.run('ana', room, 'assembly policy early-close false'));
    expect(await ok(c.run('dee', room, 'vote 2 no'))).not.toContain('now closed');
    await ok(b.run('ana', room, 'assembly policy early-close true'));
    expect(await ok(c.run('dee', room, 'vote 2 yes'))).toContain('now closed');
  });

  it('WHEN process A changes a setting THEN the listening process B forgets its cached copy within moments', async () => {
    expect((await b.deps.cache.assembly(assembly.id))?.policy.earlyClose).toBe(true);
    await ok(a.run('ana', room, 'assembly policy early-close false'));
    const ms = await until('B sees early close off', async () => (await b.deps.cache.assembly(assembly.id))?.policy.earlyClose === false);
    console.info(`settings change heard by the other process after ${ms.toFixed(1)} ms`);
    await ok(a.run('ana', room, 'assembly policy early-close true'));
    await until('B sees early close on', async () => (await b.deps.cache.assembly(assembly.id))?.policy.earlyClose === true);
  });

  it('WHEN B loses its listening connection and a change is made meanwhile THEN B never serves the old value, and hears changes again after reconnecting', async () => {
    expect((await b.deps.cache.assembly(assembly.id))?.policy.earlyClose).toBe(true);
    const [row] = await db.sql.withSession((q) => q.query<{ n: number }>("SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'LISTEN%'", [db.name]));
    expect(row?.n).toBe(1);
    await until('B notices', () => Promise.resolve(!listener.listening));
    // Changed behind every listener's back: no NOTIFY at all.
    await db.sql.withSession((q) => q.query(`UPDATE assembly SET policy = jsonb_set(policy, '{earlyClose}', 'false') WHERE id = $1::uuid`, [assembly.id]));
    expect((await b.deps.cache.assembly(assembly.id))?.policy.earlyClose).toBe(false);
    // Reconnected (50 ms retry): caching again, and hearing changes.
    await until('B listens again', () => Promise.resolve(listener.listening));
    await ok(a.run('ana', room, 'assembly policy early-close true'));
    await until('B sees early close on after reconnecting', async () => (await b.deps.cache.assembly(assembly.id))?.policy.earlyClose === true);
  });
});
