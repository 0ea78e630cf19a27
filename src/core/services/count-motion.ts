import { countApproval, countIrv, countStv, countYesNo, meetsShare, shareFromRatio, type YesNoChoice, type YesNoTally } from '../counting/index.js';
import type { Ballot, Motion, MotionResult } from '../model/entities.js';
import type { Result } from '../shared/result.js';

/** The stored summary (English, kept with the result): counted words, never "round(s)". */
const plural = (n: number, word: string): string => `${String(n)} ${word}${n === 1 ? '' : 's'}`;

function must<T>(r: Result<T>): T {
  // Ballots were validated when cast; a refusal here means stored data is corrupt, which audit must surface.
  if (!r.ok) throw new Error(`count refused stored ballots: ${r.error.message}`);
  return r.value;
}

/**
 * Counts a motion's current ballots by its method. Pure and deterministic, so
 * `audit verify` can recount from the stored ballots and compare. `eligible`
 * is the number of active members when the motion closed.
 */
/** What counting reads of a motion (an exported record has no ids). */
export type CountableMotion = Pick<Motion, 'method' | 'quorum' | 'threshold' | 'options' | 'seats'>;

export function countMotion(motion: CountableMotion, ballots: readonly Pick<Ballot, 'choice'>[] | YesNoTally, eligible: number): MotionResult {
  const quorum = shareFromRatio(motion.quorum);
  if (motion.method === 'yes-no-abstain') {
    const input: readonly YesNoChoice[] | YesNoTally = 'yes' in ballots ? ballots : ballots.map((b) => (b.choice.kind === 'yes-no-abstain' ? b.choice.value : 'abstain'));
    const r = must(countYesNo({ eligible, ballots: input, quorum, threshold: shareFromRatio(motion.threshold) }));
    return { outcome: r.outcome, eligible, ballots: r.cast, quorumMet: r.quorumMet, summary: r.reason, tally: { ...r.tally }, winners: [] };
  }
  if ('yes' in ballots) throw new Error('a tally counts yes/no motions only');
  const quorumMet = meetsShare(ballots.length, eligible, quorum);
  const optionCount = motion.options.length;
  if (motion.method === 'approval') {
    const r = must(countApproval({ optionCount, seats: motion.seats, ballots: ballots.map((b) => (b.choice.kind === 'approval' ? b.choice.approved : [])) }));
    const tally = Object.fromEntries(r.counts.map((c) => [String(c.option), c.approvals]));
    const passed = quorumMet && ballots.length > 0;
    return {
      outcome: passed ? 'passed' : 'failed',
      eligible,
      ballots: ballots.length,
      quorumMet,
      summary: passed ? `Chosen by approval voting${r.decidedByLot.length > 0 ? ' (a tie for the last place was decided by lot)' : ''}.` : quorumMet ? 'No ballots were cast.' : 'The quorum was not met.',
      tally,
      winners: passed ? [...r.winners] : [],
    };
  }
  const rankings = ballots.map((b) => (b.choice.kind === 'ranked' ? b.choice.ranking : []));
  const firsts = new Array<number>(optionCount).fill(0);
  for (const r of rankings) if (r[0] !== undefined) firsts[r[0]] = (firsts[r[0]] ?? 0) + 1;
  const tally = Object.fromEntries(firsts.map((n, i) => [String(i), n]));
  if (!quorumMet || ballots.length === 0) {
    return { outcome: 'failed', eligible, ballots: ballots.length, quorumMet, summary: quorumMet ? 'No ballots were cast.' : 'The quorum was not met.', tally, winners: [] };
  }
  if (motion.seats === 1) {
    const r = must(countIrv({ candidateCount: optionCount, ballots: rankings }));
    return { outcome: 'passed', eligible, ballots: ballots.length, quorumMet, summary: `Instant-runoff count in ${plural(r.rounds.length, 'round')}; the tally shows first preferences.`, tally, winners: [r.winner] };
  }
  const r = must(countStv({ candidateCount: optionCount, seats: motion.seats, ballots: rankings }));
  return {
    outcome: 'passed',
    eligible,
    ballots: ballots.length,
    quorumMet,
    // `quota` is already in whole votes (only the count's internal totals are scaled).
    summary: `Single transferable vote (Droop quota ${r.quota}) in ${plural(r.stages.length, 'stage')}; the tally shows first preferences.`,
    tally,
    winners: [...r.winners],
  };
}
