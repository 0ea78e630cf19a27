import { mkdir } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { Logger } from '../../core/ports/logger.port.js';
import { PrismaClient } from '../../generated/prisma/client.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { migrate, pendingMigrations } from './migrate.js';
import { watchPgPool } from './pg-errors.js';
import type { AppliedMigration, MigrateOptions } from './migrate.js';
import { newPglite } from './pglite-factory.js';
import { pgliteSqlDatabase, pgSqlDatabase } from './sql-session.js';
import type { DatabaseKind, SqlDatabase } from './sql-session.js';

export interface DatabaseConfig {
  /** `postgres://` or `postgresql://`; without it the embedded PGlite store is used. */
  readonly databaseUrl?: string | undefined;
  /** Where the embedded store keeps its files; `memory://` keeps it in memory (tests). */
  readonly dataDir: string;
  readonly log: Logger;
  /** Defaults to this checkout's prisma/migrations. */
  readonly migrationsDir?: string | undefined;
  /** Pool size for PostgreSQL (default 10). */
  readonly poolSize?: number | undefined;
  /**
   * Apply pending migrations while opening. Unset: yes for the embedded store
   * (it belongs to this process alone), no for PostgreSQL (only when asked:
   * `plenary migrate`, or `start --migrate`), so an upgrade never changes a
   * shared schema behind an operator's back and bot processes do not race to.
   */
  readonly migrateOnOpen?: boolean | undefined;
  /** Names this process in the embedded store's lock (default: `plenary` and its arguments), for another process's refusal. */
  readonly command?: string | undefined;
}

/**
 * The storage the rest of the app sees: one generated Prisma client over
 * either PostgreSQL (servers, many processes) or PGlite (a single-process
 * install with no database server), chosen by configuration alone.
 */
export interface Database {
  readonly kind: DatabaseKind;
  readonly prisma: PrismaClient;
  /** Raw SQL on the same database (migrations, test set-up, hot-path statements). */
  readonly sql: SqlDatabase;
  /** Applies pending migrations; returns what it applied (empty when up to date). */
  migrate(): Promise<readonly AppliedMigration[]>;
  /** Names of the migrations `migrate()` would apply; changes nothing. */
  pendingMigrations(): Promise<readonly string[]>;
  close(): Promise<void>;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/** Opens the configured store; see `DatabaseConfig.migrateOnOpen` for when it migrates. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  const { databaseUrl, log } = config;
  const options = config.migrationsDir !== undefined ? { migrationsDir: config.migrationsDir } : {};
  let db: Database;
  if (databaseUrl !== undefined && databaseUrl !== '') {
    if (!POSTGRES_URL.test(databaseUrl)) throw new Error('DATABASE_URL must start with postgres:// or postgresql:// (leave it unset for the embedded store)');
    db = openPostgres(databaseUrl, config.poolSize ?? 10, log, options);
  } else {
    db = await openPglite(config.dataDir, config.command ?? defaultCommand(), log, options);
  }
  if (config.migrateOnOpen ?? db.kind === 'pglite') {
    try {
      await db.migrate();
    } catch (e) {
      await db.close();
      throw e;
    }
  }
  return db;
}

/**
 * The connection URL with Plenary's session settings added to its `options`
 * parameter (after any already there): JIT off. Plenary's statements are
 * short OLTP work, but on a table that a relay fills faster than its
 * statistics follow, the planner's cost estimates can pass jit_above_cost and
 * a 5 ms statement then spends 300 ms compiling itself (measured at 100,000
 * assemblies).
 */
export function withSessionOptions(url: string): string {
  try {
    const u = new URL(url);
    u.searchParams.set('options', [u.searchParams.get('options') ?? '', '-c jit=off'].filter((o) => o !== '').join(' '));
    return u.toString();
  } catch {
    return url;
  }
}

function openPostgres(url: string, poolSize: number, log: Logger, options: MigrateOptions): Database {
  const pool = new pg.Pool({ connectionString: withSessionOptions(url), max: poolSize });
  // A connection losing its server (idle or checked out) must not crash the process, nor be logged with its client object.
  watchPgPool(pool, log);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const sql = pgSqlDatabase(pool);
  return {
    kind: 'postgres',
    prisma,
    sql,
    migrate: () => migrate(sql, log, options),
    pendingMigrations: () => pendingMigrations(sql, options),
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

const defaultCommand = (): string => ['plenary', ...process.argv.slice(2)].join(' ').slice(0, 200);

async function openPglite(dataDir: string, command: string, log: Logger, options: MigrateOptions): Promise<Database> {
  const onDisk = !dataDir.includes('://');
  if (onDisk) await mkdir(dataDir, { recursive: true });
  // One process per folder: a second PGlite on the same files loses the first one's writes.
  const lock = onDisk ? await acquireDataDirLock(dataDir, command) : undefined;
  let pglite: PGlite;
  try {
    pglite = newPglite(dataDir);
    await pglite.waitReady;
  } catch (e) {
    await lock?.release();
    throw e;
  }
  // PGlite is one session shared by Prisma and `sql`: migrate before the app
  // uses the client (openDatabase does), never alongside it.
  const sql = pgliteSqlDatabase(pglite);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    kind: 'pglite',
    prisma,
    sql,
    migrate: () => migrate(sql, log, options),
    pendingMigrations: () => pendingMigrations(sql, options),
    async close() {
      try {
        await prisma.$disconnect();
        await pglite.close();
      } finally {
        await lock?.release();
      }
    },
  };
}
