import type { SqlSession } from './sql-session.js';
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
