import { cp, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/adapters/persistence/migrate.js';
import { defaultMigrationsDir, readMigrations } from '../../../src/adapters/persistence/migration-files.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { testDatabase, testPgliteDatabase } from '../../support/test-database.js';
import type { TestDatabase } from '../../support/test-database.js';

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  applied_steps_count: number;
}

const kinds = [
  ['PostgreSQL', testDatabase],
  ['PGlite', testPgliteDatabase],
] as const;

describe.each(kinds)('migrate on %s', (_label, open) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db.close());

  it('GIVEN an empty database WHEN migrated THEN every migration is applied and recorded as Prisma records it', async () => {
    const files = await readMigrations(defaultMigrationsDir());
    expect(files.length).toBeGreaterThan(0);
    expect(db.applied.map((m) => m.name)).toEqual(files.map((f) => f.name));
    const rows = await db.sql.withSession((s) => s.query<HistoryRow>('SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name'));
    expect(rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count])).toEqual(files.map((f) => [f.name, f.checksum, 1]));
    expect(rows.every((r) => r.finished_at instanceof Date)).toBe(true);
    await expect(db.pendingMigrations()).resolves.toEqual([]);
  });

  it('GIVEN a migrated database WHEN migrate runs again THEN it applies nothing and records nothing', async () => {
    await expect(db.migrate()).resolves.toEqual([]);
    const [count] = await db.sql.withSession((s) => s.query<{ n: number }>('SELECT count(*)::int AS n FROM "_prisma_migrations"'));
    expect(count?.n).toBe((await readMigrations(defaultMigrationsDir())).length);
  });
});

describe.each(kinds)('migration failures on %s', (_label, open) => {
  let dir: string;
  let db: TestDatabase;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'plenary-migrations-'));
    db = await open({ migrate: false, migrationsDir: dir });
  });
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('GIVEN a migration that fails half-way WHEN migrating THEN nothing of it remains and it is retried next time', async () => {
    await mkdir(join(dir, '20000101000000_good'));
    await writeFile(join(dir, '20000101000000_good', 'migration.sql'), 'CREATE TABLE "a" ("id" INT PRIMARY KEY);');
    await mkdir(join(dir, '20000102000000_bad'));
    await writeFile(join(dir, '20000102000000_bad', 'migration.sql'), 'CREATE TABLE "b" ("id" INT);\nSELECT no_such_function();');

    await expect(db.migrate()).rejects.toThrow(/20000102000000_bad failed and was rolled back/);
    const tables = await db.sql.withSession((s) => s.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('a', 'b') ORDER BY 1`));
    expect(tables.map((r) => r.t)).toEqual(['a']);
    await expect(db.pendingMigrations()).resolves.toEqual(['20000102000000_bad']);

    await writeFile(join(dir, '20000102000000_bad', 'migration.sql'), 'CREATE TABLE "b" ("id" INT);');
    const applied = await db.migrate();
    expect(applied.map((m) => m.name)).toEqual(['20000102000000_bad']);
  });
});

describe('migrate on PostgreSQL under concurrency', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await testDatabase({ migrate: false, poolSize: 4 });
  });
  afterAll(() => db.close());

  it('GIVEN several processes starting at once WHEN all migrate THEN the advisory lock lets exactly one apply each migration', async () => {
    const runs = await Promise.all([1, 2, 3].map(() => db.migrate()));
    const files = await readMigrations(defaultMigrationsDir());
    expect(runs.flat().map((m) => m.name).sort()).toEqual(files.map((f) => f.name));
    const [count] = await db.sql.withSession((s) => s.query<{ n: number }>('SELECT count(*)::int AS n FROM "_prisma_migrations"'));
    expect(count?.n).toBe(files.length);
  });
});

describe('migrate with an edited migration', () => {
  let dir: string;
  let db: TestDatabase;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'plenary-migrations-'));
    await cp(defaultMigrationsDir(), dir, { recursive: true });
    db = await testPgliteDatabase({ migrationsDir: dir });
  });
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('GIVEN an applied migration edited afterwards WHEN migrating THEN it warns and does not re-apply it', async () => {
    const [first] = await readMigrations(dir);
    await writeFile(join(dir, first!.name, 'migration.sql'), `${first!.sql}\n-- edited\n`);
    const warnings: string[] = [];
    const log = { ...silentLogger, warn: (_o: object, msg?: string) => void warnings.push(msg ?? '') };
    await expect(migrate(db.sql, log, { migrationsDir: dir })).resolves.toEqual([]);
    expect(warnings.join('\n')).toMatch(/edited after it was applied/);
  });
});
