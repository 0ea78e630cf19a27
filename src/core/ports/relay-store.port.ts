import type { StoredMessage } from '../i18n/stored.js';
import type { Assembly, Motion, MotionStatus, RoomBinding } from '../model/entities.js';
import type { AgendaItem, AdoptionRule, Decision, Proposal, ProposalStatus, ProposalVersion, Referral, ReferralStatus, SubtreeTally } from '../relay/model.js';
import type { AssemblyId, FederationId, MotionId, ProposalId } from '../shared/ids.js';
import type { NewEvent, NewMotion } from './store.port.js';

/**
 * The relay's half of the store (`StoreTx.relay`), shaped for a federation of
 * 100,000 assemblies: every write takes many rows at once and costs a fixed
 * number of statements, whatever the count. Two implementations held to one
 * contract: `FakeRelay` (src/core/testing) and the Prisma one (raw SQL).
 */
export interface RelayReads {
  proposal(id: ProposalId): Promise<Proposal | null>;
  proposalByNumber(number: number): Promise<Proposal | null>;
  /** Proposals drafted by an assembly, newest first. */
  proposalsOf(originAssemblyId: AssemblyId, limit: number): Promise<readonly Proposal[]>;
  version(proposalId: ProposalId, version: number): Promise<ProposalVersion | null>;
  versions(proposalId: ProposalId): Promise<readonly ProposalVersion[]>;
  referral(id: string): Promise<Referral | null>;
  referralFor(proposalId: ProposalId, version: number, assemblyId: AssemblyId): Promise<Referral | null>;
  /** The origin's own referral of a version (depth 0). */
  rootReferral(proposalId: ProposalId, version: number): Promise<Referral | null>;
  /** Children of a referral in assembly-id order, at most `limit`, after the assembly id `after`. */
  childReferrals(parentReferralId: string, limit: number, after?: AssemblyId): Promise<readonly Referral[]>;
  /** Referrals offered to an assembly (newest first): its proposals from above. */
  referralsTo(assemblyId: AssemblyId, limit: number): Promise<readonly Referral[]>;
  /** Per depth and status, how many referrals a version has (the status tree's per-level lines). */
  levelCounts(proposalId: ProposalId, version: number): Promise<readonly { depth: number; status: ReferralStatus; count: number }[]>;
  /** Decided referrals of a version with a given status (amendment requests, rejections), oldest decision first. */
  decided(proposalId: ProposalId, version: number, status: Decision, limit: number): Promise<readonly (Referral & { assemblyName: string })[]>;
  /** Live proposals whose deadline has passed. */
  dueProposals(now: Date, limit: number): Promise<readonly Proposal[]>;
  /** Versions that still have referrals waiting for the rollup (the reconciler re-schedules them). */
  dirtyVersions(limit: number): Promise<readonly { proposalId: ProposalId; version: number }[]>;
  /** Many assemblies with their room bindings at once (announcing to a level of the tree). */
  assembliesWithBindings(ids: readonly AssemblyId[]): Promise<ReadonlyMap<AssemblyId, { readonly assembly: Assembly; readonly bindings: readonly RoomBinding[] }>>;
  /**
   * The active member assemblies of the given parents in one federation, with
   * their rooms, ordered by parent id then assembly id, strictly after `after`
   * in that order, at most `limit` in all (one statement: a page of a level of
   * the tree, for work that writes no referral, such as telling a branch).
   */
  memberAssemblies(q: { federationId: FederationId; parents: readonly AssemblyId[]; limit: number; after?: MemberCursor | null }): Promise<readonly MemberAssembly[]>;
  agendaItems(assemblyId: AssemblyId, limit: number): Promise<readonly AgendaItem[]>;
  agendaItemByNumber(number: number): Promise<AgendaItem | null>;
}

/** A parent in a relay step: its assembly and its own referral of the version (its children's parent referral). */
export interface RelayParent {
  readonly assemblyId: AssemblyId;
  readonly referralId: string;
}

/** Where a page of `memberAssemblies` ended: resume after this member of this parent. */
export interface MemberCursor {
  readonly parentAssemblyId: AssemblyId;
  readonly assemblyId: AssemblyId;
}

/** A member assembly of one of the parents asked about, with its rooms. */
export interface MemberAssembly {
  readonly parentAssemblyId: AssemblyId;
  readonly assembly: Assembly;
  readonly bindings: readonly RoomBinding[];
}

