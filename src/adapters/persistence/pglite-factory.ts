import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

/**
 * Every PGlite Plenary opens (the embedded store, test databases, the schema
 * tool's shadow databases) loads the same contrib extensions, so the
 * migrations that `CREATE EXTENSION` them apply there as on PostgreSQL:
 * pg_trgm backs the trigram index behind the federation map's name search.
 */
export function newPglite(dataDir?: string): PGlite {
  return new PGlite({ ...(dataDir === undefined ? {} : { dataDir }), extensions: { pg_trgm } });
}
