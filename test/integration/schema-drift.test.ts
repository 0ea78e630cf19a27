import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/adapters/persistence/migrate.js';
import { newPglite } from '../../src/adapters/persistence/pglite-factory.js';
import { pgliteSqlDatabase } from '../../src/adapters/persistence/sql-session.js';
import { silentLogger } from '../../src/core/ports/logger.port.js';
import { openSchemaTool } from '../../scripts/lib/schema-engine.js';
import type { SchemaTool } from '../../scripts/lib/schema-engine.js';

/*
 * prisma/schema.prisma and prisma/migrations must describe the same database:
 * the client is generated from the first, production is built from the second.
 * Uses Prisma's own schema engine (wasm) for the comparison.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const migrationsDir = join(root, 'prisma', 'migrations');

describe('schema and migrations', () => {
  let db: PGlite;
  let tool: SchemaTool;
  beforeAll(async () => {
    db = newPglite();
    // Our runner fills this database; Prisma's engine then judges its history.
    await migrate(pgliteSqlDatabase(db), silentLogger, { migrationsDir });
    tool = await openSchemaTool({ schemaPath: join(root, 'prisma', 'schema.prisma'), migrationsDir, pglite: db });
  }, 120_000);
  afterAll(async () => {
    await tool.close();
    await db.close();
  });

  it('GIVEN the committed migrations WHEN replayed THEN they produce exactly prisma/schema.prisma', async () => {
    const diff = await tool.diffMigrationsToSchema();
    if (diff.drift) {
      expect.fail(
        'prisma/schema.prisma differs from prisma/migrations. Run `npm run db:migration -- <name>` to write the migration, ' +
          `review it and commit it with the schema change. The missing migration would be:\n\n${diff.script}`,
      );
    }
  }, 120_000); // replays every migration on a fresh PGlite shadow database

  it('GIVEN a database migrated by our runner WHEN Prisma diagnoses its history THEN it agrees (same names, same checksums)', async () => {
    const report = await tool.diagnoseHistory();
    expect(report).toEqual({ failedMigrationNames: [], editedMigrationNames: [], history: null });
  });
});
