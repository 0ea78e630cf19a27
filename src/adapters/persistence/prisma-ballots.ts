import type { BallotWrite, CastOutcome } from '../../core/ports/store.port.js';
import { appendEventsAfter } from './prisma-event-chain.js';
import { isUuid } from './prisma-store-mappers.js';
import type { SqlRunner } from './sql-runner.js';

type Outcome = CastOutcome['outcomes'][number];

// FOR UPDATE, not FOR SHARE: the closer takes the same lock, and batches of
// one motion run one at a time anyway (they all extend the same chain).
// The assembly's chain head is locked and read in the same round trip: the
// batch's event then goes in with the head moved in one statement. That row
// lock is also the one a recall, a leave or a settings change holds while it
// changes who may vote: the membership check below runs after it is granted,
// on what they committed.
const LOCK_OPEN_MOTION = `
  SELECT (m.status = 'open' AND (m.closes_at IS NULL OR m.closes_at > $2::timestamptz)) AS open, a.event_seq, a.head_hash
  FROM motion m JOIN assembly a ON a.id = m.assembly_id
  WHERE m.id = $1::uuid AND m.assembly_id = $3::uuid FOR UPDATE OF m, a`;

// One row per person is upserted (their last ballot in the batch); every
// ballot goes into the history, in order. `xmax = 0` marks a freshly inserted
// row. A voided ballot being replaced counts as a new cast (the voided one no
// longer counted): the final EXISTS reads the ballot table as it was before
// this statement (all parts of one statement share a snapshot), one index
// probe per person. Rows are upserted in person order so that writers always
// take row locks in the same order.
const UPSERT_BALLOTS = `
  WITH input AS (
    SELECT i.person_id, i.choice::jsonb AS choice, i.cast_at::timestamptz AS cast_at, i.ord
    FROM unnest($2::uuid[], $3::text[], $4::text[]) WITH ORDINALITY AS i(person_id, choice, cast_at, ord)
    -- The authoritative membership check, in the same statement: only active members' ballots go in.
    JOIN membership m ON m.assembly_id = $5::uuid AND m.person_id = i.person_id AND m.status = 'active'
  ), latest AS (
    SELECT DISTINCT ON (person_id) person_id, choice, cast_at FROM input ORDER BY person_id, ord DESC
  ), upserted AS (
    INSERT INTO ballot AS b (motion_id, person_id, choice, cast_at, updated_at)
    SELECT $1::uuid, person_id, choice, cast_at, now() FROM latest ORDER BY person_id
    ON CONFLICT (motion_id, person_id) DO UPDATE
      SET choice = excluded.choice, cast_at = excluded.cast_at, updated_at = now(), voided_at = NULL
    RETURNING b.person_id, (b.xmax = 0) AS inserted
  ), history AS (
    INSERT INTO ballot_history (motion_id, person_id, choice, cast_at)
    SELECT $1::uuid, person_id, choice, cast_at FROM input ORDER BY ord
  )
  SELECT u.person_id::text AS person_id,
    (NOT u.inserted AND NOT EXISTS (
      SELECT 1 FROM ballot v WHERE v.motion_id = $1::uuid AND v.person_id = u.person_id AND v.voided_at IS NOT NULL
    )) AS changed
  FROM upserted u`;

/**
 * The vote hot path: a whole batch of ballots for one motion in four
 * statements whatever its size — lock the motion, upsert the current ballots
 * with their history, reserve N links of the hash chain, write the N events.
 * Arrays go in as parameters (`unnest`): the SQL text is the same for every
 * batch and no user data is spliced into it. Runs inside the caller's
 * transaction.
 */
export async function castBallotsIn(sql: SqlRunner, batch: BallotWrite): Promise<CastOutcome> {
  const { ballots, motionId } = batch;
  const first = ballots[0];
  if (first === undefined) return { outcomes: [] };
  const closed = (): CastOutcome => ({ outcomes: ballots.map((): Outcome => 'closed') });
  if (!isUuid(motionId)) return closed();

  const [lock] = await sql.query<{ open: boolean; event_seq: number; head_hash: string }>(LOCK_OPEN_MOTION, [motionId, first.castAt.toISOString(), batch.assemblyId]);
  if (lock?.open !== true) return closed();

  // The vote path validated membership from a short-lived cache; the upsert re-checks it at commit
  // and returns a row for every active member in the batch.
  const rows = await sql.query<{ person_id: string; changed: boolean }>(UPSERT_BALLOTS, [
    motionId,
    ballots.map((b) => b.personId),
    ballots.map((b) => JSON.stringify(b.choice)),
    ballots.map((b) => b.castAt.toISOString()),
    batch.assemblyId,
  ]);
  const members = new Set(rows.map((r) => r.person_id.toLowerCase()));
  const counted = ballots.filter((b) => members.has(b.personId.toLowerCase()));
  if (counted.length === 0) return { outcomes: ballots.map((): Outcome => 'not-member') };
  const replacedBefore = new Map(rows.map((r) => [r.person_id, r.changed]));
  // A person twice in one batch: the first counts against what was stored, later ones replace it.
  const seen = new Set<string>();
  const changed = counted.map((b) => {
    const key = b.personId.toLowerCase();
    const again = seen.has(key);
    seen.add(key);
    return again || replacedBefore.get(key) === true;
  });

  await appendEventsAfter(
    sql,
    batch.assemblyId,
    lock,
    batch.eventsFor(counted.map((b, i) => ({ ballot: b, changed: changed[i] === true }))).map((event) => ({ event, at: counted.at(-1)?.castAt ?? first.castAt })),
  );
  let k = 0;
  return { outcomes: ballots.map((b): Outcome => (members.has(b.personId.toLowerCase()) ? (changed[k++] === true ? 'changed' : 'cast') : 'not-member')) };
}
