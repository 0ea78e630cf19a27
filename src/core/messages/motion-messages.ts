import type { Assembly, Motion, MotionResult } from '../model/entities.js';
import { formatRatio } from '../model/policy.js';
import { resultSummary } from './result-summary.js';
import { publicMessage, type MessageField, type OutMessage, type VoteControls } from './message.js';
import { roomSpeech } from '../i18n/audience.js';
import { selector } from '../i18n/localized.js';
import type { Speech } from '../i18n/speech.js';

export function controlsOf(motion: Motion, locale?: string): VoteControls {
  return {
    ...(locale === undefined ? {} : { locale }),
    motionId: motion.id,
    motionNumber: motion.number,
    assemblyId: motion.assemblyId,
    method: motion.method,
    options: motion.options,
    seats: motion.seats,
    secret: motion.secret,
    closed: motion.status !== 'open',
  };
}

function howToVote(motion: Motion, t: Speech): string {
  switch (motion.method) {
    case 'yes-no-abstain':
      return t.t('motion.howYesNo', { number: motion.number });
    case 'approval':
      return t.t('motion.howApproval', { number: motion.number });
    case 'ranked':
      return t.t('motion.howRanked', { number: motion.number });
  }
}

/** A motion's kind, method and status in the reader's words. */
export const kindName = (t: Speech, kind: string): string => t.t('motion.kind', { kind: selector(kind) });
export const methodName = (t: Speech, method: string): string => t.t('motion.method', { method: selector(method) });
export const statusName = (t: Speech, status: string): string => t.t('motion.status', { status: selector(status) });

/**
 * A motion's facts as fields; dates in the reader's time zone. Given `now`,
 * its close reads relative too: "in 2 days (Thu 10 Dec, 10:26 CET)".
 */
export function motionFields(motion: Motion, t: Speech, now?: Date): MessageField[] {
  const method = methodName(t, motion.method);
  const fields: MessageField[] = [
    { name: t.t('field.kind'), value: kindName(t, motion.kind), inline: true },
    { name: t.t('field.method'), value: motion.seats > 1 ? t.t('motion.methodSeats', { method, seats: motion.seats }) : method, inline: true },
    { name: t.t('field.status'), value: statusName(t, motion.status), inline: true },
    { name: t.t('field.quorum'), value: formatRatio(motion.quorum), inline: true },
    { name: t.t('field.threshold'), value: motion.method === 'yes-no-abstain' ? formatRatio(motion.threshold) : t.t('motion.mostSupport'), inline: true },
    { name: t.t('field.ballot'), value: motion.secret ? t.t('motion.ballotSecret') : t.t('motion.ballotOpen'), inline: true },
  ];
  if (motion.status === 'proposed') fields.push({ name: t.t('field.secondsNeeded'), value: String(motion.secondsRequired), inline: true });
  if (motion.closesAt && (motion.status === 'open' || motion.status === 'proposed')) fields.push({ name: motion.status === 'open' ? t.t('field.closes') : t.t('field.lapses'), value: now ? t.deadline(motion.closesAt, now) : t.date(motion.closesAt), inline: true });
  if (motion.options.length > 0) fields.push({ name: t.t('field.options'), value: motion.options.map((o, i) => `${i + 1}. ${o}`).join('\n') });
  return fields;
}

/**
 * Posted in every bound room when a motion opens for voting (or waits for
 * seconds), in the assembly's language and zone, its close relative to `now`
 * (by default the moment it opened: when it is posted; a motion waiting for
 * seconds has no such moment but the caller's clock).
 */
