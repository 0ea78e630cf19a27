import { createHash } from 'node:crypto';

/**
 * A Merkle tree over the signed child reports an assembly counted, in the
 * shape of RFC 6962 (Certificate Transparency): leaf = sha256(0x00 ‖ bytes),
 * node = sha256(0x01 ‖ left ‖ right), split at the largest power of two
 * below n. Any child can check, with its audit path, that its own report is
 * inside the root its parent reported.
 */
const sha = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const LEAF = Uint8Array.of(0);
const NODE = Uint8Array.of(1);

export const leafHash = (leaf: Uint8Array): Buffer => sha(LEAF, leaf);
const nodeHash = (l: Uint8Array, r: Uint8Array): Buffer => sha(NODE, l, r);

function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function root(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return leaves[0] ?? sha();
  const k = split(leaves.length);
  return nodeHash(root(leaves.slice(0, k)), root(leaves.slice(k)));
}

/** The root (hex) over the leaves in the order given (the caller sorts them by assembly id). */
export function merkleRoot(leaves: readonly Uint8Array[]): string {
  return root(leaves.map(leafHash)).toString('hex');
}

/** The root (hex) over leaves given by their leaf hashes (hex, as `leafHash` makes them): what a receiver of a subtree report's leaf list recomputes. */
export function merkleRootOfHashes(leafHashes: readonly string[]): string {
  return root(leafHashes.map((h) => Buffer.from(h, 'hex'))).toString('hex');
}

/** The audit path of leaf `index` (hex sibling hashes, from the leaf up); null when out of range. */
export function merklePath(leaves: readonly Uint8Array[], index: number): string[] | null {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) return null;
  const path: Buffer[] = [];
  const walk = (hs: readonly Buffer[], i: number): void => {
    if (hs.length <= 1) return;
    const k = split(hs.length);
    if (i < k) {
      walk(hs.slice(0, k), i);
      path.push(root(hs.slice(k)));
    } else {
      walk(hs.slice(k), i - k);
      path.push(root(hs.slice(0, k)));
    }
  };
  walk(leaves.map(leafHash), index);
  return path.map((b) => b.toString('hex'));
}

/** Checks that `leaf` at `index` of a tree of `size` leaves hashes up to `rootHex` along `path` (RFC 9162 §2.1.3.2). */
export function verifyMerklePath(leaf: Uint8Array, index: number, size: number, path: readonly string[], rootHex: string): boolean {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return false;
  if (!path.every((p) => /^[0-9a-f]{64}$/.test(p))) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash(leaf);
  for (const p of path) {
    const sib = Buffer.from(p, 'hex');
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(sib, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, sib);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.toString('hex') === rootHex;
}
