import type { Speech } from '../i18n/speech.js';
import type { Motion, MotionResult } from '../model/entities.js';
import type { Ratio } from '../model/policy.js';

const pct = (n: number, d: number): number => (d > 0 ? Math.round((n / d) * 1000) / 10 : 0);
const share = (t: Speech, r: Ratio): string => t.t('result.summary.share', { strict: r.strict ? 'yes' : 'no', num: r.num, den: r.den });

/**
 * The line under a result, in the reader's words. The result keeps the
 * summary the count wrote (English, with the record); this words the same
 * facts from the stored tally, the motion's rules and, for ranked counts, the
 * rounds or stages the stored summary names. A summary it cannot read is
 * shown as stored.
 */
export function resultSummary(motion: Pick<Motion, 'method' | 'quorum' | 'threshold'>, r: MotionResult, t: Speech): string {
  if (motion.method === 'yes-no-abstain') {
    const yes = r.tally.yes ?? 0;
    const no = r.tally.no ?? 0;
    const abstain = r.tally.abstain ?? 0;
    const decisive = yes + no;
    const turnout = t.t('result.summary.turnout', { cast: r.ballots, eligible: r.eligible, percent: pct(r.ballots, r.eligible), needed: share(t, motion.quorum) });
    const support = t.t('result.summary.support', { yes, decisive, percent: pct(yes, decisive), needed: share(t, motion.threshold) });
    if (!r.quorumMet) return t.t('result.summary.quorumFailed', { turnout });
    if (yes === 0) return decisive === 0 ? t.t('result.summary.nobodyDecided', { abstain }) : t.t('result.summary.noYes', { no, abstain });
    return r.outcome === 'passed' ? t.t('result.summary.passed', { support, turnout }) : t.t('result.summary.thresholdFailed', { support });
  }
  if (r.outcome === 'failed') return r.quorumMet ? t.t('result.summary.noBallots') : t.t('result.summary.quorumNotMet');
  if (motion.method === 'approval') return t.t('result.summary.approval', { lot: /by lot/.test(r.summary) ? 'yes' : 'no' });
  const rounds = /in (\d+) rounds?/.exec(r.summary)?.[1];
  if (rounds !== undefined && r.summary.startsWith('Instant-runoff')) return t.t('result.summary.irv', { rounds: Number(rounds) });
  const stv = /Droop quota (\d+)\) in (\d+) stages?/.exec(r.summary);
  if (stv) return t.t('result.summary.stv', { quota: Number(stv[1]), stages: Number(stv[2]) });
  return r.summary;
}