export function motionAnnouncement(assembly: Assembly, motion: Motion, effect?: string, t: Speech = roomSpeech(assembly.policy), now: Date | undefined = motion.opensAt ?? undefined): OutMessage {
  const title = motion.status === 'open' ? t.t('motion.open', { assembly: assembly.name, number: motion.number }) : t.t('motion.moved', { assembly: assembly.name, number: motion.number, seconds: motion.secondsRequired });
  const lines = [motion.title, motion.body, effect ? t.t('motion.effectIfPassed', { effect }) : '', motion.status === 'open' ? t.t('motion.toVote', { how: howToVote(motion, t) }) : t.t('motion.toSecond', { number: motion.number })];
  return publicMessage(title, lines.filter((l) => l !== '').join('\n\n'), {
    fields: motionFields(motion, t, now),
    ...(motion.status === 'open' ? { controls: controlsOf(motion, t.locale) } : {}),
    ...(motion.status === 'open' && assembly.policy.threads ? { discussion: { title: `#${motion.number} ${motion.title}` } } : {}),
    ref: `motion:${motion.id}`,
  });
}

export function tallyLines(motion: Motion, result: MotionResult, t: Speech): string {
  if (motion.method === 'yes-no-abstain') {
    return t.t('result.tallyYesNo', { yes: result.tally.yes ?? 0, no: result.tally.no ?? 0, abstain: result.tally.abstain ?? 0 });
  }
  return motion.options.map((o, i) => `${i + 1}. ${o}: ${result.tally[String(i)] ?? 0}${result.winners.includes(i) ? ' ✔' : ''}`).join('\n');
}

/** Who ends a motion as withdrawn: its mover, or for a proposal's response motion, the proposal's end in this assembly (withdrawn above, or this assembly left). */
export function withdrawnBy(motion: Pick<Motion, 'kind'>): 'proposal' | 'mover' {
  return motion.kind === 'proposal-response' ? 'proposal' : 'mover';
}

/** Posted in every bound room when a motion closes: tally, turnout, quorum, outcome. */
export function resultMessage(assembly: Assembly, motion: Motion, effect?: string, t: Speech = roomSpeech(assembly.policy)): OutMessage {
  const r = motion.result;
  if (!r) {
    const why = motion.status === 'withdrawn' ? t.t('result.withdrawn', { by: withdrawnBy(motion) }) : '';
    return publicMessage(t.t('result.title', { assembly: assembly.name, number: motion.number, status: statusName(t, motion.status) }), [motion.title, why].filter((l) => l !== '').join('\n\n'), { tone: 'warning', ref: `motion:${motion.id}`, controls: { ...controlsOf(motion, t.locale), closed: true } });
  }
  const turnout = r.eligible > 0 ? Math.round((r.ballots / r.eligible) * 1000) / 10 : 0;
  const fields: MessageField[] = [
    { name: t.t('field.outcome'), value: t.t('result.outcome', { outcome: r.outcome }), inline: true },
    { name: t.t('field.turnout'), value: t.t('result.turnout', { ballots: r.ballots, eligible: r.eligible, percent: turnout }), inline: true },
    { name: t.t('field.quorum'), value: t.t('result.quorum', { quorum: formatRatio(motion.quorum), met: r.quorumMet ? 'yes' : 'no' }), inline: true },
    { name: t.t('field.tally'), value: tallyLines(motion, r, t) },
  ];
  if (r.winners.length > 0 && motion.method !== 'yes-no-abstain') fields.push({ name: motion.seats > 1 ? t.t('field.elected') : t.t('field.chosen'), value: r.winners.map((w) => motion.options[w] ?? `#${w + 1}`).join(', ') });
  const body = [motion.title, resultSummary(motion, r, t), r.outcome === 'passed' && effect ? t.t('result.effect', { effect }) : ''].filter((l) => l !== '').join('\n\n');
  return publicMessage(t.t('result.title', { assembly: assembly.name, number: motion.number, status: statusName(t, r.outcome) }), body, {
    tone: r.outcome === 'passed' ? 'success' : 'warning',
    fields,
    controls: { ...controlsOf(motion, t.locale), closed: true },
    ref: `motion:${motion.id}`,
  });
}
