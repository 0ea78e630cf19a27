import type { Actor, Ballot, Motion, RoomRef } from '../model/entities.js';
import { ok, type DomainError, type Err, type Result } from '../shared/result.js';
import { errT } from '../i18n/localized.js';
import type { CoreDeps } from './deps.js';
import { existingPerson } from './identity.service.js';
import { parseChoice } from './choice.js';
import { closeMotion } from './closing.service.js';
import { withdrawnBy } from '../messages/motion-messages.js';
import { resolveMotion } from './motion.service.js';

export interface VoteOutcome {
  readonly motion: Motion;
  readonly changed: boolean;
  /** The same choice as the ballot already counted: nothing was written. */
  readonly unchanged: boolean;
  readonly ballot: Ballot;
  /** Set when this ballot was the last one missing and the motion closed early. */
  readonly closedEarly: boolean;
}

/**
 * Casts or changes a ballot. Validation reads outside a transaction (fast path);
 * the write re-checks that the motion is still open at commit, so a ballot that
 * races the close is refused, never half-counted.
 */
export async function vote(deps: CoreDeps, actor: Actor, room: RoomRef, ref: string, rawChoice: string): Promise<Result<VoteOutcome>> {
  const reads = deps.store.read;
  const cache = deps.cache;
  // Cached lookups answer the common case fast; anything that would refuse the ballot is re-read fresh.
  let r = await resolveMotion(cache, room, ref);
  if (!r.ok || r.value.motion.status !== 'open') r = await resolveMotion(reads, room, ref);
  if (!r.ok) return r;
  const { motion, assembly } = r.value;
  const person = (await cache.personByAccount(actor.platform, actor.externalId)) ?? (await existingPerson(reads, actor));
  // Membership is checked where it counts: in the ballot's own transaction (outcome 'not-member' below).
  if (!person) return errT('not-member', 'vote.refused.notMember', { assembly: assembly.name });
  const now = deps.clock.now();
  if (motion.status === 'proposed') return errT('closed', 'vote.refused.notOpenYet', { number: motion.number, seconds: motion.secondsRequired });
  if (motion.status !== 'open' || (motion.closesAt && motion.closesAt <= now)) return notTaken(motion);
  const choice = parseChoice(motion, rawChoice);
  if (!choice.ok) return choice;
  const ballot: Ballot = { motionId: motion.id, personId: person.id, choice: choice.value, castAt: now };
  const outcome = await deps.ballots.write(assembly.id, motion.secret, ballot, (counted) => [
    {
      // One link of the chain per batch, listing its ballots. A secret ballot's record says
      // only how many were cast and changed: no voter, no choice.
      type: 'ballots.cast',
      actorId: null,
      payload: motion.secret
        ? { motion: motion.number, cast: counted.filter((c) => !c.changed).length, changed: counted.filter((c) => c.changed).length }
        : { motion: motion.number, ballots: counted.map((c) => ({ personId: c.ballot.personId, choice: c.ballot.choice, changed: c.changed })) },
    },
  ]);
  if (outcome === 'closed') {
    // The motion was read open (perhaps from the cache); the writer found it closed. Say why, as it stands now.
    const fresh = await resolveMotion(reads, room, ref);
    return fresh.ok && fresh.value.motion.status === 'withdrawn' ? notTaken(fresh.value.motion) : errT('closed', 'vote.refused.lateArrival', { number: motion.number });
  }
  if (outcome === 'not-member') {
    const m = await reads.membership(assembly.id, person.id);
    if (m?.status === 'excluded') return errT('excluded', 'vote.refused.excluded', { assembly: assembly.name });
    return errT('not-member', assembly.kind === 'delegates' ? 'vote.refused.delegatesOnly' : 'vote.refused.notMember', { assembly: assembly.name });
  }
  let closedEarly = false;
  // `assembly` may come from the cache, so its policy is no reason to skip (or try) an early close. The
  // policy (one row by key) and the counts are read fresh here only to spare a transaction; the closer
  // decides again, under the assembly's lock, on the rules and ballots as they stand there.
  if ((await reads.assembly(assembly.id))?.policy.earlyClose === true) {
    const [cast, eligible] = await Promise.all([reads.countBallots(motion.id), reads.countMembers(assembly.id, 'active')]);
    if (cast >= eligible) {
      const closed = await closeMotion(deps, motion.id, 'everyone-voted');
      closedEarly = closed.ok && closed.value !== null;
    }
  }
  return ok({ motion, changed: outcome === 'changed', unchanged: outcome === 'unchanged', ballot, closedEarly });
}

/** Why a motion takes no ballot: withdrawn by its mover, or closed (when, in the reader's time zone). */
function notTaken(motion: Motion): Err<DomainError> {
  if (motion.status === 'withdrawn') return errT('closed', 'vote.refused.withdrawn', { number: motion.number, by: withdrawnBy(motion) });
  return motion.closedAt ? errT('closed', 'vote.refused.closedAt', { number: motion.number, closedAt: motion.closedAt }) : errT('closed', 'vote.refused.closed', { number: motion.number });
}
