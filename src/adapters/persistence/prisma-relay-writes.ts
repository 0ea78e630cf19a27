import type { Motion } from '../../core/model/entities.js';
import type { NewEvent, NewMotion } from '../../core/ports/store.port.js';
import type { AssemblyId, MotionId } from '../../core/shared/ids.js';
import type * as Db from '../../generated/prisma/client.js';
import { eventColumns, linkEvent } from './prisma-event-chain.js';
import { MOTION_COLUMNS, ts } from './prisma-relay-mappers.js';
import { asStoredJson, isUuid, toDbKind, toDbMethod, toDbStatus, toMotion } from './prisma-store-mappers.js';
import type { SqlRunner } from './sql-runner.js';

/*
 * The relay's bulk writes to tables it shares with the rest of the store
 * (motions and the hash chains): two statements each, whatever the count.
 * Assembly rows are locked in id order first, so two writers touching
 * overlapping assemblies queue instead of deadlocking.
 */

const LOCK_ASSEMBLIES = 'SELECT id FROM assembly WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE';

// Each assembly's counter moves by its number of new motions; motion k of n
// (in input order) of an assembly takes old + k = new - n + k.
const INSERT_MOTIONS = `
  WITH input AS (
    SELECT i.*, row_number() OVER (PARTITION BY i.assembly_id ORDER BY i.ord) AS rank, count(*) OVER (PARTITION BY i.assembly_id) AS n
    FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::int[], $10::int[], $11::boolean[],
                $12::int[], $13::int[], $14::boolean[], $15::boolean[], $16::int[], $17::int[], $18::text[], $19::uuid[], $20::text[], $21::text[], $22::text[])
      WITH ORDINALITY AS i(id, assembly_id, kind, method, title, body, options, seats, quorum_num, quorum_den, quorum_strict,
                           threshold_num, threshold_den, threshold_strict, secret, seconds_required, voting_hours, status, moved_by_id, payload, opens_at, closes_at, ord)
  ), seq AS (
    UPDATE assembly a SET motion_seq = a.motion_seq + c.n
    FROM (SELECT assembly_id, count(*) AS n FROM input GROUP BY assembly_id) c
    WHERE a.id = c.assembly_id
    RETURNING a.id, a.motion_seq
  )
  INSERT INTO motion AS m (id, assembly_id, number, kind, method, title, body, options, seats, quorum_num, quorum_den, quorum_strict,
                           threshold_num, threshold_den, threshold_strict, secret, seconds_required, voting_hours, status, moved_by_id, payload, opens_at, closes_at)
  SELECT i.id, i.assembly_id, s.motion_seq - i.n + i.rank, i.kind::motion_kind, i.method::voting_method, i.title, i.body, i.options::jsonb, i.seats,
         i.quorum_num, i.quorum_den, i.quorum_strict, i.threshold_num, i.threshold_den, i.threshold_strict, i.secret, i.seconds_required, i.voting_hours,
         i.status::motion_status, i.moved_by_id, i.payload::jsonb, i.opens_at::timestamptz, i.closes_at::timestamptz
  FROM input i JOIN seq s ON s.id = i.assembly_id
  ORDER BY i.ord
  RETURNING ${MOTION_COLUMNS}`;

const distinct = (ids: readonly string[]): string[] => [...new Set(ids.map((id) => id.toLowerCase()))].sort();

