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

// Each ballot is compared with the one before it: the same person's previous
// ballot in this batch, else their stored current ballot (a voided one counts
// as none). The same choice again is 'unchanged' and writes nothing; the rest
// go into the history, in order, and each person's last written ballot is
// upserted. The comparison reads the ballot table as it was before this
// statement (all parts of one statement share a snapshot), under the motion
// lock every batch takes first, so concurrent identical votes get one 'cast'
// and the rest 'unchanged', as the history shows. Rows are upserted in person
// order so that writers always take row locks in the same order.
const UPSERT_BALLOTS = `
  WITH input AS (
    SELECT i.person_id, i.choice::jsonb AS choice, i.cast_at::timestamptz AS cast_at, i.ord
    FROM unnest($2::uuid[], $3::text[], $4::text[]) WITH ORDINALITY AS i(person_id, choice, cast_at, ord)
    -- The authoritative membership check, in the same statement: only active members' ballots go in.
    JOIN membership m ON m.assembly_id = $5::uuid AND m.person_id = i.person_id AND m.status = 'active'
  ), compared AS (
    SELECT i.*,
      (lag(i.ord) OVER w IS NOT NULL OR (b.person_id IS NOT NULL AND b.voided_at IS NULL)) AS had,
      coalesce(lag(i.choice) OVER w, CASE WHEN b.voided_at IS NULL THEN b.choice END) AS before
    FROM input i LEFT JOIN ballot b ON b.motion_id = $1::uuid AND b.person_id = i.person_id
    WINDOW w AS (PARTITION BY i.person_id ORDER BY i.ord)
  ), written AS (
    SELECT * FROM compared WHERE NOT had OR before IS DISTINCT FROM choice
  ), latest AS (
    SELECT DISTINCT ON (person_id) person_id, choice, cast_at FROM written ORDER BY person_id, ord DESC
  ), upserted AS (
    INSERT INTO ballot AS b (motion_id, person_id, choice, cast_at, updated_at)
    SELECT $1::uuid, person_id, choice, cast_at, now() FROM latest ORDER BY person_id
    ON CONFLICT (motion_id, person_id) DO UPDATE
      SET choice = excluded.choice, cast_at = excluded.cast_at, updated_at = now(), voided_at = NULL
    RETURNING b.person_id
  ), history AS (
    INSERT INTO ballot_history (motion_id, person_id, choice, cast_at)
    SELECT $1::uuid, person_id, choice, cast_at FROM written ORDER BY ord
  )
  SELECT c.ord::int AS ord,
    CASE WHEN NOT c.had THEN 'cast' WHEN c.before IS DISTINCT FROM c.choice THEN 'changed' ELSE 'unchanged' END AS outcome
  FROM compared c ORDER BY c.ord`;

/**
 * The vote hot path: a whole batch of ballots for one motion in four
 * statements whatever its size — lock the motion, compare and upsert the
 * current ballots with their history, reserve N links of the hash chain, write the N events.
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
  // and returns a row for every input ballot of an active member, by its 1-based position.
  const rows = await sql.query<{ ord: number; outcome: 'cast' | 'changed' | 'unchanged' }>(UPSERT_BALLOTS, [
    motionId,
    ballots.map((b) => b.personId),
    ballots.map((b) => JSON.stringify(b.choice)),
    ballots.map((b) => b.castAt.toISOString()),
    batch.assemblyId,
  ]);
  const byOrd = new Map(rows.map((r) => [r.ord, r.outcome]));
  const outcomes = ballots.map((_, i): Outcome => byOrd.get(i + 1) ?? 'not-member');
  // Only what was written goes into the record: an unchanged ballot is no event.
  const counted = ballots.flatMap((ballot, i) => (outcomes[i] === 'cast' || outcomes[i] === 'changed' ? [{ ballot, changed: outcomes[i] === 'changed' }] : []));
  if (counted.length > 0) {
    await appendEventsAfter(
      sql,
      batch.assemblyId,
      lock,
      batch.eventsFor(counted).map((event) => ({ event, at: counted.at(-1)?.ballot.castAt ?? first.castAt })),
    );
  }
  return { outcomes };
}
