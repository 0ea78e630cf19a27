import { merklePath, merkleRoot, verifyMerklePath } from '../../federation-protocol/index.js';
import { errT } from '../../i18n/localized.js';
import type { StoreReads } from '../../ports/store.port.js';
import type { Referral } from '../../relay/model.js';
import type { AssemblyId, ProposalId } from '../../shared/ids.js';
import { ok, type Result } from '../../shared/result.js';
import type { ProposalMirrorData } from './child.js';
import { remoteRef } from './refs.js';
import { subtreeLeaves } from './subtree-child.js';

/** Where one local assembly's decision sits in the Merkle tree of its subtree's reports to a remote parent. */
export interface SubtreeAuditPath {
  /** The remote proposal and version, as the parent names them. */
  readonly proposal: string;
  readonly version: number;
  /** The assembly of delegates whose subtree reports carry the root, as the parent names it. */
  readonly top: string;
  /** The assembly whose decision is the leaf. */
  readonly assembly: string;
  /** The leaf's bytes: the signing input of `{type: "org.plenary.decision", body}` of its decision report (UTF-8 text). */
  readonly leaf: string;
  readonly index: number;
  readonly size: number;
  /** Sibling hashes from the leaf up (hex). */
  readonly path: readonly string[];
  /** The root the subtree's latest report carries. */
  readonly root: string;
}

/**
 * The audit path of a local assembly's decision on a copy of a remote
 * proposal (its current version) inside the subtree reports its assembly of
 * delegates sends the remote parent: a member checks it against the root the
 * parent counted (`verifySubtreeAuditPath`). An error when the assembly has
 * not decided, or is not below an assembly of delegates that joined a remote
 * parent.
 */
export async function subtreeAuditPath(reads: StoreReads, deployment: string, assemblyId: AssemblyId, proposalId: ProposalId): Promise<Result<SubtreeAuditPath>> {
  const [copy] = await reads.remotes.mirrorsOf('proposal', [proposalId]);
  const proposal = await reads.relay.proposal(proposalId);
  const remoteVersion = proposal ? (copy?.data as unknown as ProposalMirrorData | undefined)?.versions[String(proposal.currentVersion)] : undefined;
  if (!copy || !proposal || remoteVersion === undefined) return errT('not-found', 'fed.subtree.noCopy');
  let top: Referral | null = await reads.relay.referralFor(proposalId, proposal.currentVersion, assemblyId);
  for (let i = 0; top && top.depth > 1 && i < 64; i++) top = top.parentReferralId ? await reads.relay.referral(top.parentReferralId) : null;
  if (top?.depth !== 1) return errT('not-found', 'fed.subtree.noLeaf');
  const leaves = await subtreeLeaves(reads, copy.remote, remoteVersion, top.assemblyId);
  const assembly = remoteRef(deployment, assemblyId);
  const index = leaves.findIndex((l) => l.assembly === assembly);
  const path = merklePath(leaves.map((l) => l.bytes), index);
  const leaf = leaves[index];
  if (!leaf || !path) return errT('not-found', 'fed.subtree.noLeaf');
  return ok({ proposal: copy.remote, version: remoteVersion, top: remoteRef(deployment, top.assemblyId), assembly, leaf: new TextDecoder().decode(leaf.bytes), index, size: leaves.length, path, root: merkleRoot(leaves.map((l) => l.bytes)) });
}

/** Whether the path leads from its leaf to `root` (the root a parent received in the subtree report it counted). */
export function verifySubtreeAuditPath(p: Pick<SubtreeAuditPath, 'leaf' | 'index' | 'size' | 'path'>, root: string): boolean {
  return verifyMerklePath(new TextEncoder().encode(p.leaf), p.index, p.size, p.path, root);
}
