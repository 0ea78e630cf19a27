import { xactLockSql } from './advisory-lock.js';
import type { Assembly, RoomBinding } from '../../core/model/entities.js';
import type { MemberAssembly, MemberCursor, RelayChild, RelayParent } from '../../core/ports/relay-store.port.js';
import type { AssemblyId, FederationId, ProposalId } from '../../core/shared/ids.js';
import type * as Db from '../../generated/prisma/client.js';
import { ASSEMBLY_COLUMNS, isInt4, take } from './prisma-relay-mappers.js';
import { isUuid, toAssembly, toBinding } from './prisma-store-mappers.js';
import type { SqlRunner } from './sql-runner.js';

/*
 * The relay's statements over the federation tree and the referral tree:
 * subtree sizes, the next children to offer a proposal to (with their rooms),
 * and the rollup. Each is one statement (the rollup: one after its lock),
 * whatever the size.
 */

/** As FakeRelay: a path longer than this (only a corrupt, cyclic tree has one) stops counting. */
const MAX_HOPS = 64;

/**
 * `sub`: every assembly below each row of `roots` (a CTE with an `id` column)
 * through active edges of federation $1, with the root itself; `locals`: per
 * root, how many of them are level 0. Follows `WITH RECURSIVE roots AS (…),`.
 */
const SUBTREE = `
  sub(root, id, hops) AS (
    -- A local assembly or circle is a subtree of one: only assemblies of
    -- delegates are walked (offering a proposal to 100,000 locals walks nothing).
    SELECT r.id, r.id, 0 FROM roots r JOIN assembly ra ON ra.id = r.id WHERE ra.level > 0
    UNION ALL
    SELECT s.root, e.child_assembly_id, s.hops + 1
    FROM sub s JOIN federation_edge e ON e.parent_assembly_id = s.id AND e.federation_id = $1::uuid AND e.status = 'active'
    WHERE s.hops < ${MAX_HOPS}
  ), walked AS (
    SELECT s.root, count(*) FILTER (WHERE a.level = 0)::int AS n FROM sub s JOIN assembly a ON a.id = s.id GROUP BY s.root
  ), locals AS (
    SELECT r.id AS root, CASE WHEN ra.level = 0 THEN 1 ELSE coalesce(w.n, 0) END AS n
    FROM roots r JOIN assembly ra ON ra.id = r.id LEFT JOIN walked w ON w.root = r.id
  )`;

const LOCALS_BELOW = `
  WITH RECURSIVE roots AS (SELECT DISTINCT u.id FROM unnest($2::uuid[]) AS u(id)), ${SUBTREE}
  SELECT l.root AS id, l.n FROM locals l`;

/** Level-0 assemblies below each given assembly (itself included); 0 for unknown ones. */
export async function localsBelow(sql: SqlRunner, federationId: FederationId, assemblyIds: readonly AssemblyId[]): Promise<ReadonlyMap<AssemblyId, number>> {
  const valid = isUuid(federationId) ? assemblyIds.filter(isUuid) : [];
  const rows = valid.length > 0 ? await sql.query<{ id: string; n: number }>(LOCALS_BELOW, [federationId, valid]) : [];
  const found = new Map(rows.map((r) => [r.id, r.n]));
  return new Map(assemblyIds.map((id) => [id, found.get(id.toLowerCase()) ?? 0] as const));
}

/** The room bindings of assembly `a` as a JSON array (in `bindingsOf` order), for a select list. */
const BINDINGS = `
  (SELECT coalesce(json_agg(json_build_object('platform', b.platform, 'roomId', b.room_id, 'serverId', b.server_id, 'assemblyId', b.assembly_id, 'purpose', b.purpose)
     ORDER BY b.created_at, b.id), '[]'::json)
   FROM room_binding b WHERE b.assembly_id = a.id) AS bindings`;

type BindingJson = Pick<Db.RoomBinding, 'platform' | 'roomId' | 'serverId' | 'assemblyId' | 'purpose'>;
type AssemblyRow = Pick<Db.Assembly, 'id' | 'kind' | 'name' | 'level' | 'parentAssemblyId' | 'policy' | 'createdAt'> & { bindings: BindingJson[] };

