import type pg from 'pg';

export interface TreeShape {
  /** Local assemblies at level 0. */
  readonly locals: number;
  readonly fanout: number;
  readonly membersPerLocal: number;
}

export interface BuiltTree {
  readonly federationId: string;
  readonly rootId: string;
  /** Assemblies per level, level 0 (locals) first; the last level is the root alone. */
  readonly levelSizes: readonly number[];
  readonly assemblies: number;
  /** Accounts of the root's members (console platform), who draft and pass the proposal. */
  readonly rootMembers: readonly string[];
  readonly rootRoom: string;
}

/** Level sizes bottom-up: locals, then ceil(n / fanout) per level until one root. */
export function levelSizes(shape: TreeShape): number[] {
  const sizes = [shape.locals];
  while ((sizes.at(-1) ?? 1) > 1) sizes.push(Math.ceil((sizes.at(-1) ?? 1) / shape.fanout));
  if (sizes.length === 1) sizes.push(1);
  return sizes;
}

const id = (level: number, i: string): string => `md5('a-' || ${level} || '-' || ${i})::uuid`;

/**
 * A federation of `locals` local assemblies under assemblies of delegates
 * with `fanout` members each, written with set-based SQL (a 111,111-assembly
 * tree in seconds): what a federation looks like after years of joining,
 * without replaying the votes that built it. Every assembly has one console
 * room; locals have `membersPerLocal` members; the root has three.
 */
export async function buildTreeSql(db: pg.ClientBase, shape: TreeShape): Promise<BuiltTree> {
  const sizes = levelSizes(shape);
  const top = sizes.length - 1;
  const federationId = '00000000-0000-4000-8000-000000000001';
  const founderId = '00000000-0000-4000-8000-000000000002';
  await db.query('BEGIN');
  for (const [level, size] of sizes.entries()) {
    await db.query(
      `INSERT INTO assembly (id, kind, name, level, policy)
       SELECT ${id(level, 'i')}, $2::assembly_kind, 'A' || $1::int || '-' || i, $1::int, '{}'::jsonb FROM generate_series(0, $3::int - 1) i`,
      [level, level === 0 ? 'local' : 'delegates', size],
    );
    await db.query(`INSERT INTO room_binding (id, platform, room_id, purpose, assembly_id) SELECT gen_random_uuid(), 'console', 'r' || $1::int || '-' || i, 'main', ${id(level, 'i')} FROM generate_series(0, $2::int - 1) i`, [level, size]);
  }
  const rootId = (await db.query<{ id: string }>(`SELECT ${id(top, '0')}::text AS id`)).rows[0]?.id ?? '';
  await db.query(`INSERT INTO person (id, display_name) VALUES ($1::uuid, 'founder')`, [founderId]);
  await db.query(`INSERT INTO federation (id, name, purpose, root_assembly_id, founded_by_id) VALUES ($1::uuid, 'Bench', 'relay benchmark', $2::uuid, $3::uuid)`, [federationId, rootId, founderId]);
  for (let level = 0; level < top; level++) {
    await db.query(
      `INSERT INTO federation_edge (id, federation_id, child_assembly_id, parent_assembly_id, status, seats)
       SELECT gen_random_uuid(), $1::uuid, ${id(level, 'i')}, ${id(level + 1, '(i / $3::int)')}, 'active', 1 FROM generate_series(0, $2::int - 1) i`,
      [federationId, sizes[level], shape.fanout],
    );
  }
  // Members of the locals (they count for "members covered").
  await db.query(
    `WITH p AS (
       INSERT INTO person (id, display_name) SELECT md5('p-' || i)::uuid, 'p' || i FROM generate_series(0, $1::int * $2::int - 1) i RETURNING id, display_name
     )
     INSERT INTO membership (assembly_id, person_id, status, role, updated_at)
     SELECT ${id(0, "(substr(display_name, 2)::int / $2::int)")}, id, 'active', 'member', now() FROM p`,
    [shape.locals, shape.membersPerLocal],
  );
  const rootMembers = ['root-1', 'root-2', 'root-3'];
  for (const m of rootMembers) {
    const person = (await db.query<{ id: string }>(`INSERT INTO person (id, display_name) VALUES (gen_random_uuid(), $1) RETURNING id::text`, [m])).rows[0]?.id;
    await db.query(`INSERT INTO platform_account (id, platform, external_id, display_name, person_id, updated_at) VALUES (gen_random_uuid(), 'console', $1, $1, $2::uuid, now())`, [m, person]);
    await db.query(`INSERT INTO membership (assembly_id, person_id, status, role, updated_at) VALUES ($1::uuid, $2::uuid, 'active', 'member', now())`, [rootId, person]);
  }
  await db.query('COMMIT');
  await db.query('ANALYZE');
  return { federationId, rootId, levelSizes: sizes, assemblies: sizes.reduce((a, b) => a + b, 0), rootMembers, rootRoom: `r${top}-0` };
}
