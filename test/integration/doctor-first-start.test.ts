import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/bots/cli/doctor.js';
import { configSchema } from '../../src/bots/config.js';
import { openDatabase } from '../../src/adapters/persistence/database.js';
import { silentLogger } from '../../src/core/ports/logger.port.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const doctor = async (dataDir: string): Promise<{ code: number; printed: string }> => {
  let printed = '';
  const code = await runDoctor(configSchema.parse({ PLENARY_DATA_DIR: dataDir }), silentLogger, { write: (s: string) => (printed += s) });
  return { code, printed };
};

describe('GIVEN the embedded store before the first plenary start', () => {
  it('WHEN doctor runs THEN it passes and says that start will apply the migrations; after start migrated, the schema is up to date', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'plenary-doctor-'));
    dirs.push(dir);
    const dataDir = join(dir, 'data');
    const before = await doctor(dataDir);
    expect(before.printed).toMatch(/✔ Embedded database\s+.*migration\(s\) not yet applied; plenary start applies them itself/);
    expect(before.printed).not.toContain('run plenary migrate');
    expect(before.code).toBe(0);

    const db = await openDatabase({ dataDir, log: silentLogger });
    await db.close();
    expect((await doctor(dataDir)).printed).toMatch(/✔ Embedded database\s+.*schema up to date/);
  }, 120_000);
});
