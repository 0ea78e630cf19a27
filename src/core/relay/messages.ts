import { storedText, type StoredMessage } from '../i18n/stored.js';
import { motionAnnouncement } from '../messages/motion-messages.js';
import { publicMessage, type OutMessage } from '../messages/message.js';
import type { Assembly, Motion } from '../model/entities.js';
import { ENGLISH, roomSpeech, selector, type Speech } from '../i18n/index.js';
import { lineDiff } from './diff.js';
import { describeRule, notReached, proposalRef, type Proposal, type ProposalVersion, type ReferralStatus, type SubtreeTally } from './model.js';
import type { CascadeAction } from './outbox.js';

/*
 * What the relay tells assemblies: each message in the language of the
 * assembly whose rooms hear it (`roomSpeech`, its `assembly policy language`).
 */

/** The announcement of a referral in each room of the receiving assembly, carrying the response motion's vote controls. */
export function referralAnnouncement(a: { assembly: Assembly; motion: Motion; proposal: Proposal; version: ProposalVersion; previous: ProposalVersion | null; originName: string; now?: Date }): OutMessage {
  const t = roomSpeech(a.assembly.policy);
  const base = motionAnnouncement(a.assembly, a.motion, undefined, t);
  const ref = proposalRef(a.proposal);
  const changed = a.previous ? `\n\n${t.t('relay.referral.changed', { version: a.version.version, previous: a.previous.version, hasNote: a.version.changeNote ? 'yes' : 'no', note: a.version.changeNote ?? '', diff: lineDiff(a.previous.text, a.version.text) })}` : '';
  // The proposal's deadline, relative to when it is offered and absolute, in the receiving assembly's zone.
  const deadline = a.proposal.deadline ? ` ${t.t('relay.referral.deadline', { deadline: a.now ? t.deadline(a.proposal.deadline, a.now) : t.date(a.proposal.deadline) })}` : '';
  return {
    ...base,
    title: t.t('relay.referral.title', { assembly: a.assembly.name, ref, version: a.version.version, origin: a.originName, number: a.motion.number }),
    body: `${a.version.title}\n\n${a.version.text}${changed}\n\n${t.t('relay.referral.binds', { rule: describeRule(a.proposal.adoptionRule, t) })}${deadline}\n\n${t.t('relay.how', { ref })}`,
  };
}

/** Told to every assembly in the tree when the proposal is adopted or ends. */
export function cascadeAnnouncement(action: CascadeAction, assembly: Assembly, proposal: Proposal, version: ProposalVersion, status: ReferralStatus | null): OutMessage {
  const t = roomSpeech(assembly.policy);
  const ref = `${proposalRef(proposal)} v${version.version}`;
  if (action === 'adopted') {
    const binding = t.t('relay.adopted.binding', { assembly: assembly.name, status: status === 'accepted' || status === 'pending' ? status : 'other' });
    return publicMessage(t.t('relay.adopted.title', { assembly: assembly.name, ref }), `${version.title}\n\n${binding}`, { tone: 'success', ref: `proposal:${proposal.id}:${version.version}:adopted` });
  }
  return publicMessage(t.t('relay.ended.title', { assembly: assembly.name, ref, action }), t.t('relay.ended.body', { title: version.title, action }), { tone: 'warning', ref: `proposal:${proposal.id}:${version.version}:${action}` });
}

/** Told below a branch that did not take a proposal on: adopted elsewhere, never offered here, binding nobody here. */
export function adoptedNotOffered(assembly: Assembly, proposal: Proposal, version: ProposalVersion, via: Assembly, viaStatus: ReferralStatus): OutMessage {
  const t = roomSpeech(assembly.policy);
  return publicMessage(
    t.t('relay.notOffered.title', { assembly: assembly.name, ref: proposalRef(proposal), version: version.version }),
    t.t('relay.notOffered.body', { title: version.title, assembly: assembly.name, via: via.name, why: selector(viaStatus) }),
    { tone: 'info', ref: `proposal:${proposal.id}:${version.version}:adopted` },
  );
}

export function tallyLine(tally: SubtreeTally, t: Speech = ENGLISH): string {
  return t.t('relay.tally', { accepted: tally.accepted, rejected: tally.rejected, amend: tally.amendRequested, pending: tally.pending, unreached: notReached(tally), locals: tally.localTotal, members: tally.membersCovered });
}

export function issuedMessage(origin: Assembly, proposal: Proposal, version: ProposalVersion, children: number, locals: number): OutMessage {
  const t = roomSpeech(origin.policy);
  const ref = proposalRef(proposal);
  return publicMessage(
    t.t('relay.issued.title', { origin: origin.name, ref, version: version.version }),
    t.t('relay.issued.body', { title: version.title, rule: describeRule(proposal.adoptionRule, t), children, locals, ref }),
    { tone: 'success' },
  );
}

export function adoptedAtOrigin(origin: Assembly, proposal: Proposal, version: ProposalVersion, root: SubtreeTally): OutMessage {
  const t = roomSpeech(origin.policy);
  return publicMessage(t.t('relay.adoptedAtOrigin.title', { origin: origin.name, ref: proposalRef(proposal), version: version.version }), t.t('relay.adoptedAtOrigin.body', { title: version.title, tally: tallyLine(root, t) }), { tone: 'success' });
}

/** An assembly of delegates rejected (or asked to amend): its branch stops, and its parent hears why. */
export function branchStopped(parent: Assembly, child: Assembly, proposal: Proposal, version: number, status: 'rejected' | 'amend-requested', text: string | null, message?: StoredMessage): OutMessage {
  const t = roomSpeech(parent.policy);
  const which = selector(status);
  return publicMessage(
    t.t('relay.branchStopped.title', { parent: parent.name, child: child.name, status: which, ref: proposalRef(proposal), version }),
    t.t('relay.branchStopped.body', { hasText: text ? 'yes' : 'no', status: which, text: text ? storedText(t, text, message) : '', child: child.name }),
    { tone: 'warning' },
  );
}

/** Amendment requests reach the origin grouped: identical texts together, most requested first. */
export function amendmentDigest(origin: Assembly, proposal: Proposal, version: number, total: number, groups: readonly { text: string; assemblies: readonly string[] }[]): OutMessage {
  const t = roomSpeech(origin.policy);
  const ref = proposalRef(proposal);
  const lines = groups.slice(0, 10).map((g) => `• (${g.assemblies.length}) ${g.text} — ${g.assemblies.slice(0, 5).join(', ')}${g.assemblies.length > 5 ? ', …' : ''}`);
  return publicMessage(t.t('relay.amendDigest.title', { origin: origin.name, total, ref, version }), t.t('relay.amendDigest.body', { lines: lines.join('\n'), ref }), { tone: 'info' });
}

export function groupAmendments(rows: readonly { amendmentText: string | null; assemblyName: string }[]): { text: string; assemblies: string[] }[] {
  const groups = new Map<string, { text: string; assemblies: string[] }>();
  for (const r of rows) {
    const text = (r.amendmentText ?? '').trim();
    const key = text.toLowerCase().replace(/\s+/g, ' ');
    const g = groups.get(key) ?? { text, assemblies: [] };
    g.assemblies.push(r.assemblyName);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.assemblies.length - a.assemblies.length);
}
