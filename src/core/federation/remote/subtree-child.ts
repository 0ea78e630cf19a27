import { compareCodePoints, listedLeaf, MAX_SUBTREE_LEAVES, merkleRoot, signingInput, type SubtreeBody } from '../../federation-protocol/index.js';
import { canonicalJson } from '../../events/hash-chain.js';
import type { Mirror, RemoteMirrorReads } from '../../ports/remote-mirror.port.js';
import type { StoreTx } from '../../ports/store.port.js';
import type { Referral } from '../../relay/model.js';
import type { CoreDeps } from '../../services/deps.js';
import type { ProposalId } from '../../shared/ids.js';
import { linkKey, type ParentLinkData, type ProposalMirrorData } from './child.js';
import { headOf, remoteRef, sha256Hex } from './refs.js';
import { leafPrefix, type SubtreeLeafData } from './report.js';

const MAX_LEAVES = 100_000;

/** One leaf of a subtree: its record and the bytes the Merkle tree hashes (the signing input of `{type, body}` of its decision report). */
export interface SubtreeLeafBytes {
  readonly assembly: string;
  readonly data: SubtreeLeafData;
  readonly bytes: Uint8Array;
}

/** The leaves of a subtree report, sorted by assembly (code points), as the child keeps them. */
export async function subtreeLeaves(tx: { readonly remotes: RemoteMirrorReads }, remoteProposal: string, remoteVersion: number, topId: string): Promise<SubtreeLeafBytes[]> {
  const rows: Mirror[] = [...(await tx.remotes.mirrorsFrom('subtree-leaf', leafPrefix(remoteProposal, remoteVersion, topId), MAX_LEAVES))];
  const out: SubtreeLeafBytes[] = [];
  for (const m of rows) {
    const data = m.data as unknown as SubtreeLeafData;
    const bytes = signingInput({ type: 'org.plenary.decision', body: data.body });
    if (bytes.ok) out.push({ assembly: data.body.assembly, data, bytes: bytes.value });
  }
  return out.sort((a, b) => compareCodePoints(a.assembly, b.assembly));
}

/**
 * After a rollup settles a version of a remote proposal's copy, each
 * assembly of delegates that joined the remote parent and accepted tells it
 * its whole subtree as one `org.plenary.subtree` state event: the counts of
 * its referral (level-0 assemblies accepted, rejected, asked to amend,
 * pending, members covered, size), the Merkle root over its leaves and their
 * number, and the leaves themselves when there are few enough. Coalesced:
 * one report per settled rollup whose figures changed (the idempotency key
 * is derived from the figures, so an unchanged report is not sent again);
 * nothing while any count of the version still waits for a rollup.
 */
export async function sendSubtreeReports(deps: CoreDeps, proposalId: ProposalId, version: number): Promise<number> {
  const me = deps.deployment;
  // Most rollups are of this deployment's own proposals: a read says so without a transaction.
  if (!me || (await deps.store.read.remotes.mirrorsOf('proposal', [proposalId])).length === 0) return 0;
  return deps.store.transaction(async (tx) => {
    const [copy] = await tx.remotes.mirrorsOf('proposal', [proposalId]);
    const data = copy?.data as unknown as ProposalMirrorData | undefined;
    const remoteVersion = data?.versions[String(version)];
    if (!copy || !data || remoteVersion === undefined) return 0;
    if ((await tx.relay.maxDirtyDepth(proposalId, version)) !== null) return 0;
    const root = await tx.relay.rootReferral(proposalId, version);
    if (!root) return 0;
    let sent = 0;
    for (const top of await tx.relay.childReferrals(root.id, 1000)) {
      if (top.status !== 'accepted') continue;
      const link = await tx.remotes.mirror('parent-link', linkKey(data.parentAssembly, top.assemblyId));
      const linkData = link?.data as unknown as ParentLinkData | undefined;
      if (!linkData?.roomId || (await tx.assembly(top.assemblyId))?.level === 0) continue;
      const body = await subtreeBody(tx, me.deployment, top, copy.remote, remoteVersion);
      if (!body) continue;
      const figures = sha256Hex(canonicalJson({ ...body, chain_head: null, leaves: null })).slice(0, 16);
      const stateKey = `${body.proposal}/v${String(body.version)}/${body.assembly}`;
      await tx.peerOutbox.enqueue([{ roomId: linkData.roomId, type: 'org.plenary.subtree', stateKey, idempotencyKey: `sub/${top.assemblyId}/${proposalId}/v${String(version)}/${figures}`, body }], deps.clock.now());
      sent++;
    }
    return sent;
  });
}

/** The report of one subtree, or null while its leaves and its counts disagree (a decision whose rollup is still to come). */
async function subtreeBody(tx: StoreTx, deployment: string, top: Referral, remoteProposal: string, remoteVersion: number): Promise<SubtreeBody | null> {
  const leaves = await subtreeLeaves(tx, remoteProposal, remoteVersion, top.assemblyId);
  const count = (d: 'accept' | 'reject' | 'amend'): number => leaves.filter((l) => l.data.body.decision === d).length;
  if (count('accept') !== top.accepted || count('reject') !== top.rejected || count('amend') !== top.amendRequested) return null;
  return {
    assembly: remoteRef(deployment, top.assemblyId),
    proposal: remoteProposal,
    version: remoteVersion,
    accepted: top.accepted,
    rejected: top.rejected,
    amend: top.amendRequested,
    pending: top.pending,
    members_covered: top.membersCovered,
    reports: leaves.length,
    merkle_root: merkleRoot(leaves.map((l) => l.bytes)),
    chain_head: await headOf(tx, top.assemblyId),
    locals: top.localTotal,
    leaves: leaves.length <= MAX_SUBTREE_LEAVES ? leaves.map((l) => listedLeaf(l.assembly, l.data.body.decision, l.data.body.members, l.bytes)) : null,
  };
}
