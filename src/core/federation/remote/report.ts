import { canonicalJson } from '../../events/hash-chain.js';
import type { MotionResult } from '../../model/entities.js';
import type { StoreTx } from '../../ports/store.port.js';
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
export async function reportRemoteDecisions(tx: StoreTx, deps: CoreDeps, items: readonly { referral: Referral; proposal: Proposal; decision: Decision; text: string | null; motion?: DecidingMotion }[]): Promise<void> {
  const me = deps.deployment;
  if (!me || items.length === 0) return;
  const mirrors = new Map((await tx.remotes.mirrorsOf('proposal', [...new Set(items.map((i) => i.proposal.id))])).map((m) => [m.localId, m] as const));
  if (mirrors.size === 0) return;
  const now = deps.clock.now();
  for (const item of items) {
    const m = mirrors.get(item.proposal.id);
    if (!m || item.referral.depth !== 1) continue;
    const data = m.data as unknown as ProposalMirrorData;
    const remoteVersion = data.versions[String(item.referral.version)];
    const link = await tx.remotes.mirror('parent-link', linkKey(data.parentAssembly, item.referral.assemblyId));
    const linkData = link?.data as unknown as ParentLinkData | undefined;
    if (remoteVersion === undefined || !linkData?.roomId) continue;
    const motion = item.motion ?? (await storedMotion(tx, item.referral.responseMotionId));
    const r = motion?.result;
    const assembly = remoteRef(me.deployment, item.referral.assemblyId);
    // The head after this decision's own record: one per decision, so a changed decision (a later response, a repealed
    // acceptance) is a new event even when no new motion decided it, and the same decision re-run is the same key.
    const head = await headOf(tx, item.referral.assemblyId);
    await tx.peerOutbox.enqueue(
      [
        {
          roomId: linkData.roomId,
          type: 'org.plenary.decision',
          idempotencyKey: `dec/${me.deployment}/${item.referral.assemblyId}/${item.proposal.id}/v${String(remoteVersion)}/h${String(head.seq)}`,
          body: {
            assembly,
            proposal: m.remote,
            version: remoteVersion,
            decision: WIRE[item.decision],
            amendment: item.decision === 'amend-requested' ? item.text || '-' : null,
            motion: motion?.number ?? 0,
            closed_at: (motion?.closedAt ?? now).toISOString(),
            tally: { yes: r?.tally.yes ?? 0, no: r?.tally.no ?? 0, abstain: r?.tally.abstain ?? 0, eligible: r?.eligible ?? 0, quorum_met: r?.quorumMet ?? false },
            members: await tx.countMembers(item.referral.assemblyId, 'active'),
            ballots_sha256: motion ? await ballotsSha256(tx, motion.id, motion.number) : sha256Hex(''),
            chain_head: head,
          },
        },
      ],
      now,
    );
  }
}

async function storedMotion(tx: StoreTx, id: MotionId | null): Promise<DecidingMotion | null> {
  const m = id ? await tx.motion(id) : null;
  return m?.result && m.closedAt ? { id: m.id, number: m.number, result: m.result, closedAt: m.closedAt } : null;
}