const WITH_BINDINGS = `SELECT ${ASSEMBLY_COLUMNS}, ${BINDINGS} FROM assembly a WHERE a.id = ANY($1::uuid[])`;

/** `RelayReads.assembliesWithBindings`: one statement; unknown ids are left out. */
export async function assembliesWithBindings(
  sql: SqlRunner,
  ids: readonly AssemblyId[],
): Promise<ReadonlyMap<AssemblyId, { readonly assembly: Assembly; readonly bindings: readonly RoomBinding[] }>> {
  const valid = [...new Set(ids)].filter(isUuid);
  const rows = valid.length > 0 ? await sql.query<AssemblyRow>(WITH_BINDINGS, [valid]) : [];
  const found = new Map(rows.map((r) => [r.id, { assembly: toAssembly(r), bindings: r.bindings.map(toBinding) }]));
  // Keyed by the ids as asked for (the database spells them in lowercase).
  return new Map(valid.flatMap((id) => {
    const hit = found.get(id.toLowerCase());
    return hit ? [[id, hit] as const] : [];
  }));
}

// A page of the parents' active members in the federation, in (parent, member) order after the cursor, with their rooms.
const MEMBER_ASSEMBLIES = `
  WITH edges AS MATERIALIZED (
    SELECT p.assembly_id AS parent, c.id
    FROM (SELECT DISTINCT u.id AS assembly_id FROM unnest($2::uuid[]) AS u(id)) p
    CROSS JOIN LATERAL (
      SELECT e.child_assembly_id AS id
      FROM federation_edge e
      WHERE e.parent_assembly_id = p.assembly_id AND e.federation_id = $1::uuid AND e.status = 'active'
        AND ($3::uuid IS NULL OR (p.assembly_id, e.child_assembly_id) > ($3::uuid, $4::uuid))
      ORDER BY e.child_assembly_id
      LIMIT $5::int
    ) c
    ORDER BY p.assembly_id, c.id
    LIMIT $5::int
  )
  SELECT k.parent::text AS "memberOf", ${ASSEMBLY_COLUMNS}, ${BINDINGS}
  FROM edges k JOIN assembly a ON a.id = k.id
  ORDER BY k.parent, a.id`;

/** `RelayReads.memberAssemblies`: one statement. */
export async function memberAssemblies(sql: SqlRunner, q: { federationId: FederationId; parents: readonly AssemblyId[]; limit: number; after?: MemberCursor | null }): Promise<readonly MemberAssembly[]> {
  const parents = q.parents.filter(isUuid);
  const after = q.after && isUuid(q.after.parentAssemblyId) && isUuid(q.after.assemblyId) ? q.after : null;
  if (!isUuid(q.federationId) || parents.length === 0 || q.limit <= 0 || (q.after && !after)) return [];
  const rows = await sql.query<AssemblyRow & { memberOf: string }>(MEMBER_ASSEMBLIES, [q.federationId, parents, after?.parentAssemblyId ?? null, after?.assemblyId ?? null, take(q.limit)]);
  // Keyed back to the parent ids as asked for (the database spells them in lowercase).
  const asked = new Map(parents.map((p) => [p.toLowerCase(), p]));
  return rows.map((r) => ({ parentAssemblyId: asked.get(r.memberOf) ?? (r.memberOf as AssemblyId), assembly: toAssembly(r), bindings: r.bindings.map(toBinding) }));
}

