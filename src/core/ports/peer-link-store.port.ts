/**
 * What one deployment keeps about its federation peers (issue 19,
 * docs/FEDERATION-PROTOCOL.md): the inbox of verified events with their
 * ordering lanes, the peers, their trusted keys, which assemblies each hosts,
 * the decisions counted and the member counts reported. Not part of any
 * assembly's hash chain: these rows are the transport's bookkeeping; what a
 * member decided is recorded by the relay when an event is applied.
 */
export interface PeerLinkStore {
  /** Keeps a verified event as `pending`: `duplicate` when its key is known, `seq-taken` when another key holds its seq in the lane. */
  receiveInbound(entry: InboundEvent, now: Date): Promise<'new' | 'duplicate' | 'seq-taken'>;
  inboxEntry(idempotencyKey: string): Promise<InboxEntry | null>;
  /** The lane of one sender in one room (`nextSeq` 1 when nothing was settled yet). */
  lane(roomId: string, sender: string): Promise<Lane>;
  /** Pending events of a lane from `fromSeq` on, by seq. */
  pendingFrom(roomId: string, sender: string, fromSeq: number, limit: number): Promise<readonly InboxEntry[]>;
  /**
   * Settles the event at `seq` and moves the lane to `seq + 1`, only when the
   * lane is at `seq` and the event is pending (false otherwise: someone else
   * settled it).
   */
  settleInbound(roomId: string, sender: string, seq: number, status: SettledStatus, note: string | null, now: Date): Promise<boolean>;
  /**
   * Runs `fn` holding the lane's lock, so one drainer at a time applies a
   * lane's events across every process; `fn` gets the store bound to that
   * lock (on PostgreSQL: its transaction, committed when `fn` returns).
   */
  withLane<T>(roomId: string, sender: string, fn: (links: PeerLinkStore) => Promise<T>): Promise<T>;
  /** Remembers a gap's start and the last resend asked for it (null clears). */
  setLaneGap(roomId: string, sender: string, gapSince: Date | null, resendAskedAt: Date | null): Promise<void>;
  /** Every lane of one room (the heartbeat reports the highest seq applied from the peer). */
  lanesIn(roomId: string): Promise<readonly Lane[]>;
  /** Lanes whose gap started at or before `since` (the sweep asks them for a resend). */
  gappedLanes(since: Date, limit: number): Promise<readonly Lane[]>;

  /** Adds or refreshes a peer deployment (its bot account and display name). */
  upsertPeer(peer: Pick<Peer, 'deployment' | 'botUserId' | 'name'>, now: Date): Promise<void>;
  peer(deployment: string): Promise<Peer | null>;
  /** A heartbeat arrived: the peer is active again. */
  markHeartbeat(deployment: string, at: Date): Promise<void>;
  /** Peers silent since before `cutoff` become dormant; returns them. */
  markDormant(cutoff: Date): Promise<readonly string[]>;

  /** Trusts a key (false when that key id is already stored: keys never change in place). */
  addDeploymentKey(key: DeploymentKeyRow): Promise<boolean>;
  /** A rotation replaced the key: events under it are accepted only for a grace period. */
  retireDeploymentKey(deployment: string, keyId: string, at: Date): Promise<void>;
  deploymentKeys(deployment: string): Promise<readonly DeploymentKeyRow[]>;

  /** Binds an assembly to the deployment that hosts it (the join handshake); `other-host` when another deployment holds it. */
  bindHostedAssembly(binding: HostedAssembly, now: Date): Promise<'bound' | 'already' | 'other-host'>;
  hostOf(assembly: string): Promise<HostedAssembly | null>;

  /**
   * Counts the latest decision per (assembly, proposal, version): `counted`
   * for the first, `replaced` when it takes the place of an earlier one (a
   * changed decision: lanes apply a sender's events in order, so the later
   * one is the one applied last), `already` when this very event was counted.
   */
  countDecision(d: CountedDecision, now: Date): Promise<'counted' | 'replaced' | 'already'>;
  /** The decisions counted for a proposal version, by assembly (the leaves of the adoption's Merkle root), at most `limit`. */
  countedDecisions(proposal: string, version: number, limit: number): Promise<readonly CountedDecision[]>;
  /** Keeps a reported member count with the chain head it was committed at (the first report per head wins). */
  recordMemberCount(assembly: string, chainSeq: number, members: number, now: Date): Promise<void>;
  /** The reported counts of an assembly, by chain seq. */
  memberCounts(assembly: string): Promise<readonly MemberCountReport[]>;
}

export interface InboundEvent {
  readonly idempotencyKey: string;
  readonly roomId: string;
  /** The sending deployment. */
  readonly sender: string;
  readonly seq: number;
  readonly eventType: string;
  /** The whole signed envelope, kept so it can be re-verified and re-applied. */
  readonly content: Readonly<Record<string, unknown>>;
}

/** `refused`: in order but without effect because the sender had no right to it (not the host); shown to facilitators. */
export type SettledStatus = 'applied' | 'recorded' | 'refused' | 'ignored';
export type InboxStatus = 'pending' | SettledStatus;

export interface InboxEntry extends InboundEvent {
  readonly status: InboxStatus;
  readonly note: string | null;
  readonly receivedAt: Date;
  readonly settledAt: Date | null;
}

export interface Lane {
  readonly roomId: string;
  readonly sender: string;
  readonly nextSeq: number;
  readonly gapSince: Date | null;
  readonly resendAskedAt: Date | null;
}

export interface Peer {
  readonly deployment: string;
  readonly botUserId: string;
  readonly name: string;
  readonly status: 'active' | 'dormant';
  readonly lastHeartbeatAt: Date | null;
  readonly createdAt: Date;
}

export interface DeploymentKeyRow {
  readonly deployment: string;
  readonly keyId: string;
  readonly publicKey: string;
  readonly botUserId: string;
  readonly validFrom: Date;
  readonly previousKeyId: string | null;
  readonly rotationSignature: string | null;
  readonly retiredAt: Date | null;
}

export interface HostedAssembly {
  /** `dep_x/asm_y`. */
  readonly assembly: string;
  readonly deployment: string;
  readonly federation: string;
  readonly parentAssembly: string;
  readonly linkRoomId: string;
}

export interface CountedDecision {
  readonly assembly: string;
  readonly proposal: string;
  readonly version: number;
  readonly idempotencyKey: string;
}

export interface MemberCountReport {
  readonly chainSeq: number;
  readonly members: number;
}
