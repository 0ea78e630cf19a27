import { node, renderStored, type StoredMessage } from '../i18n/stored.js';
import type { Speech } from '../i18n/speech.js';
import type { Motion, MotionResult } from '../model/entities.js';
import type { Ratio } from '../model/policy.js';

const pct = (n: number, d: number): number => (d > 0 ? Math.round((n / d) * 1000) / 10 : 0);
const share = (r: Ratio): StoredMessage => node('result.summary.share', { strict: r.strict ? 'yes' : 'no', num: r.num, den: r.den });

/**
 * The line under a result as a message: the same facts the count wrote in its
 * summary (English, with the record), from the stored tally, the motion's
 * rules and, for ranked counts, the rounds or stages the stored summary
 * names. Null for a summary it cannot read (shown as stored). Kept beside a
 * text that quotes the result (a referral's reason), so it reads in any language.
 */
export function resultSummaryMessage(motion: Pick<Motion, 'method' | 'quorum' | 'threshold'>, r: MotionResult): StoredMessage | null {
  if (motion.method === 'yes-no-abstain') {
    const yes = r.tally.yes ?? 0;
    const no = r.tally.no ?? 0;
    const abstain = r.tally.abstain ?? 0;
    const decisive = yes + no;
    const turnout = node('result.summary.turnout', { cast: r.ballots, eligible: r.eligible, percent: pct(r.ballots, r.eligible), needed: share(motion.quorum) });
    const support = node('result.summary.support', { yes, decisive, percent: pct(yes, decisive), needed: share(motion.threshold) });
    if (!r.quorumMet) return node('result.summary.quorumFailed', { turnout });
    if (yes === 0) return decisive === 0 ? node('result.summary.nobodyDecided', { abstain }) : node('result.summary.noYes', { no, abstain });
    return r.outcome === 'passed' ? node('result.summary.passed', { support, turnout }) : node('result.summary.thresholdFailed', { support });
  }
  if (r.outcome === 'failed') return r.quorumMet ? node('result.summary.noBallots') : node('result.summary.quorumNotMet');
  if (motion.method === 'approval') return node('result.summary.approval', { lot: /by lot/.test(r.summary) ? 'yes' : 'no' });
  const rounds = /in (\d+) rounds?/.exec(r.summary)?.[1];
  if (rounds !== undefined && r.summary.startsWith('Instant-runoff')) return node('result.summary.irv', { rounds: Number(rounds) });
  const stv = /Droop quota (\d+)\) in (\d+) stages?/.exec(r.summary);
  if (stv) return node('result.summary.stv', { quota: Number(stv[1]), stages: Number(stv[2]) });
  return null;
}

/** The line under a result, in the reader's words; a summary it cannot read is shown as stored. */
export function resultSummary(motion: Pick<Motion, 'method' | 'quorum' | 'threshold'>, r: MotionResult, t: Speech): string {
  const m = resultSummaryMessage(motion, r);
  return m ? renderStored(t, m) : r.summary;
}
