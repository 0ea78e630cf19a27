import type { Motion } from '../model/entities.js';
import type { MotionId } from '../shared/ids.js';
import type { StoreReads } from '../ports/store.port.js';

export interface LiveTally {
  readonly motion: Motion;
  readonly ballots: number;
  /** Per answer (yes/no/abstain, or option index → approvals / first preferences); null for a secret ballot. */
  readonly counts: Readonly<Record<string, number>> | null;
}

/**
 * What a motion announcement may show while voting is open: how many have
 * voted, and, unless the ballot is secret, the running count.
 */
export async function liveTally(reads: StoreReads, motionId: MotionId): Promise<LiveTally | null> {
  const motion = await reads.motion(motionId);
  if (!motion) return null;
  if (motion.secret) return { motion, ballots: await reads.countBallots(motion.id), counts: null };
  const ballots = await reads.ballots(motion.id);
  const counts: Record<string, number> = {};
  const add = (k: string): void => {
    counts[k] = (counts[k] ?? 0) + 1;
  };
  for (const b of ballots) {
    if (b.choice.kind === 'yes-no-abstain') add(b.choice.value);
    else if (b.choice.kind === 'approval') b.choice.approved.forEach((i) => add(String(i)));
    else if (b.choice.ranking[0] !== undefined) add(String(b.choice.ranking[0]));
  }
  return { motion, ballots: ballots.length, counts };
}
