import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/adapters/persistence/database.js';
import { defaultMigrationsDir, readMigrations } from '../../../src/adapters/persistence/migration-files.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { TEST_ADMIN_URL } from '../../support/test-database.js';

const log = silentLogger;

describe('openDatabase with the embedded store', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'plenary-data-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('GIVEN no DATABASE_URL WHEN opened twice on one data directory THEN it migrates on first open and keeps the data', async () => {
    const dataDir = join(dir, 'store'); // does not exist yet
    const first = await openDatabase({ dataDir, log });
    try {
      expect(first.kind).toBe('pglite');
      await expect(first.pendingMigrations()).resolves.toEqual([]);
      await first.prisma.assembly.create({ data: { kind: 'local', name: 'Kept' } });
    } finally {
      await first.close();
    }
    const again = await openDatabase({ dataDir, log });
    try {
      await expect(again.migrate()).resolves.toEqual([]);
      expect(await again.prisma.assembly.count({ where: { name: 'Kept' } })).toBe(1);
    } finally {
      await again.close();
    }
  }, 120_000); // two PGlite start-ups

  it('GIVEN migrateOnOpen false WHEN opened THEN the embedded store is left as it is', async () => {
    const db = await openDatabase({ dataDir: 'memory://', log, migrateOnOpen: false });
    try {
      const all = (await readMigrations(defaultMigrationsDir())).map((m) => m.name);
      await expect(db.pendingMigrations()).resolves.toEqual(all);
    } finally {
      await db.close();
    }
  });
});

describe('openDatabase with PostgreSQL', () => {
  const name = `plenary_test_${randomBytes(6).toString('hex')}`;
  const url = Object.assign(new URL(TEST_ADMIN_URL), { pathname: `/${name}` }).toString();
  const admin = (sql: string) => {
    const c = new pg.Client({ connectionString: TEST_ADMIN_URL });
    return c.connect().then(() => c.query(sql)).finally(() => c.end());
  };
  beforeAll(() => admin(`CREATE DATABASE "${name}"`));
  afterAll(() => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

  it('GIVEN a DATABASE_URL WHEN opened THEN it does not migrate until asked', async () => {
    const all = (await readMigrations(defaultMigrationsDir())).map((m) => m.name);
    const db = await openDatabase({ databaseUrl: url, dataDir: 'unused', log });
    try {
      expect(db.kind).toBe('postgres');
      await expect(db.pendingMigrations()).resolves.toEqual(all);
      expect((await db.migrate()).map((m) => m.name)).toEqual(all);
      await expect(db.pendingMigrations()).resolves.toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('GIVEN a URL with its own session options WHEN opened THEN every session keeps them and runs with JIT off', async () => {
    const withOptions = new URL(url);
    withOptions.searchParams.set('options', '-c work_mem=8MB');
    const db = await openDatabase({ databaseUrl: withOptions.toString(), dataDir: 'unused', log });
    try {
      const settings = await db.sql.withSession((s) => s.query<{ jit: string; work_mem: string }>("SELECT current_setting('jit') AS jit, current_setting('work_mem') AS work_mem"));
      expect(settings).toEqual([{ jit: 'off', work_mem: '8MB' }]);
      // Prisma's queries go through the same pool.
      expect(await db.prisma.$queryRawUnsafe<{ jit: string }[]>("SELECT current_setting('jit') AS jit")).toEqual([{ jit: 'off' }]);
    } finally {
      await db.close();
    }
  });

  it('GIVEN a URL that is not PostgreSQL WHEN opened THEN it says what is expected', async () => {
    await expect(openDatabase({ databaseUrl: 'mysql://x', dataDir: 'unused', log })).rejects.toThrow(/postgres:\/\//);
  });
});
