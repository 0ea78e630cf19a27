import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { PGlite } from '@electric-sql/pglite';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { MigrationList, SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { newPglite } from '../../src/adapters/persistence/pglite-factory.js';
import { LOCK_FILE, MIGRATION_FILE, MIGRATION_LOCK, readLockFile, readMigrations } from '../../src/adapters/persistence/migration-files.js';

/*
 * Prisma's schema engine as WebAssembly, running on an in-memory PGlite.
 *
 * Why: the native engine (`prisma migrate dev`, `migrate diff`) is downloaded on
 * first use and the download host is unreachable here. The wasm build of the same
 * engine computes the same diffs; it only cannot describe a live PostgreSQL
 * server through a driver adapter, so it never touches one: it replays the
 * migrations on a PGlite shadow database instead. Dev tooling only
 * (@prisma/schema-engine-wasm is a devDependency); the app applies migrations
 * with src/adapters/persistence/migrate.ts.
 *
 * Only `diff` and `diagnoseMigrationHistory` are usable: the wasm build hands
 * the adapter factory (and so a shadow database) to those alone;
 * `createMigration` and `evaluateDataLoss` fail with "PostgreSQL shadow DB must
 * be provided through an external factory".
 */

const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };
const SCHEMA_PATH = 'schema.prisma';

let loaded: Promise<void> | undefined;

/** The slice of the WebAssembly global we use (tsconfig's libs do not declare it as a value). */
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: Record<string, Record<string, unknown>>): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const wasmApi = (): WasmApi => (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/**
 * Instantiates the .wasm ourselves rather than importing the package entry: its
 * `import * as wasm from "./x.wasm"` needs --experimental-wasm-modules before
 * Node 24 and prints an ExperimentalWarning on 24. Memoised because the glue
 * module holds the instance; loading twice would swap it under a live engine.
 */
function loadWasm(): Promise<void> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(gluePath.replace(/\.js$/, '.wasm'));
    const { instance } = await wasmApi().instantiate(bytes, { './schema_engine_bg.js': { ...glue } });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return loaded;
}

export interface SchemaDiff {
  /** True when applying the migrations does not produce the schema. */
  readonly drift: boolean;
  /** The SQL that would bring the migrations up to the schema (empty-migration comment when none). */
  readonly script: string;
}

export interface MigrationHistoryDiagnosis {
  readonly failedMigrationNames: readonly string[];
  readonly editedMigrationNames: readonly string[];
  /** null when the database and the folder agree (what `prisma migrate status` reports as up to date). */
  readonly history: unknown;
}

export interface SchemaTool {
  /** `prisma migrate diff --from-migrations … --to-schema …`. */
  diffMigrationsToSchema(): Promise<SchemaDiff>;
  /** `prisma migrate status` against the tool's own PGlite (tests run our runner on it first). */
  diagnoseHistory(): Promise<MigrationHistoryDiagnosis>;
  close(): Promise<void>;
}

export interface SchemaToolOptions {
  readonly schemaPath: string;
  readonly migrationsDir: string;
  /** The database the engine connects to; a fresh in-memory PGlite when omitted. */
  readonly pglite?: PGlite;
}

/** Opens the engine over the schema file and migrations folder (reads both now; call again after edits). */
export async function openSchemaTool(options: SchemaToolOptions): Promise<SchemaTool> {
  await loadWasm();
  const schema = await readFile(options.schemaPath, 'utf8');
  const files = [{ path: SCHEMA_PATH, content: schema }];
  const ownsDb = options.pglite === undefined;
  const db = options.pglite ?? newPglite();
  // Shadow databases are ours to close: the adapter's own are never closed and
  // keep the process alive for seconds after the work is done.
  const shadows: PGlite[] = [];
  const main = new PrismaPGlite(db);
  const factory = bindMigrationAwareSqlAdapterFactory({
    provider: main.provider,
    adapterName: main.adapterName,
    connect: () => main.connect(),
    connectToShadowDb: () => {
      const shadow = newPglite();
      shadows.push(shadow);
      return new PrismaPGlite(shadow).connect();
    },
  });
  const engine: SchemaEngine = await glue.SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schema]] }, () => undefined, factory);
  const migrationsList = await migrationListOf(options.migrationsDir);

  return {
    async diffMigrationsToSchema() {
      const out = await engine.diff({ from: { tag: 'migrations', ...migrationsList }, to: { tag: 'schemaDatamodel', files }, script: true, exitCode: true, filters: NO_FILTER });
      // The engine's contract for --exit-code: 0 = no difference, 2 = difference.
      return { drift: out.exitCode === 2, script: out.stdout ?? '' };
    },
    async diagnoseHistory() {
      const out = await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTER });
      return { failedMigrationNames: out.failedMigrationNames, editedMigrationNames: out.editedMigrationNames, history: out.history };
    },
    async close() {
      engine.free();
      await Promise.all(shadows.map((s) => s.close()));
      if (ownsDb) await db.close();
    },
  };
}

async function migrationListOf(dir: string): Promise<MigrationList> {
  const migrations = await readMigrations(dir);
  return {
    baseDir: dir,
    lockfile: { path: LOCK_FILE, content: (await readLockFile(dir)) ?? MIGRATION_LOCK },
    shadowDbInitScript: '',
    migrationDirectories: migrations.map((m) => ({
      path: m.name,
      migrationFile: { path: MIGRATION_FILE, content: { tag: 'ok', value: m.sql } },
    })),
  };
}
