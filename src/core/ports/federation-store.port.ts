import type { Assembly, Ballot } from '../model/entities.js';
import type { Federation, FederationEdge, Invitation, Mandate, Nomination, NominationFor, OutboxItem, Seat, SeatStatus } from '../model/federation.js';
import type { AssemblyId, FederationId, MotionId, PersonId } from '../shared/ids.js';

/**
 * The federation half of the store: trees of assemblies, invitations, seats,
 * nominations, mandates, and the outbox that carries platform work (access
 * grants) to the job queue. Part of `StoreReads`/`StoreTx` so that a passed
 * motion's effect and its consequences commit together.
 */
export interface FederationReads {
  federation(id: FederationId): Promise<Federation | null>;
  federationByName(name: string): Promise<Federation | null>;
  federationByRoot(rootAssemblyId: AssemblyId): Promise<Federation | null>;
  /** The active edge of a child in one federation (one active parent per federation). */
  activeEdge(federationId: FederationId, childAssemblyId: AssemblyId): Promise<FederationEdge | null>;
  edge(id: string): Promise<FederationEdge | null>;
  /** Active edges where the assembly is the child (its parents, one per federation). */
  parentEdges(childAssemblyId: AssemblyId): Promise<readonly FederationEdge[]>;
  /** Active edges where the assembly is the parent (its member assemblies). */
  childEdges(parentAssemblyId: AssemblyId): Promise<readonly FederationEdge[]>;
  invitation(code: string): Promise<Invitation | null>;
  seat(id: string): Promise<Seat | null>;
  seats(filter: { readonly edgeId?: string; readonly parentAssemblyId?: AssemblyId; readonly homeAssemblyId?: AssemblyId; readonly personId?: PersonId; readonly status?: SeatStatus }): Promise<readonly Seat[]>;
  /** Nominations on an edge not yet taken into an election (accepted or not). */
  openNominations(edgeId: string): Promise<readonly Nomination[]>;
  /** The same for a committee's seats (`Nomination.committeeId`). */
  openCommitteeNominations(committeeId: AssemblyId): Promise<readonly Nomination[]>;
  /** Active seats whose term ended by `now` (optional term lengths). */
  expiredSeats(now: Date, limit: number): Promise<readonly Seat[]>;
  mandates(upstairsMotionId: MotionId): Promise<readonly Mandate[]>;
  /** A person's ballots (current, including voided) on the motions of one assembly, newest motion first. */
  ballotsOf(personId: PersonId, assemblyId: AssemblyId, limit: number): Promise<readonly (Ballot & { voided: boolean })[]>;
  /** Circles of a local assembly. */
  circlesOf(localAssemblyId: AssemblyId): Promise<readonly AssemblyId[]>;
  outboxFailed(limit: number): Promise<readonly OutboxItem[]>;
  /**
   * Per level of a federation's tree (its top assembly and every assembly in
   * it by an active edge): how many assemblies, and the active members of its
   * level-0 assemblies (the people it covers). One statement, for the web map.
   */
  federationLevels(federationId: FederationId): Promise<readonly FederationLevel[]>;
  /** Assemblies of a federation's tree whose name contains `text` (any case), by name, at most `limit`. */
  searchFederation(federationId: FederationId, text: string, limit: number): Promise<readonly Assembly[]>;
}

export interface FederationLevel {
  readonly level: number;
  readonly assemblies: number;
  /** Active members of its level-0 assemblies (0 on the levels of delegates). */
  readonly members: number;
}

export interface FederationWrites {
  createFederation(f: { name: string; purpose: string; rootAssemblyId: AssemblyId; foundedById: PersonId }): Promise<Federation>;
  createEdge(e: { federationId: FederationId; childAssemblyId: AssemblyId; parentAssemblyId: AssemblyId; seats: number; joinedByMotionId: MotionId | null }): Promise<FederationEdge>;
  endEdge(id: string, at: Date, leftByMotionId: MotionId | null): Promise<void>;
  createInvitation(i: { code: string; federationId: FederationId; parentAssemblyId: AssemblyId; issuedById: PersonId; seats: number; expiresAt: Date | null }): Promise<Invitation>;
  /** Marks the invitation used; false when it was already used. */
  useInvitation(code: string, assemblyId: AssemblyId, at: Date): Promise<boolean>;
  createSeat(s: { edgeId: string; homeAssemblyId: AssemblyId; parentAssemblyId: AssemblyId; personId: PersonId; electedByMotionId: MotionId | null; startedAt: Date; termEndsAt: Date | null }): Promise<Seat>;
  endSeat(id: string, status: 'recalled' | 'ended', at: Date, byMotionId: MotionId | null): Promise<void>;
  /** For an edge's seats or a committee's (exactly one: `NominationFor`). */
  createNomination(n: { homeAssemblyId: AssemblyId; personId: PersonId; nominatedById: PersonId } & NominationFor): Promise<Nomination>;
  acceptNomination(id: string, at: Date): Promise<void>;
  /** The nominee stands down: the nomination is no longer open (kept, with the time, in the store). */
  withdrawNomination(id: string, at: Date): Promise<void>;
  /** Takes nominations into an election so they are not offered twice. */
  useNominations(ids: readonly string[], electionMotionId: MotionId): Promise<void>;
  createMandate(m: Mandate): Promise<void>;
}

/** A claimed outbox item as its claimant knows it: `attempts` is the claim's number, raised by every claim. */
export type OutboxClaim = Pick<OutboxItem, 'id' | 'attempts'>;

/** The outbox as the dispatcher sees it (outside any domain transaction). */
export interface OutboxStore {
  /** Pending items due by `now`, marked dispatched in the same statement so two dispatchers never take one item. */
  claimOutbox(now: Date, limit: number): Promise<readonly OutboxItem[]>;
  /**
   * Back to pending (e.g. the queue was unreachable), for the claims still
   * the caller's: an item's `attempts` at its claim is the claim's fencing
   * token, so a dispatcher that stalled while its items were reclaimed as
   * stale and claimed again does not re-pend its successor's claim.
   */
  releaseOutbox(claims: readonly OutboxClaim[]): Promise<void>;
  finishOutbox(dedupeKey: string, result: { ok: true } | { ok: false; error: string }): Promise<void>;
  /** Items dispatched but never finished (a crash between claim and enqueue) go back to pending. */
  reclaimStaleOutbox(olderThan: Date): Promise<number>;
}
