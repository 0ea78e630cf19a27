import { openDatabase } from '../../adapters/persistence/database.js';
import { missingDatabaseHint } from '../../adapters/persistence/pg-errors.js';
import type { Logger } from '../../core/ports/logger.port.js';
import type { Config } from '../config.js';

const withHint = (e: unknown, url: string | undefined): string => {
  const hint = missingDatabaseHint(e, url);
  return hint ? `${hint}\n` : '';
};

/** `plenary migrate`: its report is the human lines below; the caller gives it a logger quiet at info (the runner logs each migration too). */
export async function runMigrate(config: Config, log: Logger, out: { write(s: string): unknown }): Promise<number> {
  const db = await openDatabase({ ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}), dataDir: config.PLENARY_DATA_DIR, log, migrateOnOpen: false });
  try {
    out.write(`Migrating the ${db.kind === 'pglite' ? `embedded database in ${config.PLENARY_DATA_DIR}` : 'PostgreSQL database'}…\n`);
    const applied = await db.migrate();
    out.write(applied.length === 0 ? 'Already up to date.\n' : `Applied ${applied.length} migration(s):\n${applied.map((m) => `  • ${m.name} (${m.durationMs} ms)`).join('\n')}\n`);
    return 0;
  } catch (e) {
    out.write(`Migration failed: ${e instanceof Error ? e.message : String(e)}\n${withHint(e, config.DATABASE_URL)}`);
    return 1;
  } finally {
    await db.close();
  }
}
