import { canonicalJson } from '../../events/hash-chain.js';
import type { MotionResult } from '../../model/entities.js';
import type { StoreTx } from '../../ports/store.port.js';
import type { EventBody } from '../../federation-protocol/events.js';
import type { Decision, Proposal, Referral } from '../../relay/model.js';
import type { CoreDeps } from '../../services/deps.js';
import type { MotionId } from '../../shared/ids.js';
import { linkKey, type ParentLinkData, type ProposalMirrorData } from './child.js';
import { headOf, remoteRef, sha256Hex } from './refs.js';

/** The motion that decided, as its closing saw it (its result may not be stored yet). */
export interface DecidingMotion {
  readonly id: MotionId;
  readonly number: number;
  readonly result: MotionResult;
  readonly closedAt: Date;
}

const WIRE: Record<Decision, 'accept' | 'reject' | 'amend'> = { accepted: 'accept', rejected: 'reject', 'amend-requested': 'amend' };

/**
 * sha256 over the voter-stripped ballot export of a motion: the `audit
 * export` lines of its ballots without voter or time, sorted, one per line.
 * A member with the export recomputes it and checks the decision the parent
 * counted.
 */
export async function ballotsSha256(tx: StoreTx, motionId: MotionId, number: number): Promise<string> {
  const lines = (await tx.ballots(motionId)).map((b) => canonicalJson({ type: 'ballot', motion: number, choice: b.choice })).sort();
  return sha256Hex(lines.join('\n'));
}

/**
 * Decisions on local copies of remote proposals go back to the parent's
 * deployment as `org.plenary.decision`, in the deciding transaction (tally,
 * members, ballot hash, chain head after the decision's own record). Ballots,
 * voters and member lists stay here.
 */
export async function reportRemoteDecisions(tx: StoreTx, deps: CoreDeps, items: readonly DecidedItem[]): Promise<void> {
  const me = deps.deployment;
  if (!me || items.length === 0) return;
  const mirrors = new Map((await tx.remotes.mirrorsOf('proposal', [...new Set(items.map((i) => i.proposal.id))])).map((m) => [m.localId, m] as const));
  if (mirrors.size === 0) return;
  const now = deps.clock.now();
  for (const item of items) {
    const m = mirrors.get(item.proposal.id);
    const data = m?.data as unknown as ProposalMirrorData | undefined;
    const remoteVersion = data?.versions[String(item.referral.version)];
    if (!m || !data || remoteVersion === undefined) continue;
    if (item.referral.depth > 1) {
      await recordSubtreeLeaf(tx, me.deployment, item, m.remote, remoteVersion, now);
      continue;
    }
    const link = await tx.remotes.mirror('parent-link', linkKey(data.parentAssembly, item.referral.assemblyId));
    const linkData = link?.data as unknown as ParentLinkData | undefined;
    if (!linkData?.roomId) continue;
    const body = await decisionBody(tx, me.deployment, item, m.remote, remoteVersion, now);
    // Keyed by the head after this decision's own record: one per decision, so a changed decision (a later response, a
    // repealed acceptance) is a new event even when no new motion decided it, and the same decision re-run is the same key.
    await tx.peerOutbox.enqueue([{ roomId: linkData.roomId, type: 'org.plenary.decision', idempotencyKey: `dec/${me.deployment}/${item.referral.assemblyId}/${item.proposal.id}/v${String(remoteVersion)}/h${String(body.chain_head.seq)}`, body }], now);
  }
}

export interface DecidedItem {
  readonly referral: Referral;
  readonly proposal: Proposal;
  readonly decision: Decision;
  readonly text: string | null;
  readonly motion?: DecidingMotion;
}

/** The `org.plenary.decision` body of a local decision on a copy of a remote proposal (tally, members, ballot hash, chain head now). */
export async function decisionBody(tx: StoreTx, deployment: string, item: DecidedItem, remoteProposal: string, remoteVersion: number, now: Date): Promise<EventBody<'org.plenary.decision'>> {
  const motion = item.motion ?? (await storedMotion(tx, item.referral.responseMotionId));
  const r = motion?.result;
  return {
    assembly: remoteRef(deployment, item.referral.assemblyId),
    proposal: remoteProposal,
    version: remoteVersion,
    decision: WIRE[item.decision],
    amendment: item.decision === 'amend-requested' ? item.text || '-' : null,
    motion: motion?.number ?? 0,
    closed_at: (motion?.closedAt ?? now).toISOString(),
    tally: { yes: r?.tally.yes ?? 0, no: r?.tally.no ?? 0, abstain: r?.tally.abstain ?? 0, eligible: r?.eligible ?? 0, quorum_met: r?.quorumMet ?? false },
    members: await tx.countMembers(item.referral.assemblyId, 'active'),
    ballots_sha256: motion ? await ballotsSha256(tx, motion.id, motion.number) : sha256Hex(''),
    chain_head: await headOf(tx, item.referral.assemblyId),
  };
}

async function storedMotion(tx: StoreTx, id: MotionId | null): Promise<DecidingMotion | null> {
  const m = id ? await tx.motion(id) : null;
  return m?.result && m.closedAt ? { id: m.id, number: m.number, result: m.result, closedAt: m.closedAt } : null;
}

/** A decision in a remote assembly of delegates' subtree, as its subtree reports count it (`subtree-leaf` mirror data). */
export interface SubtreeLeafData {
  readonly top: string;
  readonly body: EventBody<'org.plenary.decision'>;
}

/** `remote proposal/v<version>/<top assembly id>/`: the leaves of one subtree report, by assembly after it. */
export const leafPrefix = (remoteProposal: string, remoteVersion: number, topId: string): string => `${remoteProposal}/v${String(remoteVersion)}/${topId}/`;

/**
 * A level-0 assembly below an assembly of delegates that joined a remote
 * parent decided: its report (the body an `org.plenary.decision` would carry)
 * is kept as a leaf of its subtree's Merkle tree, in the deciding
 * transaction, so the next subtree report counts it and a member can later
 * ask for its audit path. A later decision of the same assembly replaces it.
 */
async function recordSubtreeLeaf(tx: StoreTx, deployment: string, item: DecidedItem, remoteProposal: string, remoteVersion: number, now: Date): Promise<void> {
  if ((await tx.assembly(item.referral.assemblyId))?.level !== 0) return;
  let top: Referral | null = item.referral;
  for (let i = 0; top && top.depth > 1 && i < 64; i++) top = top.parentReferralId ? await tx.relay.referral(top.parentReferralId) : null;
  if (top?.depth !== 1) return;
  const body = await decisionBody(tx, deployment, item, remoteProposal, remoteVersion, now);
  const data: SubtreeLeafData = { top: top.assemblyId, body };
  const remote = `${leafPrefix(remoteProposal, remoteVersion, top.assemblyId)}${body.assembly}`;
  if (!(await tx.remotes.putMirror({ kind: 'subtree-leaf', remote, localId: item.referral.id, data: { ...data } }, now))) await tx.remotes.updateMirror('subtree-leaf', remote, { ...data });
}
