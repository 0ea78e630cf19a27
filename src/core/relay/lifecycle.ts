import type { Assembly, Motion } from '../model/entities.js';
import type { StoreTx } from '../ports/store.port.js';
import type { CoreDeps } from '../services/deps.js';
import type { FederationId, ProposalId } from '../shared/ids.js';
import { randomUUID } from 'node:crypto';
import { issuedMessage } from './messages.js';
import { LIVE_PROPOSAL, proposalRef, type AdoptionRule, type Proposal } from './model.js';
import { cascadeRows, deadlineRow, downRows, sendRows } from './outbox.js';

export interface VersionText {
  readonly title: string;
  readonly text: string;
  readonly changeNote: string | null;
}

/**
 * Issues a version from the origin, inside the closing transaction of the
 * draft motion that passed: the version, the origin's own referral (the root
 * of the relay tree, accepted by definition) and the first relay step. For a
 * new version of a live proposal the old version is superseded throughout.
 */
export async function issueVersion(
  tx: StoreTx,
  deps: CoreDeps,
  origin: Assembly,
  draft: Motion,
  text: VersionText,
  target: { kind: 'new'; federationId: FederationId; rule: AdoptionRule; deadline: Date | null } | { kind: 'amend'; proposal: Proposal },
): Promise<{ proposal: Proposal; children: number; locals: number }> {
  const now = deps.clock.now();
  let proposal: Proposal;
  let version = 1;
  let oldRootId: string | null = null;
  if (target.kind === 'new') {
    proposal = await tx.relay.createProposal({ federationId: target.federationId, originAssemblyId: origin.id, adoptionRule: target.rule, deadline: target.deadline });
  } else {
    proposal = target.proposal;
    version = proposal.currentVersion + 1;
    oldRootId = (await tx.relay.rootReferral(proposal.id, proposal.currentVersion))?.id ?? null;
    // A new version starts adoption afresh: the accepters of the old text did not accept this one.
    await tx.relay.updateProposal(proposal.id, { currentVersion: version, status: 'open', adoptedAt: null });
    proposal = { ...proposal, currentVersion: version, status: 'open', adoptedAt: null };
  }
  const v = await tx.relay.createVersion({ proposalId: proposal.id, version, title: text.title, text: text.text, changeNote: text.changeNote, motionId: draft.id });
  const locals = (await tx.relay.localsBelow(proposal.federationId, [origin.id])).get(origin.id) ?? 0;
  const children = (await tx.childEdges(origin.id)).filter((e) => e.federationId === proposal.federationId).length;
  const rootId = randomUUID();
  await tx.relay.createReferrals([{ id: rootId, proposalId: proposal.id, version, assemblyId: origin.id, parentReferralId: null, depth: 0, status: 'accepted', responseMotionId: null, localTotal: locals }]);
  const rows = [];
  // The old version's end is queued first, so assemblies tend to hear it before the new version arrives.
  if (oldRootId) {
    await tx.relay.endReferrals([oldRootId], 'superseded', false);
    rows.push(...cascadeRows('superseded', proposal.id, version - 1, [oldRootId]));
  }
  rows.push(...downRows([rootId]));
  if (proposal.deadline && version === 1) rows.push(deadlineRow(proposal.id, proposal.deadline));
  const bindings = await tx.bindingsOf(origin.id);
  rows.push(...sendRows([{ bindings, key: `issued.${proposal.id}.${version}`, message: issuedMessage(origin, proposal, v, children, locals) }], `issued.${proposal.id}.${version}`));
  await tx.relay.enqueueMany(rows);
  await tx.appendEvent(origin.id, { type: version === 1 ? 'proposal.issued' : 'proposal.amended', actorId: null, payload: { proposal: proposalRef(proposal), version, title: text.title, rule: proposal.adoptionRule, deadline: proposal.deadline?.toISOString() ?? null, motion: draft.number, referralId: rootId } }, now);
  return { proposal, children, locals };
}

/** Ends a live proposal everywhere (withdrawn by the origin, or expired at its deadline). */
export async function endProposal(tx: StoreTx, deps: CoreDeps, proposal: Proposal, how: 'withdrawn' | 'expired', motionNumber: number | null): Promise<boolean> {
  if (!LIVE_PROPOSAL.includes(proposal.status) || proposal.closedAt) return false;
  const now = deps.clock.now();
  // An adopted proposal keeps its status at its deadline: it simply takes no more acceptances.
  const status = how === 'expired' && proposal.status === 'adopted' ? 'adopted' : how;
  await tx.relay.updateProposal(proposal.id, { status, closedAt: now });
  const root = await tx.relay.rootReferral(proposal.id, proposal.currentVersion);
  if (root) {
    await tx.relay.endReferrals([root.id], how, how === 'expired');
    await tx.relay.enqueueMany(cascadeRows(how, proposal.id, proposal.currentVersion, [root.id]));
  }
  await tx.appendEvent(proposal.originAssemblyId, { type: `proposal.${how}`, actorId: null, payload: { proposal: proposalRef(proposal), version: proposal.currentVersion, motion: motionNumber } }, now);
  return true;
}

/** The deadline job: expires the proposal if it is due and still live (a re-run, or an early timer, does nothing). */
export async function expireIfDue(deps: CoreDeps, proposalId: ProposalId): Promise<boolean> {
  return deps.store.transaction(async (tx) => {
    const p = await tx.relay.lockProposal(proposalId);
    if (!p?.deadline || p.deadline > deps.clock.now()) return false;
    return endProposal(tx, deps, p, 'expired', null);
  });
}

/** Expires every live proposal past its deadline (the periodic sweep: a lost timer never leaves one open). */
export async function expireDueProposals(deps: CoreDeps): Promise<number> {
  let n = 0;
  for (const p of await deps.store.read.relay.dueProposals(deps.clock.now(), 100)) if (await expireIfDue(deps, p.id)) n++;
  return n;
}
