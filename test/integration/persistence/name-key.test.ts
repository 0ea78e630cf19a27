import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../../src/adapters/persistence/prisma-store.js';
import { defaultPolicy } from '../../../src/core/model/policy.js';
import { Scenario } from '../../../src/core/testing/scenario.js';
import { testDatabase, testPgliteDatabase } from '../../support/test-database.js';
import type { TestDatabase } from '../../support/test-database.js';

/*
 * Look-alike names: the database, not the code, keeps two look-alike names
 * apart (a unique index on the confusable skeleton), so set-ups that race
 * past each other's "is the name free?" check cannot both win.
 */
const LOOK_ALIKES = ['Harbour Union', 'Harbour Uni\u043En', 'Harbour\u00A0Union', 'harbour union', '\u200FHarbour Union', 'Ｈarbour Union', 'Harbour  Union', 'Harbour Union\u200B'];

describe.each([
  ['PostgreSQL', testDatabase],
  ['PGlite', testPgliteDatabase],
] as const)('GIVEN the store on %s', (_label, open) => {
  let db: TestDatabase;
  let store: PrismaStore;
  beforeAll(async () => {
    db = await open({ poolSize: 12 });
    store = new PrismaStore(db.prisma, { sql: db.sql });
  });
  afterAll(() => db.close());

  it('WHEN eight look-alike assemblies are created at once, each in its own transaction THEN exactly one exists and a look-alike finds it', async () => {
    const results = await Promise.allSettled(LOOK_ALIKES.map((name) => store.transaction((tx) => tx.createAssembly({ kind: 'local', name, level: 0, parentAssemblyId: null, policy: defaultPolicy() }))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await db.prisma.assembly.count({ where: { name: { in: LOOK_ALIKES } } })).toBe(1);
    const found = await store.read.assemblyByName('HARBOUR UNI\u041EN');
    expect(found).not.toBeNull();
  });

  it('WHEN eight rooms are set up at once with look-alike names THEN one becomes the assembly and the other seven are told the name is taken (no internal error)', async () => {
    const s = new Scenario({ store });
    const names = LOOK_ALIKES.map((n) => n.replace('Harbour', 'Quay'));
    names.forEach((_, i) => s.admins.set(`console:#quay-${String(i)}`, 'ana', true));
    const replies = await Promise.all(names.map((n, i) => s.run('ana', `#quay-${String(i)}`, `assembly setup "${n}"`)));
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    expect(replies.filter((r) => !r.ok).map((r) => r.first.title)).toEqual(Array.from({ length: 7 }, () => 'Already done'));
  });

  it('WHEN rows from before the key existed are migrated again THEN they get keys, are found by look-alike names, and an old look-alike pair keeps both rows', async () => {
    await db.sql.withSession(async (s) => {
      await s.query(`INSERT INTO assembly (id, kind, name) VALUES (gen_random_uuid(), 'local', 'Old Mill'), (gen_random_uuid(), 'local', 'Old Mi\u04CFl')`);
    });
    expect(await store.read.assemblyByName('Old Mill')).toBeNull();
    await db.migrate();
    expect((await store.read.assemblyByName('OLD MILL\u200B'))?.name).toBe('Old Mill');
    expect(await db.prisma.assembly.count({ where: { nameKey: null } })).toBe(0);
    expect(await db.prisma.assembly.count({ where: { name: { startsWith: 'Old Mi' } } })).toBe(2);
  });
});
