import { openDatabase } from '../../adapters/persistence/database.js';
import type { Logger } from '../../core/ports/logger.port.js';
import type { Config } from '../config.js';

export async function runMigrate(config: Config, log: Logger, out: { write(s: string): unknown }): Promise<number> {
  const db = await openDatabase({ ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}), dataDir: config.PLENARY_DATA_DIR, log, migrateOnOpen: false });
  try {
    out.write(`Migrating the ${db.kind === 'pglite' ? `embedded database in ${config.PLENARY_DATA_DIR}` : 'PostgreSQL database'}…\n`);
    const applied = await db.migrate();
    out.write(applied.length === 0 ? 'Already up to date.\n' : `Applied ${applied.length} migration(s):\n${applied.map((m) => `  • ${m.name} (${m.durationMs} ms)`).join('\n')}\n`);
    return 0;
  } catch (e) {
    out.write(`Migration failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    await db.close();
  }
}
