import type { SqlDatabase, SqlSession } from './sql-session.js';
import type { Db } from './prisma-store-reads.js';

/**
 * Runs one parameterised statement (`$1`, `$2`, … placeholders) on whatever
 * connection the caller holds: a Prisma interactive transaction, or a raw
 * PostgreSQL session for the vote hot path. The hand-written SQL is written
 * once against this and runs on both.
 */
export type SqlRunner = Pick<SqlSession, 'query'>;

export function prismaRunner(db: Db): SqlRunner {
  return {
    query: <R extends object>(sql: string, params: readonly unknown[] = []) => db.$queryRawUnsafe<R[]>(sql, ...params),
  };
}

/**
 * One statement per session taken from the raw pool (named prepared
 * statements, no Prisma engine in between): for statements outside any
 * transaction on a hot path, like the platform lanes' claims and marks, where
 * Prisma's raw-query path cost most of a worker's CPU.
 */
export function sessionRunner(db: SqlDatabase): SqlRunner {
  return {
    query: <R extends object>(sql: string, params: readonly unknown[] = []) => db.withSession((s) => s.query<R>(sql, params)),
  };
}