/** A member assembly about to be offered a proposal. */
export interface RelayChild {
  /** Whose member it is (one of the parents asked about). */
  readonly parentAssemblyId: AssemblyId;
  readonly assembly: Assembly;
  readonly bindings: readonly RoomBinding[];
  /** Level-0 assemblies in its subtree of this federation (1 for a local assembly or circle). */
  readonly localsInSubtree: number;
}

export interface NewReferral {
  /** Made by the caller (a UUID), so the response motion can name it before both are written. */
  readonly id: string;
  readonly proposalId: ProposalId;
  readonly version: number;
  readonly assemblyId: AssemblyId;
  readonly parentReferralId: string | null;
  readonly depth: number;
  readonly status: 'pending' | 'accepted';
  readonly responseMotionId: MotionId | null;
  readonly localTotal: number;
}

export interface DecisionWrite {
  readonly referralId: string;
  readonly status: Decision;
  readonly reason: string | null;
  /** The reason as a message (i18n/stored.ts); unset: none. */
  readonly reasonMessage?: StoredMessage | null;
  readonly amendmentText: string | null;
  readonly at: Date;
  /** The members it decided for when they are not here to count (a remote child's reported count); else the active members now. */
  readonly memberCount?: number;
}

export interface OutboxWrite {
  readonly kind: string;
  readonly dedupeKey: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly availableAt?: Date;
  /**
   * A row with this key that is already done is made pending again (with this
   * availableAt), so its job runs once more; one still pending or dispatched
   * is left as it is (its run is still to come). For work that must run again
   * after every change, however often (the rollup), without a row per change.
   */
  readonly rearm?: boolean;
}