// The children not yet offered this version, of all the step's parents, with their rooms and subtree sizes, in one round trip.
const RELAY_CHILDREN = `
  WITH RECURSIVE edges AS MATERIALIZED (
    -- Per parent, as written (a LATERAL): its children through the parent index. Left to itself, with
    -- the ORDER BY … LIMIT below, the planner would rather read every edge of the federation in order.
    SELECT p.assembly_id AS parent, c.id
    FROM unnest($2::uuid[]) AS p(assembly_id)
    CROSS JOIN LATERAL (
      SELECT e.child_assembly_id AS id
      FROM federation_edge e
      -- Already offered this version? One look at the child's own referrals (one per version it was
      -- ever offered), per child. The proposal and version are tested in the select list, not the WHERE,
      -- so no index on them can be chosen: while a relay fills the referral table faster than its
      -- statistics follow, the planner took such an index for a one-row lookup and scanned every
      -- referral of the proposal per child (seconds per step at 100,000 assemblies, not milliseconds).
      CROSS JOIN LATERAL (
        SELECT coalesce(bool_or(r.proposal_id = $3::uuid AND r.version = $4::int), false) AS hit FROM referral r WHERE r.assembly_id = e.child_assembly_id
      ) offered
      WHERE e.parent_assembly_id = p.assembly_id AND e.federation_id = $1::uuid AND e.status = 'active' AND NOT offered.hit
      ORDER BY e.child_assembly_id
      LIMIT $5::int
    ) c
    ORDER BY p.assembly_id, c.id
    LIMIT $5::int
  ), roots AS (SELECT id FROM edges), ${SUBTREE}
  SELECT k.parent::text AS "relayParent", ${ASSEMBLY_COLUMNS}, l.n AS locals, ${BINDINGS}
  FROM edges k JOIN assembly a ON a.id = k.id JOIN locals l ON l.root = k.id
  ORDER BY k.parent, a.id`;

type ChildRow = AssemblyRow & { locals: number; relayParent: string };

export async function relayChildren(
  sql: SqlRunner,
  q: { federationId: FederationId; parents: readonly RelayParent[]; proposalId: ProposalId; version: number; limit: number },
): Promise<readonly RelayChild[]> {
  const parents = q.parents.filter((p) => isUuid(p.assemblyId) && isUuid(p.referralId));
  if (!isUuid(q.federationId) || parents.length === 0 || !isUuid(q.proposalId) || !isInt4(q.version)) return [];
  const rows = await sql.query<ChildRow>(RELAY_CHILDREN, [q.federationId, parents.map((p) => p.assemblyId), q.proposalId, q.version, take(q.limit)]);
  // Keyed back to the parent ids as asked for (the database spells them in lowercase).
  const asked = new Map(parents.map((p) => [p.assemblyId.toLowerCase(), p.assemblyId]));
  return rows.map((r) => ({ parentAssemblyId: asked.get(r.relayParent) ?? (r.relayParent as AssemblyId), assembly: toAssembly(r), bindings: r.bindings.map(toBinding), localsInSubtree: r.locals }));
}

// Two rollups of one proposal take turns: each then reads what the one before
// it committed. Its own statement, so the rollup's snapshot is taken after it.
const ROLLUP_LOCK = xactLockSql('plenary.relay.rollup');

/*
 * One pass at one depth, in one statement. `clean_gen` takes the `dirty_gen`
 * this statement's snapshot read, not the row's current one: a decision
 * committed meanwhile has bumped `dirty_gen` past it, so the row stays dirty
 * and the next pass counts it, with no lock held from one statement to the
 * next. `picked` picks and locks the rows in id order, as `lockReferrals` locks
 * them for a decision, so a rollup and a batch of decisions never wait on each
 * other in a circle; `snap` then reads them (and `kids` their children) as
 * the snapshot has them, not the newer version a lock may have waited for,
 * so the generation recorded always goes with the status and the children
 * counted. The UPDATE re-checks that each row is still dirty. Parents are one
 * level up, never among the rows recomputed, so the two UPDATEs touch
 * different rows.
 */
