/**
 * What one deployment keeps about the other side of its federation edges
 * (issue 19): which local row stands for which remote one. A `child-proxy`
 * is the parent's local level-0 stand-in of a remote child assembly; a
 * `parent` the child's local stand-in of a remote parent assembly; a
 * `parent-link` is a local assembly's edge to a remote parent; a `proposal`
 * is the child's local copy of a remote proposal; an `invitation` is a code
 * handed out in the remote form; a `recall` one the child sent a remote
 * parent and whether it was confirmed (federation/remote/recall-watch.ts). A
 * `subtree-report` is the parent's latest verified `org.plenary.subtree` per
 * (proposal, version, child); a `subtree-leaf` the child's record of a
 * decision in its subtree that its reports count (the bytes of a Merkle
 * leaf). An `announce-room` is a federation's announce room
 * (`root:<federation>` on the root deployment, `member:<room>` on a child's;
 * its `localId` is the room id). `remote` is the peer's name for the thing (`dep_a/asm_42`,
 * `dep_b/prop_9`), `localId` the local row's id.
 */
export type MirrorKind = 'child-proxy' | 'parent' | 'parent-link' | 'proposal' | 'invitation' | 'recall' | 'subtree-report' | 'subtree-leaf' | 'announce-room';

export interface Mirror {
  readonly kind: MirrorKind;
  readonly remote: string;
  readonly localId: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly createdAt: Date;
}

export interface RemoteMirrorReads {
  mirror(kind: MirrorKind, remote: string): Promise<Mirror | null>;
  /** The mirrors of these local rows (one statement, whatever the count). */
  mirrorsOf(kind: MirrorKind, localIds: readonly string[]): Promise<readonly Mirror[]>;
  /** Mirrors whose remote name starts with `prefix`, by remote name, at most `limit`. */
  mirrorsFrom(kind: MirrorKind, prefix: string, limit: number): Promise<readonly Mirror[]>;
}

export interface RemoteMirrorTx extends RemoteMirrorReads {
  /** false (nothing written) when (kind, remote) is already held. */
  putMirror(m: Omit<Mirror, 'createdAt'>, now: Date): Promise<boolean>;
  /** Replaces the data of an existing mirror. */
  updateMirror(kind: MirrorKind, remote: string, data: Readonly<Record<string, unknown>>): Promise<void>;
}
