import { randomUUID } from 'node:crypto';
import type { Logger } from '../../core/ports/logger.port.js';
import { defaultMigrationsDir, readMigrations } from './migration-files.js';
import type { MigrationFile } from './migration-files.js';
import { backfillNameKeys } from './name-key-backfill.js';
import type { SqlDatabase, SqlSession } from './sql-session.js';

/*
 * Applies prisma/migrations to PostgreSQL or PGlite, bookkept exactly as
 * `prisma migrate deploy` does (same `_prisma_migrations` table, checksum =
 * sha256 of migration.sql), so the Prisma CLI on a connected machine agrees
 * with it. We need our own runner because the CLI's native engine cannot be
 * downloaded here and the wasm engine cannot describe a live PostgreSQL.
 *
 * Differences from Prisma, on purpose:
 * - each migration runs in one transaction with its bookkeeping row, so a
 *   failure leaves nothing behind (no "failed migration" state to resolve);
 *   Prisma runs a script as one implicit transaction too, so the same SQL
 *   restrictions apply (no CREATE INDEX CONCURRENTLY; a new enum value cannot
 *   be used in the migration that adds it).
 */

/** Prisma's own migration lock key: our runner and `prisma migrate` exclude each other. */
export const MIGRATION_LOCK_KEY = 72707369;

/** Prisma's DDL for its history table (schema-engine, postgres flavour). */
const HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface AppliedMigration {
  readonly name: string;
  readonly durationMs: number;
}

export interface MigrateOptions {
  /** Defaults to this checkout's prisma/migrations. */
  readonly migrationsDir?: string;
}

interface HistoryRow {
  readonly migration_name: string;
  readonly checksum: string;
  readonly finished_at: Date | null;
  readonly rolled_back_at: Date | null;
}

/**
 * Applies every pending migration in name order under a PostgreSQL advisory
 * lock (several bot processes may start at once) and returns what it applied;
 * an empty list means the database was up to date.
 */
export async function migrate(db: SqlDatabase, log: Logger, options: MigrateOptions = {}): Promise<readonly AppliedMigration[]> {
  const files = await readMigrations(options.migrationsDir ?? defaultMigrationsDir());
  return db.withSession(async (session) => {
    await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    let applied: AppliedMigration[];
    try {
      await session.exec(HISTORY_TABLE);
      const pending = planMigrations(files, await session.query<HistoryRow>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"'), log);
      applied = [];
      for (const file of pending) applied.push(await applyOne(session, file, log));
      await backfillNameKeys(session, log);
    } catch (e) {
      // Keep the real error; the session is discarded anyway, which drops the lock.
      await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
      throw e;
    }
    // Outside the catch: if this fails, the error makes the session be discarded
    // rather than returned to the pool still holding the lock.
    await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    if (applied.length === 0) log.debug({ kind: db.kind, migrations: files.length }, 'database schema is up to date');
    return applied;
  });
}

function planMigrations(files: readonly MigrationFile[], history: readonly HistoryRow[], log: Logger): MigrationFile[] {
  const failed = history.filter((r) => r.finished_at === null && r.rolled_back_at === null);
  if (failed.length > 0) {
    // Only Prisma's CLI leaves such rows (ours roll back entirely); it needs a human.
    const names = failed.map((r) => r.migration_name).join(', ');
    throw new Error(`migration(s) ${names} failed earlier and were left half-applied; fix the database, then run \`prisma migrate resolve --rolled-back <name>\` or \`--applied <name>\``);
  }
  const applied = new Map(history.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => [r.migration_name, r.checksum]));
  const known = new Set(files.map((f) => f.name));
  for (const [name] of applied) {
    if (!known.has(name)) log.warn({ migration: name }, 'the database has a migration this checkout does not know (newer code ran against it?)');
  }
  for (const f of files) {
    const sum = applied.get(f.name);
    if (sum !== undefined && sum !== f.checksum) log.warn({ migration: f.name }, 'migration.sql was edited after it was applied; the edit is NOT applied (write a new migration instead)');
  }
  return files.filter((f) => !applied.has(f.name));
}

/**
 * Names of the migrations `migrate` would apply, changing nothing (no history
 * table is created): for health checks and for refusing to start on an old schema.
 */
export async function pendingMigrations(db: SqlDatabase, options: MigrateOptions = {}): Promise<readonly string[]> {
  const files = await readMigrations(options.migrationsDir ?? defaultMigrationsDir());
  const applied = await db.withSession(async (session) => {
    const [table] = await session.query<{ exists: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS "exists"`);
    if (table?.exists !== true) return new Set<string>();
    const rows = await session.query<{ migration_name: string }>('SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL');
    return new Set(rows.map((r) => r.migration_name));
  });
  return files.filter((f) => !applied.has(f.name)).map((f) => f.name);
}

async function applyOne(session: SqlSession, file: MigrationFile, log: Logger): Promise<AppliedMigration> {
  const started = performance.now();
  const id = randomUUID();
  await session.exec('BEGIN');
  try {
    await session.query('INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)', [id, file.checksum, file.name]);
    await session.exec(file.sql);
    await session.query('UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1', [id]);
    await session.exec('COMMIT');
  } catch (e) {
    await session.exec('ROLLBACK').catch(() => undefined);
    const reason = e instanceof Error ? e.message : String(e);
    throw new Error(`migration ${file.name} failed and was rolled back: ${reason}`, { cause: e });
  }
  const durationMs = Math.round(performance.now() - started);
  log.info({ migration: file.name, durationMs }, 'applied migration');
  return { name: file.name, durationMs };
}
