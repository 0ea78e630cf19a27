import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/persistence/prisma-store.js';
import { loadConfig } from '../../src/bots/config.js';
import { runAuditVerify } from '../../src/bots/cli/audit.js';
import { silentLogger } from '../../src/core/ports/logger.port.js';
import { auditAssembly } from '../../src/core/services/audit.service.js';
import { Scenario } from '../../src/core/testing/scenario.js';
import { TEST_ADMIN_URL, testDatabase, type TestDatabase } from '../support/test-database.js';

let db: TestDatabase;
let s: Scenario;
const url = (): string => {
  const u = new URL(TEST_ADMIN_URL);
  u.pathname = `/${db.name}`;
  return u.toString();
};

async function verifyCli(): Promise<{ code: number; out: string }> {
  const c = loadConfig({ DATABASE_URL: url(), LOG_LEVEL: 'silent' });
  if (!c.ok) throw new Error(c.problems.join('; '));
  let out = '';
  const code = await runAuditVerify(c.config, silentLogger, { write: (x: string) => (out += x) });
  return { code, out };
}

beforeAll(async () => {
  db = await testDatabase();
  s = new Scenario({ store: new PrismaStore(db.prisma, { sql: db.sql }) });
  for (const line of ['assembly setup Tampered', 'motion propose "Keep the garden"']) await s.run('ana', '#t', line);
  await s.run('ben', '#t', 'join');
  await s.run('ana', '#t', 'motion propose "Second matter"');
  for (const who of ['ana', 'ben']) await s.run(who, '#t', 'vote 2 yes');
});
afterAll(async () => {
  await db.close();
});

describe('GIVEN a record on PostgreSQL', () => {
  it('THEN plenary audit verify passes while nobody has touched it', async () => {
    const r = await verifyCli();
    expect(r.out).toContain('All 1 assemblies verify');
    expect(r.code).toBe(0);
  });

  it('THEN editing one event row in SQL breaks the chain there, and the CLI exits non-zero', async () => {
    await db.sql.withSession((q) => q.query(`UPDATE event SET payload = '{"forged": true}'::jsonb WHERE seq = 3`));
    const assembly = (await s.deps.store.read.assemblyByName('Tampered'))!;
    const audit = await auditAssembly(s.deps.store.read, assembly);
    expect(audit.chain.map((p) => p.seq)).toEqual([3]);
    const r = await verifyCli();
    expect(r.code).toBe(1);
    expect(r.out).toContain('event #3');
  });

  it('THEN changing a stored ballot makes the recount disagree with the recorded result', async () => {
    await db.sql.withSession((q) => q.query(`UPDATE ballot SET choice = '{"kind":"yes-no-abstain","value":"no"}'::jsonb`));
    const r = await verifyCli();
    expect(r.code).toBe(1);
    expect(r.out).toContain('motion #2');
  });
});
