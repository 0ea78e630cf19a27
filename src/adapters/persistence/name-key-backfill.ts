import type { Logger } from '../../core/ports/logger.port.js';
import { nameKey } from '../../core/shared/names.js';
import type { SqlSession } from './sql-session.js';

/**
 * Keys the assembly and federation rows written before `name_key` existed
 * (migration 20261207120101_name_key). The skeleton needs Unicode's
 * confusables data, which SQL does not have, so this runs after the
 * migrations, under the same lock, at every start; it finds nothing to do
 * once every row has a key. Two old rows whose names already looked alike
 * keep both: the older takes the key, the newer a key of its own made
 * unique by its id (it stays reachable by id and in the record, but not by
 * name), and the operator is told to rename one.
 */
export async function backfillNameKeys(session: SqlSession, log: Logger): Promise<number> {
  let keyed = 0;
  // Tables without the column (a migrations folder of another schema, as in the runner's own tests) are left alone.
  const columns = await session.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'name_key' AND table_name IN ('assembly', 'federation')`);
  const present = new Set(columns.map((c) => c.t));
  for (const table of (['assembly', 'federation'] as const).filter((t) => present.has(t))) {
    const rows = await session.query<{ id: string; name: string }>(`SELECT id::text AS id, name FROM "${table}" WHERE name_key IS NULL ORDER BY created_at, id`);
    for (const row of rows) {
      const key = nameKey(row.name);
      const [clash] = await session.query<{ id: string; name: string }>(`SELECT id::text AS id, name FROM "${table}" WHERE name_key = $1`, [key]);
      const value = clash ? `${key}\u0000${row.id}` : key;
      if (clash) log.warn({ table, id: row.id, name: row.name, lookAlikeOf: clash.name }, 'two existing names look alike; the newer one is no longer found by name — rename it');
      await session.query(`UPDATE "${table}" SET name_key = $1 WHERE id = $2::uuid`, [value, row.id]);
      keyed++;
    }
  }
  if (keyed > 0) log.info({ keyed }, 'keyed existing assembly and federation names for look-alike checks');
  return keyed;
}
