import type { Assembly, AuditEvent, Motion } from '../model/entities.js';
import { resultMessage } from '../messages/motion-messages.js';
import type { MotionId } from '../shared/ids.js';
import { ok, type Result } from '../shared/result.js';
import { countMotion } from './count-motion.js';
import type { CoreDeps } from './deps.js';
import { voidStrayBallots } from './departure.js';
import { roomSpeech } from '../i18n/audience.js';

export type CloseReason = 'deadline' | 'everyone-voted';

/**
 * Closes a motion: counts the stored ballots, records the result and applies
 * a passed motion's effect, all in one transaction holding the motion's lock
 * (so a ballot racing the close is refused at commit, never half-counted).
 * Idempotent: closing a closed motion does nothing and returns null.
 */
export async function closeMotion(deps: CoreDeps, motionId: MotionId, reason: CloseReason): Promise<Result<Motion | null>> {
  const after: (() => Promise<void>)[] = [];
  const done = await deps.store.transaction(async (tx): Promise<{ motion: Motion; assembly: Assembly; head?: AuditEvent } | null> => {
    after.length = 0;
    const motion = await tx.lockMotion(motionId);
    if (!motion) return null;
    // The assembly's lock before anything is read: ballot batches, a recall's voids and unseats and a
    // policy change all take it, so the ballots, the members and the rules counted below are one
    // committed state, never a state that changes between this count and this commit.
    const assembly = await tx.lockAssembly(motion.assemblyId);
    if (!assembly) return null;
    const now = deps.clock.now();
    const due = motion.closesAt !== null && motion.closesAt <= now;
    if (motion.status === 'proposed') {
      if (!due) return null;
      const expired = await tx.updateMotion(motion.id, { status: 'expired', closedAt: now });
      await tx.appendEvent(assembly.id, { type: 'motion.expired', actorId: null, payload: { motion: motion.number, seconds: (await tx.seconds(motion.id)).length } }, now);
      return { motion: expired, assembly };
    }
    if (motion.status !== 'open') return null;
    if (reason === 'deadline' && !due) return null;
    // The rule as it stands under the lock, not as the caller (or its cache) last saw it.
    if (reason === 'everyone-voted' && !assembly.policy.earlyClose) return null;
    // Only active members' ballots count: one a departure left behind is voided (and recorded) first.
    await voidStrayBallots(tx, assembly, motion, now);
    // A yes/no motion is counted from the store's aggregate (a 5,000-member plenary closes in one query);
    // `audit verify` recounts it from the ballots themselves.
    const [ballots, eligible] = await Promise.all([motion.method === 'yes-no-abstain' ? tx.yesNoTally(motion.id) : tx.ballots(motion.id), tx.countMembers(assembly.id, 'active')]);
    const cast = 'yes' in ballots ? ballots.yes + ballots.no + ballots.abstain : ballots.length;
    // Early close is decided here, under the lock, not on the caller's (possibly cached) counts.
    if (reason === 'everyone-voted' && cast < eligible) return null;
    // Nobody's ballot stands (e.g. the only delegate's was voided by a recall): nobody "voted", the deadline decides.
    if (reason === 'everyone-voted' && cast === 0) return null;
    const result = countMotion(motion, ballots, Math.max(eligible, cast));
    const closed = await tx.updateMotion(motion.id, { status: result.outcome, closedAt: now, result });
    const head = await tx.appendEvent(assembly.id, { type: 'motion.closed', actorId: null, payload: { motion: motion.number, reason, outcome: result.outcome, ballots: result.ballots, eligible: result.eligible, quorumMet: result.quorumMet, tally: result.tally, winners: result.winners } }, now);
    const handler = deps.kinds.get(motion.kind);
    const ctx = { tx, deps, assembly, motion: closed, result, at: now, afterCommit: (fn: () => Promise<void>) => after.push(fn) };
    if (handler && result.outcome === 'passed') await handler.onPassed(ctx);
    if (handler?.onClosed) await handler.onClosed(ctx);
    return { motion: closed, assembly, head };
  });
  if (!done) return ok(null);
  // The result carries the chain head at its own motion.closed event: posted in every room, it is witnessed there.
  const result = resultMessage(done.assembly, done.motion, deps.kinds.get(done.motion.kind)?.describe(done.motion, roomSpeech(done.assembly.policy)));
  const chainHead = done.head ? { assembly: done.assembly.name, seq: done.head.seq, hash: done.head.hash } : undefined;
  await deps.announcer.announce(done.assembly.id, chainHead ? { ...result, chainHead } : result, `motion-result:${done.motion.id}`);
  for (const fn of after) await fn();
  for (const observe of deps.observers) await observe(deps, done.assembly, done.motion);
  return ok(done.motion);
}

/** Closes everything past its deadline; run at start and on a timer so restarts miss nothing. */
export async function closeDueMotions(deps: CoreDeps, batch = 100): Promise<number> {
  let closed = 0;
  for (;;) {
    const due = await deps.store.read.dueMotions(deps.clock.now(), batch);
    if (due.length === 0) return closed;
    let round = 0;
    for (const m of due) {
      try {
        const r = await closeMotion(deps, m.id, 'deadline');
        if (r.ok && r.value) {
          closed++;
          round++;
        }
      } catch (e) {
        deps.log.error({ err: e, motionId: m.id }, 'closing a due motion failed; it will be retried');
        return closed;
      }
    }
    if (due.length < batch || round === 0) return closed;
  }
}
