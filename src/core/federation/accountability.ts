import type { Assembly, Ballot, Motion } from '../model/entities.js';
import type { Mandate } from '../model/federation.js';
import { publicMessage } from '../messages/message.js';
import type { StoreReads } from '../ports/store.port.js';
import { describeChoice } from '../services/choice.js';
import type { CoreDeps } from '../services/deps.js';
import type { MotionObserver } from '../services/motion-kinds.js';
import type { AssemblyId, PersonId } from '../shared/ids.js';

export interface RecordLine {
  readonly motion: Motion;
  readonly ballot: string;
  readonly voided: boolean;
  readonly mandate: 'followed' | 'broke' | null;
}

function mandateMark(mandates: readonly Mandate[], home: AssemblyId, b: Ballot | undefined): 'followed' | 'broke' | null {
  const m = mandates.find((x) => x.homeAssemblyId === home);
  if (!m) return null;
  if (!b) return 'broke';
  return b.choice.kind === 'yes-no-abstain' && m.instruction.kind === 'yes-no-abstain' && b.choice.value === m.instruction.value ? 'followed' : 'broke';
}

/**
 * What a home assembly may learn of one delegate's vote on one motion
 * upstairs: the one rule every report (record, digest) applies. On a secret
 * ballot that is only whether they voted, before and after the close: "broke
 * the mandate" would tell the home assembly how they voted.
 */
export function reportedVote(motion: Motion, b: Ballot | undefined, mandates: readonly Mandate[], home: AssemblyId): { readonly vote: string; readonly mandate: 'followed' | 'broke' | null } {
  if (motion.secret) return { vote: b ? 'voted (secret ballot)' : 'did not vote', mandate: null };
  return { vote: b ? describeChoice(motion, b.choice) : 'did not vote', mandate: mandateMark(mandates, home, b) };
}

/** One delegate's votes upstairs (newest first), each marked against the home assembly's mandate where the ballot is public. */
export async function delegateRecord(reads: StoreReads, personId: PersonId, home: AssemblyId, parent: AssemblyId, limit = 50): Promise<RecordLine[]> {
  const ballots = await reads.ballotsOf(personId, parent, limit);
  const lines: RecordLine[] = [];
  for (const b of ballots) {
    const motion = await reads.motion(b.motionId);
    if (!motion) continue;
    const reported = reportedVote(motion, b, await reads.mandates(motion.id), home);
    lines.push({ motion, ballot: reported.vote, voided: b.voided, mandate: reported.mandate });
  }
  return lines;
}

/**
 * After a motion closes in an assembly of delegates, each home assembly gets a
 * digest of how its delegates voted (and whether they followed its mandate).
 * Secret ballots upstairs are reported as cast, never as what.
 */
export const accountabilityDigest: MotionObserver = async (deps: CoreDeps, parent: Assembly, motion: Motion) => {
  if (parent.kind !== 'delegates' || !motion.result) return;
  const reads = deps.store.read;
  const seats = (await reads.seats({ parentAssemblyId: parent.id })).filter((s) => s.startedAt <= (motion.closedAt ?? new Date()) && (s.endedAt === null || (motion.opensAt !== null && s.endedAt >= motion.opensAt)));
  const homes = [...new Set(seats.map((s) => s.homeAssemblyId))];
  const mandates = await reads.mandates(motion.id);
  const current = new Map((await reads.ballots(motion.id)).map((b) => [b.personId, b]));
  for (const home of homes) {
    const lines: string[] = [];
    for (const seat of seats.filter((s) => s.homeAssemblyId === home)) {
      const person = await reads.person(seat.personId);
      const b = current.get(seat.personId);
      const reported = reportedVote(motion, b, mandates, home);
      const vote = !b && seat.status === 'recalled' ? 'recalled (ballot void)' : reported.vote;
      const mark = reported.mandate;
      lines.push(`• ${person?.displayName ?? '?'}: ${vote}${mark ? ` — ${mark === 'followed' ? 'followed the mandate' : 'BROKE the mandate'}` : ''}`);
    }
    await deps.announcer.announce(home, publicMessage(`Your delegates on ${parent.name} motion #${motion.number}: ${motion.title}`, `Outcome: ${motion.result.outcome}.\n${lines.join('\n')}`, { tone: 'info' }), `digest:${motion.id}:${home}`);
  }
};
