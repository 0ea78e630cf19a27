import { createHash } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

export type DatabaseKind = 'postgres' | 'pglite';

/**
 * One database session. Advisory locks and BEGIN/COMMIT belong to a session,
 * not to a pool, so the migration runner asks for exactly one.
 */
export interface SqlSession {
  query<R extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs a script of several statements without parameters, as migration files are. */
  exec(script: string): Promise<void>;
}

/** Raw SQL access to either store, beside the Prisma client (migrations, test setup). */
export interface SqlDatabase {
  readonly kind: DatabaseKind;
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
}

const names = new Map<string, string>();
function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `pl_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
    names.set(sql, name);
  }
  return name;
}

/** Borrows one pooled connection per `withSession`; a connection that failed is discarded, not reused. */
export function pgSqlDatabase(pool: pg.Pool): SqlDatabase {
  return {
    kind: 'postgres',
    async withSession(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        return await fn({
          async query<R extends object>(sql: string, params: readonly unknown[] = []) {
            // Parameterised statements are prepared once per connection (named by their text's hash):
            // the vote path's large statements are then not re-planned for every batch.
            const res = params.length > 0 ? await client.query<R & pg.QueryResultRow>({ name: statementName(sql), text: sql, values: [...params] }) : await client.query<R & pg.QueryResultRow>(sql);
            return res.rows;
          },
          async exec(script) {
            // Without parameters pg uses the simple query protocol, which accepts several statements.
            await client.query(script);
          },
        });
      } catch (e) {
        broken = e instanceof Error ? e : new Error(String(e));
        throw e;
      } finally {
        // Destroy rather than return a connection that may sit in an aborted
        // transaction or still hold the advisory lock.
        client.release(broken);
      }
    },
  };
}

/**
 * PGlite is a single session already; callers must not run other work on it
 * meanwhile (openDatabase migrates before handing the client out).
 */
export function pgliteSqlDatabase(db: PGlite): SqlDatabase {
  return {
    kind: 'pglite',
    withSession(fn) {
      return fn({
        async query<R extends object>(sql: string, params: readonly unknown[] = []) {
          const res = await db.query<R>(sql, [...params]);
          return res.rows;
        },
        async exec(script) {
          await db.exec(script);
        },
      });
    },
  };
}
