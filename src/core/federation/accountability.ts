import type { Assembly, Ballot, Motion } from '../model/entities.js';
import type { Mandate } from '../model/federation.js';
import { publicMessage } from '../messages/message.js';
import type { StoreReads } from '../ports/store.port.js';
import { describeChoice } from '../services/choice.js';
import type { CoreDeps } from '../services/deps.js';
import type { MotionObserver } from '../services/motion-kinds.js';
import type { AssemblyId, PersonId } from '../shared/ids.js';
import { ENGLISH, roomSpeech, type Speech } from '../i18n/index.js';

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
export function reportedVote(motion: Motion, b: Ballot | undefined, mandates: readonly Mandate[], home: AssemblyId, t: Speech = ENGLISH): { readonly vote: string; readonly mandate: 'followed' | 'broke' | null } {
  if (motion.secret) return { vote: t.t(b ? 'fed.vote.secret' : 'fed.vote.none'), mandate: null };
  return { vote: b ? describeChoice(motion, b.choice, t) : t.t('fed.vote.none'), mandate: mandateMark(mandates, home, b) };
}

/** One delegate's votes upstairs (newest first), each marked against the home assembly's mandate where the ballot is public. */
export async function delegateRecord(reads: StoreReads, personId: PersonId, home: AssemblyId, parent: AssemblyId, limit = 50, t: Speech = ENGLISH): Promise<RecordLine[]> {
  const ballots = await reads.ballotsOf(personId, parent, limit);
  const lines: RecordLine[] = [];
  for (const b of ballots) {
    const motion = await reads.motion(b.motionId);
    if (!motion) continue;
    const reported = reportedVote(motion, b, await reads.mandates(motion.id), home, t);
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
    // Each home assembly reads its digest in its own language.
    const t = roomSpeech((await reads.assembly(home))?.policy);
    const lines: string[] = [];
    for (const seat of seats.filter((s) => s.homeAssemblyId === home)) {
      const person = await reads.person(seat.personId);
      const b = current.get(seat.personId);
      const reported = reportedVote(motion, b, mandates, home, t);
      const vote = !b && seat.status === 'recalled' ? t.t('fed.vote.recalled') : reported.vote;
      lines.push(t.t('fed.digest.line', { name: person?.displayName ?? '?', vote, mark: reported.mandate ?? 'none' }));
    }
    const told = publicMessage(t.t('fed.digest.title', { parent: parent.name, number: motion.number, title: motion.title }), t.t('fed.digest.body', { outcome: motion.result.outcome, lines: lines.join('\n') }), { tone: 'info' });
    await deps.announcer.announce(home, told, `digest:${motion.id}:${home}`);
  }
};
