/**
 * Yes / no / abstain with a quorum and a threshold, decided in exact
 * integer arithmetic (cross-multiplied with BigInt), so 2 of 3 meets "at
 * least 2/3" however the fraction would round in floating point.
 *
 * - Quorum: the share of eligible members who cast any ballot, abstentions
 *   included.
 * - Threshold: the share of yes among yes + no; abstentions count for the
 *   quorum only.
 * - Whether a share must be reached ("at least") or beaten ("more than") is
 *   always stated: a simple majority is more than 1/2, two thirds is at
 *   least 2/3.
 * - A motion never passes without at least one yes vote, whatever the
 *   threshold (a threshold of 0 would otherwise pass on silence).
 */
import { ok, type DomainError, type Err, type Result } from '../shared/result.js';
import { errT } from '../i18n/localized.js';

export type YesNoChoice = 'yes' | 'no' | 'abstain';
export type Comparison = 'at-least' | 'more-than';

/** A required share num/den, reached or beaten as `comparison` says. */
export interface Share {
  readonly num: number;
  readonly den: number;
  readonly comparison: Comparison;
}

export const SIMPLE_MAJORITY: Share = { num: 1, den: 2, comparison: 'more-than' };
export const TWO_THIRDS: Share = { num: 2, den: 3, comparison: 'at-least' };
export const NO_QUORUM: Share = { num: 0, den: 1, comparison: 'at-least' };

/** Reads the motion model's ratio, where `strict` means "more than". */
export function shareFromRatio(r: { readonly num: number; readonly den: number; readonly strict: boolean }): Share {
  return { num: r.num, den: r.den, comparison: r.strict ? 'more-than' : 'at-least' };
}

export interface YesNoTally {
  readonly yes: number;
  readonly no: number;
  readonly abstain: number;
}

export interface YesNoInput {
  /** Members entitled to vote. */
  readonly eligible: number;
  /** The ballots, or their tally. */
  readonly ballots: readonly YesNoChoice[] | YesNoTally;
  readonly quorum: Share;
  readonly threshold: Share;
}

export type YesNoReason = 'passed' | 'quorum-not-met' | 'no-yes-votes' | 'threshold-not-met';

export interface YesNoResult {
  readonly tally: YesNoTally;
  /** Ballots cast, abstentions included. */
  readonly cast: number;
  readonly eligible: number;
  /** cast / eligible, as an exact fraction. */
  readonly turnout: { readonly num: number; readonly den: number };
  readonly quorumMet: boolean;
  readonly thresholdMet: boolean;
  readonly outcome: 'passed' | 'failed';
  readonly reasonCode: YesNoReason;
  /** One sentence a member can read. */
  readonly reason: string;
}

/** Whether part/whole reaches (or beats) the share; an empty whole meets only a zero "at least". */
export function meetsShare(part: number, whole: number, share: Share): boolean {
  if (whole === 0) return share.comparison === 'at-least' && share.num === 0;
  const left = BigInt(part) * BigInt(share.den);
  const right = BigInt(share.num) * BigInt(whole);
  return share.comparison === 'at-least' ? left >= right : left > right;
}

function checkShare(name: 'quorum' | 'threshold', s: Share): Err<DomainError> | null {
  if (!Number.isSafeInteger(s.num) || !Number.isSafeInteger(s.den) || s.den < 1 || s.num < 0 || s.num > s.den) return errT('bad-input', 'count.shareFraction', { name, got: `${s.num}/${s.den}` });
  // Shares often come from stored JSON, where the type is only a hope.
  const comparison: string = s.comparison;
  if (comparison !== 'at-least' && comparison !== 'more-than') return errT('bad-input', 'count.shareComparison', { name });
  return null;
}

const percent = (num: number, den: number): string => (den === 0 ? '0%' : `${Math.round((num * 1000) / den) / 10}%`);
const describeShare = (s: Share): string => `${s.comparison === 'at-least' ? 'at least' : 'more than'} ${s.num}/${s.den}`;

function tallyOf(ballots: YesNoInput['ballots']): YesNoTally {
  if (!Array.isArray(ballots)) return ballots as YesNoTally;
  const t = { yes: 0, no: 0, abstain: 0 };
  for (const b of ballots as readonly YesNoChoice[]) t[b] += 1;
  return t;
}

export function countYesNo(input: YesNoInput): Result<YesNoResult> {
  const problem = checkShare('quorum', input.quorum) ?? checkShare('threshold', input.threshold);
  if (problem) return problem;
  const tally = tallyOf(input.ballots);
  const { yes, no, abstain } = tally;
  if (![yes, no, abstain].every((n) => Number.isSafeInteger(n) && n >= 0)) return errT('bad-input', 'count.wholeVotes');
  const { eligible } = input;
  if (!Number.isSafeInteger(eligible) || eligible < 0) return errT('bad-input', 'count.wholeEligible');
  const cast = yes + no + abstain;
  if (cast > eligible) return errT('bad-input', 'count.castOverEligible', { cast, eligible });

  const quorumMet = meetsShare(cast, eligible, input.quorum);
  const decisive = yes + no;
  const thresholdMet = yes > 0 && meetsShare(yes, decisive, input.threshold);
  const turnoutText = `${cast} of ${eligible} eligible members voted (${percent(cast, eligible)}); ${describeShare(input.quorum)} needed`;
  const supportText = `${yes} yes of ${decisive} yes-or-no votes (${percent(yes, decisive)}); ${describeShare(input.threshold)} needed`;
  let reasonCode: YesNoReason;
  let reason: string;
  if (!quorumMet) {
    reasonCode = 'quorum-not-met';
    reason = `Failed: quorum not met. ${turnoutText}.`;
  } else if (yes === 0) {
    reasonCode = 'no-yes-votes';
    reason = decisive === 0 ? `Failed: nobody voted yes or no (${abstain} abstained).` : `Failed: no yes votes (${no} no, ${abstain} abstained).`;
  } else if (!thresholdMet) {
    reasonCode = 'threshold-not-met';
    reason = `Failed: ${supportText}.`;
  } else {
    reasonCode = 'passed';
    reason = `Passed: ${supportText}. Quorum met: ${turnoutText}.`;
  }
  return ok({
    tally: { yes, no, abstain },
    cast,
    eligible,
    turnout: { num: cast, den: eligible },
    quorumMet,
    thresholdMet,
    outcome: reasonCode === 'passed' ? 'passed' : 'failed',
    reasonCode,
    reason,
  });
}