export interface RelayWrites {
  createProposal(p: { federationId: FederationId; originAssemblyId: AssemblyId; adoptionRule: AdoptionRule; deadline: Date | null }): Promise<Proposal>;
  /** Locks the proposal row for the rest of the transaction. */
  lockProposal(id: ProposalId): Promise<Proposal | null>;
  /**
   * Reads the proposal under a shared lock held to commit: relay steps that
   * read it this way run concurrently, but a change of its status (adoption,
   * withdrawal, a new version, which take `lockProposal`) waits for them, so
   * a step never acts on a status that changes before it commits. A waiting
   * `lockProposal` goes before relay steps that come after it (it is never
   * starved by a stream of them).
   */
  shareProposal(id: ProposalId): Promise<Proposal | null>;
  updateProposal(id: ProposalId, patch: { status?: ProposalStatus; currentVersion?: number; adoptedAt?: Date | null; closedAt?: Date | null }): Promise<void>;
  createVersion(v: { proposalId: ProposalId; version: number; title: string; text: string; changeNote: string | null; motionId: MotionId | null }): Promise<ProposalVersion>;
  /** Level-0 assemblies below each given assembly in one federation (the assembly itself counts when it is level 0). */
  localsBelow(federationId: FederationId, assemblyIds: readonly AssemblyId[]): Promise<ReadonlyMap<AssemblyId, number>>;
  /**
   * Takes the relay guard of each referral (in id order, so two callers never
   * deadlock) and returns those that exist: two relay steps for one parent
   * run one after the other, but, unlike a row lock, the guard does not stop
   * the rollup from marking the row dirty meanwhile.
   */
  guardReferrals(ids: readonly string[]): Promise<readonly Referral[]>;
  /** Locks the referrals (in id order, so two callers never deadlock) and returns those that exist. */
  lockReferrals(ids: readonly string[]): Promise<readonly Referral[]>;
  /**
   * The active member assemblies of the given parents in the federation that
   * have no referral for (proposal, version) yet, ordered by parent id then
   * assembly id, at most `limit` in all (one statement for a whole relay step).
   */
  relayChildren(q: { federationId: FederationId; parents: readonly RelayParent[]; proposalId: ProposalId; version: number; limit: number }): Promise<readonly RelayChild[]>;
  /** Writes motions with caller-made ids; each takes its assembly's next number. Returns them in input order. */
  createMotions(rows: readonly (NewMotion & { readonly id: MotionId })[]): Promise<readonly Motion[]>;
  /** New referrals; pending ones start with pending = localTotal, accepted ones (the origin) likewise. */
  createReferrals(rows: readonly NewReferral[]): Promise<void>;
  markRelayed(referralIds: readonly string[], at: Date): Promise<void>;
  /**
   * Takes referrals out of their version's scope (their assembly left the
   * federation): each one's localTotal becomes 0 and each of its ancestors'
   * drops by what it was, so "of N local assemblies" and share rules no
   * longer count it. All of them are marked dirty for the rollup.
   */
  detachReferrals(ids: readonly string[]): Promise<void>;
  /**
   * A referral that stands for a whole subtree on another deployment (the
   * proxy of a remote assembly of delegates): its counts become the reported
   * ones, and the rollup keeps them while the referral is accepted (pending:
   * all its level-0 assemblies pending; rejected or asked to amend: none
   * reached), as it would have computed them from the children it cannot
   * see. `localTotal` moves by the difference on it and on every ancestor;
   * it and they are marked dirty.
   */
  reportSubtree(referralId: string, tally: SubtreeTally): Promise<void>;
  /**
   * A member that joined after its parent relayed the version was offered it
   * (relay/late.ts): each given referral's localTotal and each of its
   * ancestors' grows by `n`, so "of N local assemblies" and share rules count
   * it. All of them are marked dirty for the rollup.
   */
  widenScope(items: readonly { readonly referralId: string; readonly n: number }[]): Promise<void>;
  /**
   * Records decisions (status, reason, amendment text, decided_at; member_count
   * = `memberCount` when given, else the assembly's active members now) and marks each referral dirty for the rollup.
   */
  decide(rows: readonly DecisionWrite[]): Promise<void>;
  /**
   * Ends referrals (superseded / withdrawn / expired). `onlyPending`: decided
   * ones keep their decision (a deadline ends only what is still open). Marks them dirty.
   */
  endReferrals(ids: readonly string[], status: 'superseded' | 'withdrawn' | 'expired', onlyPending: boolean): Promise<void>;
  /**
   * Closes those of the motions that are still proposed or open, with the
   * given status; returns the ones it closed.
   */
  closeMotions(ids: readonly MotionId[], status: Extract<MotionStatus, 'superseded' | 'withdrawn' | 'expired'>, at: Date): Promise<readonly Motion[]>;
  /**
   * Closes every still proposed or open `proposal-response` motion on these
   * referrals (the one the relay opened and any a member moved, which name
   * the referral in their payload), in the referrals' assemblies, with the
   * given status; returns the ones it closed. One statement, whatever the count.
   */
  closeResponseMotions(referrals: readonly { readonly id: string; readonly assemblyId: AssemblyId }[], status: Extract<MotionStatus, 'superseded' | 'withdrawn' | 'expired'>, at: Date): Promise<readonly Motion[]>;
  /**
   * One rollup pass: recomputes up to `limit` dirty referrals of the version at
   * `depth` that no other transaction holds (those stay dirty for a later pass)
   * `depth` from their own status and their children, records the generation
   * it read, and marks their parents dirty. Returns how many it recomputed.
   * Per row: a level-0 assembly counts itself by status (accepted also adds
   * its member_count to membersCovered). Any other referral: if accepted, the
   * sums of its children, with pending = sum(children.pending) + localTotal -
   * sum(children.localTotal) (members not yet offered it are still pending);
   * if pending, pending = localTotal; otherwise (rejected, amend-requested,
   * ended) all zero: its subtree is not reached.
   */
  rollupDepth(proposalId: ProposalId, version: number, depth: number, limit: number): Promise<number>;
  /** The deepest level with dirty referrals, or null when the version's counts are settled. */
  maxDirtyDepth(proposalId: ProposalId, version: number): Promise<number | null>;
  /** Events for many assemblies at once, each appended to its own hash chain in input order. */
  appendEventsMany(items: readonly { readonly assemblyId: AssemblyId; readonly event: NewEvent }[], at: Date): Promise<void>;
  /** Outbox rows; a dedupe key already present is skipped (or re-armed, see `OutboxWrite.rearm`). */
  enqueueMany(items: readonly OutboxWrite[]): Promise<void>;
  /**
   * Marks the outbox row of the job now running done, in this transaction:
   * true the first time, false when a previous run (or a concurrent duplicate,
   * which waits on the row lock) already committed its effect. A job's effect
   * and its "done" then commit together: exactly once.
   */
  takeOutbox(dedupeKey: string): Promise<boolean>;
  createAgendaItem(i: { assemblyId: AssemblyId; fromAssemblyId: AssemblyId; federationId: FederationId; title: string; text: string; forwardedByMotionId: MotionId }): Promise<AgendaItem>;
  takeUpAgendaItem(id: string, motionId: MotionId): Promise<void>;
}

export interface RelayTx extends RelayReads, RelayWrites {}
