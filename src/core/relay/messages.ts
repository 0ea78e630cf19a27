import { motionAnnouncement } from '../messages/motion-messages.js';
import { publicMessage, type OutMessage } from '../messages/message.js';
import type { Assembly, Motion } from '../model/entities.js';
import { lineDiff } from './diff.js';
import { describeRule, notReached, proposalRef, type Proposal, type ProposalVersion, type ReferralStatus, type SubtreeTally } from './model.js';
import type { CascadeAction } from './outbox.js';

const how = (p: Proposal): string =>
  `Vote on the motion below to accept (yes) or reject (no). To give reasons or ask for an amendment instead: \`proposal respond ${proposalRef(p)} reject --text "why"\` / \`proposal respond ${proposalRef(p)} amend --text "what to change"\`. Full text and tree: \`proposal show ${proposalRef(p)}\`, \`proposal status ${proposalRef(p)}\`.`;

/** The announcement of a referral in each room of the receiving assembly, carrying the response motion's vote controls. */
export function referralAnnouncement(a: { assembly: Assembly; motion: Motion; proposal: Proposal; version: ProposalVersion; previous: ProposalVersion | null; originName: string }): OutMessage {
  const base = motionAnnouncement(a.assembly, a.motion);
  const changed = a.previous ? `\n\nThis is version ${a.version.version}; it replaces version ${a.previous.version}${a.version.changeNote ? ` (${a.version.changeNote})` : ''}. What changed:\n${lineDiff(a.previous.text, a.version.text)}` : '';
  return {
    ...base,
    title: `${a.assembly.name} · Proposal ${proposalRef(a.proposal)} v${a.version.version} from ${a.originName}: motion #${a.motion.number} is open`,
    body: `${a.version.title}\n\n${a.version.text}${changed}\n\n${describeRule(a.proposal.adoptionRule)}; it binds only the assemblies that accept it.${a.proposal.deadline ? ` Deadline: ${a.proposal.deadline.toISOString()}.` : ''}\n\n${how(a.proposal)}`,
  };
}

const ENDED: Record<Exclude<CascadeAction, 'adopted'>, string> = {
  superseded: 'was replaced by a newer version, so the vote on this version is closed. The new version comes with a vote of its own: straight away where the drafters are your parent, otherwise once the assembly above you accepts it',
  withdrawn: 'was withdrawn by the assembly that drafted it; any open vote on it is closed',
  expired: 'reached its deadline; any open vote on it is closed and decisions taken stand',
};

/** Told to every assembly in the tree when the proposal is adopted or ends. */
export function cascadeAnnouncement(action: CascadeAction, assembly: Assembly, proposal: Proposal, version: ProposalVersion, status: ReferralStatus | null): OutMessage {
  const ref = `${proposalRef(proposal)} v${version.version}`;
  if (action === 'adopted') {
    const binding = status === 'accepted' ? `${assembly.name} accepted it, so it binds ${assembly.name}.` : `It does not bind ${assembly.name}, which has not accepted it${status === 'pending' ? '; you may still accept it while it stays open' : ''}.`;
    return publicMessage(`${assembly.name} · Proposal ${ref} is adopted`, `${version.title}\n\n${binding}`, { tone: 'success', ref: `proposal:${proposal.id}:${version.version}:adopted` });
  }
  return publicMessage(`${assembly.name} · Proposal ${ref} ${action}`, `${version.title} ${ENDED[action]}.`, { tone: 'warning', ref: `proposal:${proposal.id}:${version.version}:${action}` });
}

/** Told below a branch that did not take a proposal on: adopted elsewhere, never offered here, binding nobody here. */
export function adoptedNotOffered(assembly: Assembly, proposal: Proposal, version: ProposalVersion, via: Assembly, viaStatus: ReferralStatus): OutMessage {
  const why = viaStatus === 'rejected' ? `${via.name} rejected it` : viaStatus === 'amend-requested' ? `${via.name} asked for it to be amended` : `${via.name} has not accepted it`;
  return publicMessage(
    `${assembly.name} · For your information: proposal ${proposalRef(proposal)} v${version.version} was adopted`,
    `${version.title}\n\nIt was adopted in the federation, but it was never offered to ${assembly.name}: ${why}, so it went no further on this branch. It does not bind ${assembly.name}, and nothing here needs a vote.`,
    { tone: 'info', ref: `proposal:${proposal.id}:${version.version}:adopted` },
  );
}

export function tallyLine(t: SubtreeTally): string {
  const unreached = notReached(t);
  return `${t.accepted} accepted · ${t.rejected} rejected · ${t.amendRequested} asked to amend · ${t.pending} pending${unreached > 0 ? ` · ${unreached} not reached` : ''} (of ${t.localTotal} local assembl${t.localTotal === 1 ? 'y' : 'ies'}; ${t.membersCovered} members covered)`;
}

export function issuedMessage(origin: Assembly, proposal: Proposal, version: ProposalVersion, children: number, locals: number): OutMessage {
  return publicMessage(
    `${origin.name} · Proposal ${proposalRef(proposal)} v${version.version} issued`,
    `${version.title}\n\n${describeRule(proposal.adoptionRule)}. It is being offered to ${children} member assembl${children === 1 ? 'y' : 'ies'} (${locals} local assemblies in scope). Follow it with: \`proposal status ${proposalRef(proposal)}\``,
    { tone: 'success' },
  );
}

export function adoptedAtOrigin(origin: Assembly, proposal: Proposal, version: ProposalVersion, root: SubtreeTally): OutMessage {
  return publicMessage(`${origin.name} · Proposal ${proposalRef(proposal)} v${version.version} is adopted`, `${version.title}\n\n${tallyLine(root)}.\nIt binds only the accepting assemblies; others may still accept while it stays open.`, { tone: 'success' });
}

/** An assembly of delegates rejected (or asked to amend): its branch stops, and its parent hears why. */
export function branchStopped(parent: Assembly, child: Assembly, proposal: Proposal, version: number, status: 'rejected' | 'amend-requested', text: string | null): OutMessage {
  const what = status === 'rejected' ? 'rejected' : 'asked to amend';
  return publicMessage(`${parent.name} · ${child.name} ${what} ${proposalRef(proposal)} v${version}`, `${text ? `${status === 'rejected' ? 'Reasons' : 'Amendment'}: ${text}\n\n` : ''}The proposal goes no further below ${child.name}.`, { tone: 'warning' });
}

/** Amendment requests reach the origin grouped: identical texts together, most requested first. */
export function amendmentDigest(origin: Assembly, proposal: Proposal, version: number, total: number, groups: readonly { text: string; assemblies: readonly string[] }[]): OutMessage {
  const lines = groups.slice(0, 10).map((g) => `• (${g.assemblies.length}) ${g.text} — ${g.assemblies.slice(0, 5).join(', ')}${g.assemblies.length > 5 ? ', …' : ''}`);
  return publicMessage(
    `${origin.name} · ${total} amendment request${total === 1 ? '' : 's'} on ${proposalRef(proposal)} v${version}`,
    `${lines.join('\n')}\n\nTo issue a new version: \`proposal amend ${proposalRef(proposal)} --text "…" --note "what changed"\`. All requests: \`proposal status ${proposalRef(proposal)}\``,
    { tone: 'info' },
  );
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
