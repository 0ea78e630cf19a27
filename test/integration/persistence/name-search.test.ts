import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../../src/adapters/persistence/prisma-store.js';
import { SEARCH_SQL } from '../../../src/adapters/persistence/prisma-federation-reads.js';
import type { Store } from '../../../src/core/ports/store.port.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { federation, join, type FederationFixture } from '../../support/store-federation-fixtures.js';
import { testDatabase, testPgliteDatabase, type TestDatabase } from '../../support/test-database.js';
import { defaultPolicy } from '../../../src/core/model/policy.js';

/*
 * The federation map's search by name on both stores: the trigram index
 * (migration assembly_name_trigram, pg_trgm loaded into PGlite too) exists,
 * the search query can use it, and every store answers the same, with the
 * index and without it, for hostile text as for plain names.
 */
const NAMES = ['Oak Street', 'oak lane', 'Oakland 50%', 'Big_Oak', 'back\\slash', 'Café Oak', 'Elm', 'Elmwood', 'Pine 100', 'Pine 1000', 'Pine 10', 'Z'];
const QUERIES = ['oak', 'OAK', 'Oak Street', '%', '_', '50%', '\\', 'Café', 'Pine 10', 'pine 100', 'elm', 'nothing like it', 'e', ' '];

async function build(store: Store): Promise<{ f: FederationFixture; outside: string }> {
  const f = await federation(store, 'Search valley');
  for (const name of NAMES) {
    const a = await store.transaction((tx) => tx.createAssembly({ kind: 'local', name, level: 0, parentAssemblyId: null, policy: defaultPolicy() }));
    await join(store, f.fed, a, f.root);
  }
  // Not in this tree: one in another federation, one whose edge ended.
  const other = await federation(store, 'Other valley');
  const stranger = await store.transaction((tx) => tx.createAssembly({ kind: 'local', name: 'Oak stranger', level: 0, parentAssemblyId: null, policy: defaultPolicy() }));
  await join(store, other.fed, stranger, other.root);
  const gone = await store.transaction((tx) => tx.createAssembly({ kind: 'local', name: 'Oak gone', level: 0, parentAssemblyId: null, policy: defaultPolicy() }));
  const edge = await join(store, f.fed, gone, f.root);
  await store.transaction((tx) => tx.endEdge(edge.id, new Date(), null));
  return { f, outside: stranger.name };
}

async function answers(store: Store, f: FederationFixture, limit: number): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const q of QUERIES) out[q] = (await store.read.searchFederation(f.fed.id, q, limit)).map((a) => (a.id === f.root.id ? 'the top assembly' : a.name));
  return out;
}

describe('search by name: the trigram index on both stores', () => {
  const fake = new FakeStore();
  let expected: Record<string, string[]>;
  let expectedFirstThree: Record<string, string[]>;
  beforeAll(async () => {
    const { f } = await build(fake);
    expected = await answers(fake, f, 100);
    expectedFirstThree = await answers(fake, f, 3);
  });

  it('GIVEN the FakeStore THEN the reference answers are what a member expects', () => {
    expect(expected.oak).toEqual(['Big_Oak', 'Café Oak', 'Oak Street', 'Oakland 50%', 'oak lane']);
    expect(expected['%']).toEqual(['Oakland 50%']);
    expect(expected._).toEqual(['Big_Oak']);
    expect(expected['\\']).toEqual(['back\\slash']);
    expect(expected['nothing like it']).toEqual([]);
  });

  for (const [kind, open] of [
    ['PostgreSQL', () => testDatabase()],
    ['PGlite', () => testPgliteDatabase()],
  ] as const) {
    describe(kind, () => {
      let db: TestDatabase;
      let store: PrismaStore;
      let f: FederationFixture;
      const sql = <R extends object>(text: string, params: unknown[] = []): Promise<R[]> => db.sql.withSession((s) => s.query<R>(text, params));
      beforeAll(async () => {
        db = await open();
        store = new PrismaStore(db.prisma, { sql: db.sql });
        ({ f } = await build(store));
      }, 60_000);
      afterAll(async () => db.close());

      it('GIVEN the migrations applied THEN pg_trgm is installed and assembly_name_trgm is a GIN trigram index', async () => {
        expect(await sql(`SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'`)).toEqual([{ extname: 'pg_trgm' }]);
        const [ix] = await sql<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE indexname = 'assembly_name_trgm'`);
        expect(ix?.indexdef).toMatch(/USING gin \(name gin_trgm_ops\)/);
      });

      it('GIVEN the search query WHEN sequential scans are ruled out THEN the plan reads assembly_name_trgm', async () => {
        const plan = await db.sql.withSession(async (s) => {
          await s.exec('BEGIN; SET LOCAL enable_seqscan = off');
          try {
            return (await s.query<Record<string, string>>(`EXPLAIN ${SEARCH_SQL}`, [f.fed.id, '%Oak Street%', 26])).map((r) => Object.values(r)[0]).join('\n');
          } finally {
            await s.exec('ROLLBACK');
          }
        });
        expect(plan).toContain('assembly_name_trgm');
      });

      it('GIVEN hostile and plain text THEN the answers are the FakeStore’s, with the index and without it', async () => {
        expect(await answers(store, f, 100)).toEqual(expected);
        expect(await answers(store, f, 3)).toEqual(expectedFirstThree);
        await sql('DROP INDEX assembly_name_trgm');
        try {
          expect(await answers(store, f, 100)).toEqual(expected);
        } finally {
          await sql('CREATE INDEX "assembly_name_trgm" ON "assembly" USING GIN ("name" gin_trgm_ops)');
        }
      });
    });
  }
});
