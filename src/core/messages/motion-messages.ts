import type { Assembly, Motion, MotionResult } from '../model/entities.js';
import { formatRatio } from '../model/policy.js';
import { publicMessage, type MessageField, type OutMessage, type VoteControls } from './message.js';

export function controlsOf(motion: Motion): VoteControls {
  return {
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

const when = (d: Date | null): string => (d ? d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—');

function howToVote(motion: Motion): string {
  switch (motion.method) {
    case 'yes-no-abstain':
      return `\`vote ${motion.number} yes|no|abstain\``;
    case 'approval':
      return `\`vote ${motion.number} 1,3\` (every option you approve)`;
    case 'ranked':
      return `\`vote ${motion.number} 2>1>3\` (best first)`;
  }
}

export function motionFields(motion: Motion): MessageField[] {
  const fields: MessageField[] = [
    { name: 'Kind', value: motion.kind, inline: true },
    { name: 'Method', value: motion.method + (motion.seats > 1 ? ` (${motion.seats} seats)` : ''), inline: true },
    { name: 'Status', value: motion.status, inline: true },
    { name: 'Quorum', value: formatRatio(motion.quorum), inline: true },
    { name: 'Threshold', value: motion.method === 'yes-no-abstain' ? formatRatio(motion.threshold) : 'most support', inline: true },
    { name: 'Ballot', value: motion.secret ? 'secret (tallies only)' : 'open', inline: true },
  ];
  if (motion.status === 'proposed') fields.push({ name: 'Seconds needed', value: String(motion.secondsRequired), inline: true });
  if (motion.closesAt && (motion.status === 'open' || motion.status === 'proposed')) fields.push({ name: motion.status === 'open' ? 'Closes' : 'Lapses', value: when(motion.closesAt), inline: true });
  if (motion.options.length > 0) fields.push({ name: 'Options', value: motion.options.map((o, i) => `${i + 1}. ${o}`).join('\n') });
  return fields;
}

/** Posted in every bound room when a motion opens for voting (or waits for seconds). */
export function motionAnnouncement(assembly: Assembly, motion: Motion, effect?: string): OutMessage {
  const head = motion.status === 'open' ? `Motion #${motion.number} is open for voting` : `Motion #${motion.number} was moved and needs ${motion.secondsRequired} second(s)`;
  const lines = [motion.title, motion.body, effect ? `Effect if passed: ${effect}.` : '', motion.status === 'open' ? `To vote: ${howToVote(motion)}` : `To second: \`motion second ${motion.number}\``];
  return publicMessage(`${assembly.name} · ${head}`, lines.filter((l) => l !== '').join('\n\n'), {
    fields: motionFields(motion),
    ...(motion.status === 'open' ? { controls: controlsOf(motion) } : {}),
    ...(motion.status === 'open' && assembly.policy.threads ? { discussion: { title: `#${motion.number} ${motion.title}` } } : {}),
    ref: `motion:${motion.id}`,
  });
}

export function tallyLines(motion: Motion, result: MotionResult): string {
  if (motion.method === 'yes-no-abstain') {
    return `Yes ${result.tally.yes ?? 0} · No ${result.tally.no ?? 0} · Abstain ${result.tally.abstain ?? 0}`;
  }
  return motion.options.map((o, i) => `${i + 1}. ${o}: ${result.tally[String(i)] ?? 0}${result.winners.includes(i) ? ' ✔' : ''}`).join('\n');
}

/** Who ends a motion as withdrawn: its mover, or for a proposal's response motion, the proposal's end in this assembly (withdrawn above, or this assembly left). */
export function withdrawnBy(motion: Pick<Motion, 'kind'>): string {
  return motion.kind === 'proposal-response' ? 'because its proposal ended here' : 'by its mover';
}

/** Posted in every bound room when a motion closes: tally, turnout, quorum, outcome. */
export function resultMessage(assembly: Assembly, motion: Motion, effect?: string): OutMessage {
  const r = motion.result;
  if (!r) {
    const why = motion.status === 'withdrawn' ? `Withdrawn ${withdrawnBy(motion)} before it closed: no ballot is counted.` : '';
    return publicMessage(`${assembly.name} · Motion #${motion.number} ${motion.status}`, [motion.title, why].filter((l) => l !== '').join('\n\n'), { tone: 'warning', ref: `motion:${motion.id}`, controls: { ...controlsOf(motion), closed: true } });
  }
  const turnout = r.eligible > 0 ? Math.round((r.ballots / r.eligible) * 1000) / 10 : 0;
  const fields: MessageField[] = [
    { name: 'Outcome', value: r.outcome === 'passed' ? 'PASSED' : 'FAILED', inline: true },
    { name: 'Turnout', value: `${r.ballots} of ${r.eligible} (${turnout}%)`, inline: true },
    { name: 'Quorum', value: `${formatRatio(motion.quorum)} — ${r.quorumMet ? 'met' : 'not met'}`, inline: true },
    { name: 'Tally', value: tallyLines(motion, r) },
  ];
  if (r.winners.length > 0 && motion.method !== 'yes-no-abstain') fields.push({ name: motion.seats > 1 ? 'Elected' : 'Chosen', value: r.winners.map((w) => motion.options[w] ?? `#${w + 1}`).join(', ') });
  const body = [motion.title, r.summary, r.outcome === 'passed' && effect ? `Effect: ${effect}.` : ''].filter((l) => l !== '').join('\n\n');
  return publicMessage(`${assembly.name} · Motion #${motion.number} ${r.outcome}`, body, {
    tone: r.outcome === 'passed' ? 'success' : 'warning',
    fields,
    controls: { ...controlsOf(motion), closed: true },
    ref: `motion:${motion.id}`,
  });
}