/** `RelayWrites.createMotions`: lock the assemblies, then number and insert every motion in one statement. */
export async function createMotions(sql: SqlRunner, rows: readonly (NewMotion & { readonly id: MotionId })[]): Promise<readonly Motion[]> {
  if (rows.length === 0) return [];
  const missing = rows.find((r) => !isUuid(r.assemblyId));
  if (missing) throw new Error(`no assembly ${missing.assemblyId}`);
  await sql.query(LOCK_ASSEMBLIES, [distinct(rows.map((r) => r.assemblyId))]);
  const col = <T>(f: (r: NewMotion & { readonly id: MotionId }) => T): T[] => rows.map(f);
  const made = await sql.query<Db.Motion>(INSERT_MOTIONS, [
    col((r) => r.id),
    col((r) => r.assemblyId),
    col((r) => toDbKind(r.kind)),
    col((r) => toDbMethod(r.method)),
    col((r) => r.title),
    col((r) => r.body),
    col((r) => JSON.stringify(r.options)),
    col((r) => r.seats),
    col((r) => r.quorum.num),
    col((r) => r.quorum.den),
    col((r) => r.quorum.strict),
    col((r) => r.threshold.num),
    col((r) => r.threshold.den),
    col((r) => r.threshold.strict),
    col((r) => r.secret),
    col((r) => r.secondsRequired),
    col((r) => r.votingHours),
    col((r) => toDbStatus(r.status)),
    col((r) => r.movedById),
    col((r) => JSON.stringify(asStoredJson(r.payload))),
    col((r) => ts(r.opensAt)),
    col((r) => ts(r.closesAt)),
  ]);
  // A motion of an unknown assembly found no counter row and was not inserted.
  if (made.length !== rows.length) {
    const known = new Set(made.map((m) => m.assemblyId));
    throw new Error(`no assembly ${rows.find((r) => !known.has(r.assemblyId.toLowerCase()))?.assemblyId ?? '?'}`);
  }
  // RETURNING follows no ORDER BY: back to the input order.
  const byId = new Map(made.map((m) => [m.id, toMotion(m)]));
  return rows.map((r) => {
    const m = byId.get(r.id.toLowerCase());
    if (!m) throw new Error(`motion ${r.id} was not written`);
    return m;
  });
}

const READ_HEADS = 'SELECT id, event_seq, head_hash FROM assembly WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE';

// Every event and every moved head in one statement.
const INSERT_EVENTS = `
  WITH inserted AS (
    INSERT INTO event (assembly_id, seq, type, actor_id, payload, at, prev_hash, hash)
    SELECT e.assembly_id, e.seq, e.type, e.actor_id, e.payload::jsonb, e.at::timestamptz, e.prev_hash, e.hash
    FROM unnest($1::uuid[], $2::int[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[])
      AS e(assembly_id, seq, type, actor_id, payload, at, prev_hash, hash)
  )
  UPDATE assembly a SET event_seq = h.seq, head_hash = h.hash
  FROM unnest($9::uuid[], $10::int[], $11::text[]) AS h(id, seq, hash)
  WHERE a.id = h.id`;

/**
 * `RelayWrites.appendEventsMany`: lock and read the heads (id order), chain
 * every assembly's events in JS exactly as `appendEvents` does, write them all
 * with the new heads in one statement.
 */
export async function appendEventsMany(sql: SqlRunner, items: readonly { readonly assemblyId: AssemblyId; readonly event: NewEvent }[], at: Date): Promise<void> {
  if (items.length === 0) return;
  const missing = items.find((i) => !isUuid(i.assemblyId));
  if (missing) throw new Error(`no assembly ${missing.assemblyId}`);
  const heads = await sql.query<{ id: string; event_seq: number; head_hash: string }>(READ_HEADS, [distinct(items.map((i) => i.assemblyId))]);
  const chain = new Map(heads.map((h) => [h.id, { seq: h.event_seq, hash: h.head_hash }]));
  const events = items.map(({ assemblyId, event }) => {
    // The stored (lowercase) id is what `audit verify` will hash.
    const id = assemblyId.toLowerCase() as AssemblyId;
    const head = chain.get(id);
    if (!head) throw new Error(`no assembly ${assemblyId}`);
    const linked = linkEvent(id, head, event, at);
    chain.set(id, { seq: linked.seq, hash: linked.hash });
    return linked;
  });
  // Heads were read for these assemblies only: each one moved.
  const moved = [...chain];
  await sql.query(INSERT_EVENTS, [events.map((e) => e.assemblyId), ...eventColumns(events), moved.map(([id]) => id), moved.map(([, h]) => h.seq), moved.map(([, h]) => h.hash)]);
}