const ROLLUP = `
  WITH picked AS MATERIALIZED (
    SELECT r.id FROM referral r
    WHERE r.proposal_id = $1::uuid AND r.version = $2::int AND r.depth = $3::int AND r.dirty_gen > r.clean_gen
    ORDER BY r.id
    LIMIT $4::int
    -- Rows a decision or a relay step holds are left for a later pass: a rollup that waited for them
    -- would hold every row it had locked so far, and everything behind it would queue.
    FOR NO KEY UPDATE SKIP LOCKED
  ), snap AS MATERIALIZED (
    SELECT r.id, r.dirty_gen, r.status, r.local_total, r.member_count, (a.level = 0 AND NOT r.subtree) AS local, r.subtree,
      r.accepted AS own_accepted, r.rejected AS own_rejected, r.amend_requested AS own_amend, r.pending AS own_pending, r.members_covered AS own_members
    FROM referral r JOIN assembly a ON a.id = r.assembly_id
    WHERE r.id IN (SELECT id FROM picked)
  ), kids AS (
    SELECT c.parent_referral_id AS id, sum(c.accepted) AS accepted, sum(c.rejected) AS rejected, sum(c.amend_requested) AS amend_requested,
      sum(c.pending) AS pending, sum(c.local_total) AS local_total, sum(c.members_covered) AS members_covered
    FROM referral c WHERE c.parent_referral_id IN (SELECT id FROM snap)
    GROUP BY c.parent_referral_id
  ), tally AS (
    SELECT t.id, t.dirty_gen,
      -- A remote subtree (a proxy): its reported counts stand while it is accepted; its children are not here to count.
      CASE WHEN t.subtree THEN CASE WHEN t.status = 'accepted' THEN t.own_accepted ELSE 0 END
           WHEN t.local THEN (t.status = 'accepted')::int WHEN t.status = 'accepted' THEN coalesce(k.accepted, 0) ELSE 0 END AS accepted,
      CASE WHEN t.subtree THEN CASE WHEN t.status = 'accepted' THEN t.own_rejected ELSE 0 END
           WHEN t.local THEN (t.status = 'rejected')::int WHEN t.status = 'accepted' THEN coalesce(k.rejected, 0) ELSE 0 END AS rejected,
      CASE WHEN t.subtree THEN CASE WHEN t.status = 'accepted' THEN t.own_amend ELSE 0 END
           WHEN t.local THEN (t.status = 'amend_requested')::int WHEN t.status = 'accepted' THEN coalesce(k.amend_requested, 0) ELSE 0 END AS amend_requested,
      CASE WHEN t.subtree THEN CASE WHEN t.status = 'accepted' THEN t.own_pending WHEN t.status = 'pending' THEN t.local_total ELSE 0 END
           WHEN t.local THEN (t.status = 'pending')::int
           -- Level-0 assemblies below not yet offered the proposal are still pending.
           WHEN t.status = 'accepted' THEN coalesce(k.pending, 0) + t.local_total - coalesce(k.local_total, 0)
           WHEN t.status = 'pending' THEN t.local_total
           ELSE 0 END AS pending,
      CASE WHEN t.subtree THEN CASE WHEN t.status = 'accepted' THEN t.own_members ELSE 0 END
           WHEN t.local AND t.status = 'accepted' THEN t.member_count
           WHEN NOT t.local AND t.status = 'accepted' THEN coalesce(k.members_covered, 0)
           ELSE 0 END AS members_covered
    FROM snap t LEFT JOIN kids k ON k.id = t.id
  ), done AS (
    UPDATE referral r
    SET accepted = x.accepted, rejected = x.rejected, amend_requested = x.amend_requested, pending = x.pending,
      members_covered = x.members_covered, clean_gen = x.dirty_gen, updated_at = now()
    FROM tally x
    WHERE r.id = x.id AND r.dirty_gen > r.clean_gen
    RETURNING r.parent_referral_id
  ), parents AS (
    UPDATE referral p SET dirty_gen = p.dirty_gen + 1, updated_at = now()
    WHERE p.id IN (SELECT parent_referral_id FROM done)
  )
  SELECT count(*)::int AS n FROM done`;

/** `RelayWrites.rollupDepth`: two statements (the lock, the pass). */
export async function rollupDepth(sql: SqlRunner, proposalId: ProposalId, version: number, depth: number, limit: number): Promise<number> {
  if (!isUuid(proposalId) || !isInt4(version) || !isInt4(depth) || take(limit) === 0) return 0;
  await sql.query(ROLLUP_LOCK, [proposalId.toLowerCase()]);
  const [row] = await sql.query<{ n: number }>(ROLLUP, [proposalId, version, depth, take(limit)]);
  return row?.n ?? 0;
}
