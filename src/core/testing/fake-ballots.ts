import { canonicalJson } from '../events/hash-chain.js';
import type { Ballot } from '../model/entities.js';
import type { BallotWrite, CastOutcome, StoreTx } from '../ports/store.port.js';
import { pairKey, type FakeState } from './fake-store-state.js';

/**
 * The FakeStore's ballot batch, inside its transaction: the same contract as
 * the PostgreSQL upsert (prisma-ballots.ts): refused when the motion is not
 * open or the voter not an active member, `unchanged` for the same choice
 * again (no history row), `changed` / `cast` otherwise, and one record event
 * per batch.
 */
export async function castInto(tx: StoreTx, draft: FakeState, batch: BallotWrite): Promise<CastOutcome> {
  const motion = await tx.lockMotion(batch.motionId);
  const now = batch.ballots[0]?.castAt ?? new Date();
  const open = motion?.status === 'open' && (!motion.closesAt || motion.closesAt > now);
  const outcomes: CastOutcome['outcomes'][number][] = [];
  const counted: { ballot: Ballot; changed: boolean }[] = [];
  for (const b of batch.ballots) {
    if (!open) {
      outcomes.push('closed');
      continue;
    }
    if ((await tx.membership(batch.assemblyId, b.personId))?.status !== 'active') {
      outcomes.push('not-member');
      continue;
    }
    const current = draft.ballots.get(pairKey(b.motionId, b.personId));
    if (current?.voidedAt === null && canonicalJson(current.choice) === canonicalJson(b.choice)) {
      outcomes.push('unchanged');
      continue;
    }
    const changed = putBallot(draft, b);
    counted.push({ ballot: b, changed });
    outcomes.push(changed ? 'changed' : 'cast');
  }
  const at = counted.at(-1)?.ballot.castAt ?? now;
  for (const e of counted.length > 0 ? batch.eventsFor(counted) : []) await tx.appendEvent(batch.assemblyId, e, at);
  return { outcomes };
}

/** Upserts the current ballot and appends history; true when it replaced an earlier one. */
function putBallot(st: FakeState, b: Ballot): boolean {
  const key = pairKey(b.motionId, b.personId);
  const prev = st.ballots.get(key);
  const changed = prev !== undefined && prev.voidedAt === null;
  st.ballots.set(key, { ...b, voidedAt: null });
  st.ballotHistory.push({ ...b, changed });
  return changed;
}