// What each ancestor of the detached referrals loses: the sum of their local totals below it.
const DETACH_CHAIN = `
  WITH RECURSIVE chain AS (
    SELECT r.parent_referral_id AS id, r.local_total AS n FROM referral r
    WHERE r.id = ANY($1::uuid[]) AND r.local_total > 0 AND r.parent_referral_id IS NOT NULL
    UNION ALL
    SELECT p.parent_referral_id, c.n FROM chain c JOIN referral p ON p.id = c.id WHERE p.parent_referral_id IS NOT NULL
  )
  SELECT id::text AS id, sum(n)::int AS n FROM chain GROUP BY id`;

const DETACH_ANCESTORS = `
  UPDATE referral r SET local_total = greatest(r.local_total - c.n, 0), dirty_gen = r.dirty_gen + 1, updated_at = now()
  FROM (SELECT unnest($1::uuid[]) AS id, unnest($2::int[]) AS n) c WHERE r.id = c.id`;

const DETACH_SELF = `
  UPDATE referral SET local_total = 0, dirty_gen = dirty_gen + 1, updated_at = now()
  WHERE id = ANY($1::uuid[]) AND local_total > 0`;

/** `RelayWrites.detachReferrals`: three statements, whatever the count (ids already validated). */
export async function detachReferrals(sql: SqlRunner, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const cuts = await sql.query<{ id: string; n: number }>(DETACH_CHAIN, [ids]);
  if (cuts.length > 0) await sql.query(DETACH_ANCESTORS, [cuts.map((c) => c.id), cuts.map((c) => c.n)]);
  await sql.query(DETACH_SELF, [ids]);
}

// The reported subtree's counts on the row, and the difference in its size on every ancestor.
const REPORT_SUBTREE = `
  WITH RECURSIVE me AS (
    SELECT id, parent_referral_id, $2::int - local_total AS delta FROM referral WHERE id = $1::uuid
  ), chain AS (
    SELECT m.parent_referral_id AS id, m.delta FROM me m WHERE m.parent_referral_id IS NOT NULL
    UNION ALL
    SELECT p.parent_referral_id, c.delta FROM chain c JOIN referral p ON p.id = c.id WHERE p.parent_referral_id IS NOT NULL
  ), ancestors AS (
    UPDATE referral r SET local_total = greatest(r.local_total + c.delta, 0), dirty_gen = r.dirty_gen + 1, updated_at = now()
    FROM chain c WHERE r.id = c.id AND c.delta <> 0
  )
  UPDATE referral SET subtree = true, local_total = $2::int, accepted = $3::int, rejected = $4::int, amend_requested = $5::int,
    pending = $6::int, members_covered = $7::int, dirty_gen = dirty_gen + 1, updated_at = now()
  WHERE id = $1::uuid`;

/** `RelayWrites.reportSubtree`: one statement. */
export async function reportSubtree(sql: SqlRunner, referralId: string, t: { localTotal: number; accepted: number; rejected: number; amendRequested: number; pending: number; membersCovered: number }): Promise<void> {
  if (!isUuid(referralId)) return;
  await sql.query(REPORT_SUBTREE, [referralId, t.localTotal, t.accepted, t.rejected, t.amendRequested, t.pending, t.membersCovered]);
}

// Each widened referral and every ancestor of it, with what it gains.
const WIDEN = `
  WITH RECURSIVE chain AS (
    SELECT r.id, c.n FROM referral r JOIN (SELECT unnest($1::uuid[]) AS id, unnest($2::int[]) AS n) c ON r.id = c.id
    UNION ALL
    SELECT p.parent_referral_id, c.n FROM chain c JOIN referral p ON p.id = c.id WHERE p.parent_referral_id IS NOT NULL
  ), gains AS (SELECT id, sum(n)::int AS n FROM chain GROUP BY id)
  UPDATE referral r SET local_total = r.local_total + g.n, dirty_gen = r.dirty_gen + 1, updated_at = now()
  FROM gains g WHERE r.id = g.id`;

/** `RelayWrites.widenScope`: one statement, whatever the count (ids already validated). */
export async function widenScope(sql: SqlRunner, items: readonly { readonly referralId: string; readonly n: number }[]): Promise<void> {
  if (items.length === 0) return;
  await sql.query(WIDEN, [items.map((i) => i.referralId), items.map((i) => i.n)]);
}
