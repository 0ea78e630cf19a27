import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../../src/adapters/persistence/database.js';
import type { Database } from '../../src/adapters/persistence/database.js';
import type { AppliedMigration } from '../../src/adapters/persistence/migrate.js';
import { silentLogger } from '../../src/core/ports/logger.port.js';
import type { Logger } from '../../src/core/ports/logger.port.js';

/*
 * Integration tests get a database of their own: a fresh PostgreSQL database
 * per test file (files run in parallel, so sharing one would make them see
 * each other's rows), or an in-memory PGlite. Both are migrated with the real
 * runner, so every test also exercises the migrations.
 *
 *   let db: TestDatabase;
 *   beforeAll(async () => { db = await testDatabase(); });
 *   afterAll(() => db.close());
 */

/** Where to create the per-file databases: any database of the server, used for CREATE/DROP DATABASE only. */
export const TEST_ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase extends Database {
  /** The database's name (PostgreSQL) or `memory://` (PGlite). */
  readonly name: string;
  /** What migrating it applied (all migrations: it starts empty). */
  readonly applied: readonly AppliedMigration[];
  /** Closes the client and, for PostgreSQL, drops the database. */
  close(): Promise<void>;
}

export interface TestDatabaseOptions {
  readonly log?: Logger;
  readonly migrationsDir?: string;
  /** false: create it empty, for tests of the migration runner itself. */
  readonly migrate?: boolean;
  readonly poolSize?: number;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The URL of a test database by name (a process under test opens it as its DATABASE_URL). */
export function urlFor(name: string): string {
  const url = new URL(TEST_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new, migrated PostgreSQL database `plenary_test_<random>`, dropped by `close()`. */
export async function testDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const name = `plenary_test_${randomBytes(6).toString('hex')}`;
  // The name is ours (hex), so interpolating it is safe; DDL takes no parameters.
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  let db: Database;
  try {
    db = await openDatabase({
      databaseUrl: urlFor(name),
      dataDir: 'unused',
      log: options.log ?? silentLogger,
      migrateOnOpen: false,
      migrationsDir: options.migrationsDir,
      poolSize: options.poolSize,
    });
  } catch (e) {
    await dropDatabase(name);
    throw e;
  }
  return finish(db, name, options, async () => {
    await db.close();
    await dropDatabase(name);
  });
}

/** An in-memory PGlite, migrated like the embedded store is on open. */
export async function testPgliteDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const db = await openDatabase({ dataDir: 'memory://', log: options.log ?? silentLogger, migrateOnOpen: false, migrationsDir: options.migrationsDir });
  return finish(db, 'memory://', options, () => db.close());
}

async function finish(db: Database, name: string, options: TestDatabaseOptions, close: () => Promise<void>): Promise<TestDatabase> {
  let applied: readonly AppliedMigration[] = [];
  try {
    if (options.migrate ?? true) applied = await db.migrate();
  } catch (e) {
    await close();
    throw e;
  }
  return {
    kind: db.kind,
    prisma: db.prisma,
    sql: db.sql,
    migrate: () => db.migrate(),
    pendingMigrations: () => db.pendingMigrations(),
    name,
    applied,
    close,
  };
}

async function dropDatabase(name: string): Promise<void> {
  // FORCE (PostgreSQL 13+): a test that leaked a connection must not leak its database too.
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
