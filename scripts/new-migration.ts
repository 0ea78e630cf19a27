/*
 * `npm run db:migration -- <name> [--empty]`
 *
 * Writes the next migration, prisma/migrations/<UTC timestamp>_<name>/migration.sql,
 * from the difference between the existing migrations and prisma/schema.prisma:
 * what `prisma migrate dev --create-only` does, but offline (see
 * scripts/lib/schema-engine.ts). `--empty` writes a blank migration for
 * hand-written SQL (data fixes, SQL Prisma cannot express).
 * Review the file, then `npm run db:generate` for the client.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCK_FILE, MIGRATION_FILE, MIGRATION_LOCK, readLockFile } from '../src/adapters/persistence/migration-files.js';
import { riskyStatements, warningsHeader } from './lib/risky-sql.js';
import { openSchemaTool } from './lib/schema-engine.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const schemaPath = join(root, 'prisma', 'schema.prisma');
const migrationsDir = join(root, 'prisma', 'migrations');

function usage(): never {
  console.error('usage: npm run db:migration -- <name> [--empty]   (name: letters, digits, _)');
  process.exit(64);
}

/** Prisma's directory prefix: UTC yyyyMMddHHmmss, so names sort in creation order. */
function timestamp(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

async function main(argv: readonly string[]): Promise<void> {
  const empty = argv.includes('--empty');
  const names = argv.filter((a) => !a.startsWith('--'));
  const raw = names[0];
  if (names.length !== 1 || raw === undefined) usage();
  const name = raw.trim().replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 200);
  if (name === '') usage();

  const started = performance.now();
  let sql: string;
  if (empty) {
    sql = '-- This is an empty migration.\n';
  } else {
    const tool = await openSchemaTool({ schemaPath, migrationsDir });
    try {
      const diff = await tool.diffMigrationsToSchema();
      if (!diff.drift) {
        console.log('no changes: prisma/schema.prisma matches the migrations; nothing written.');
        return;
      }
      const warnings = riskyStatements(diff.script);
      for (const w of warnings) console.warn(`warning: ${w}`);
      sql = warningsHeader(warnings) + diff.script;
    } finally {
      await tool.close();
    }
  }
  const dirName = `${timestamp(new Date())}_${name}`;
  const dir = join(migrationsDir, dirName);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, MIGRATION_FILE), sql);
  if ((await readLockFile(migrationsDir)) === null) await writeFile(join(migrationsDir, LOCK_FILE), MIGRATION_LOCK);
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`wrote prisma/migrations/${dirName}/${MIGRATION_FILE} (${secs}s). Review it, then commit it with the schema change.`);
}

await main(process.argv.slice(2));
