import { compareCodePoints } from './canonical-json.js';
import { MAX_SUBTREE_LEAVES, type SubtreeBody, type SubtreeLeaf } from './events.js';
import { leafHash, merkleRoot, merkleRootOfHashes } from './merkle.js';

/** The root of the empty tree: a subtree report with no decision yet carries it. */
export const EMPTY_ROOT = merkleRoot([]);

/** The level-0 assemblies a report stands for: its `locals`, or the sum of its four counts. */
export const subtreeSize = (b: SubtreeBody): number => b.locals ?? b.accepted + b.rejected + b.amend + b.pending;

/**
 * Why a subtree report does not hold together, or null. The four counts
 * cannot exceed the subtree; the leaves are the decided level-0 assemblies,
 * so their number is `reports` and equals the decided counts. When the
 * leaves travel with the report, the root is recomputed from them and each
 * count (and the members covered, over the accepting leaves) is checked
 * against them: a report whose counts do not match its signed leaves, or
 * whose root is not theirs, is refused.
 */
export function subtreeReportProblem(b: SubtreeBody): string | null {
  const decided = b.accepted + b.rejected + b.amend;
  if (decided + b.pending > subtreeSize(b)) return `the counts (${String(decided + b.pending)}) exceed the subtree (${String(subtreeSize(b))})`;
  if (b.reports !== decided) return `${String(b.reports)} reports for ${String(decided)} decisions`;
  const leaves = b.leaves;
  if (!leaves) {
    if (b.reports === 0) return b.merkle_root === EMPTY_ROOT ? null : 'a root over no reports is the empty root';
    // Only a subtree too large for one event may leave its leaves out.
    return b.reports <= MAX_SUBTREE_LEAVES ? `the ${String(b.reports)} leaves are missing` : null;
  }
  if (leaves.length !== b.reports) return `${String(leaves.length)} leaves for ${String(b.reports)} reports`;
  for (let i = 1; i < leaves.length; i++) if (compareCodePoints(leaves[i - 1]?.assembly ?? '', leaves[i]?.assembly ?? '') >= 0) return 'the leaves are not sorted by assembly, once each';
  const count = (d: SubtreeLeaf['decision']): number => leaves.filter((l) => l.decision === d).length;
  if (count('accept') !== b.accepted || count('reject') !== b.rejected || count('amend') !== b.amend) return 'the counts do not match the leaves';
  const covered = leaves.reduce((n, l) => n + (l.decision === 'accept' ? l.members : 0), 0);
  if (covered !== b.members_covered) return `members covered ${String(b.members_covered)}, the accepting leaves cover ${String(covered)}`;
  if (merkleRootOfHashes(leaves.map((l) => l.leaf)) !== b.merkle_root) return 'the Merkle root is not the root of the leaves';
  return null;
}

/** A leaf as a subtree report lists it, from the bytes the leaf hashes. */
export function listedLeaf(assembly: string, decision: SubtreeLeaf['decision'], members: number, bytes: Uint8Array): SubtreeLeaf {
  return { assembly, decision, members, leaf: leafHash(bytes).toString('hex') };
}
