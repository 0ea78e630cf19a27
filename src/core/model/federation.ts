import type { AssemblyId, FederationId, MotionId, PersonId } from '../shared/ids.js';
import type { Choice } from './entities.js';

export interface Federation {
  readonly id: FederationId;
  readonly name: string;
  readonly purpose: string;
  /** Its top assembly of delegates, created with it. */
  readonly rootAssemblyId: AssemblyId;
  /** Acts as facilitator of the root assembly until it has delegates (issues the first invitations). */
  readonly foundedById: PersonId;
  readonly createdAt: Date;
}

/** Child → parent in one federation's tree; kept (status left) as history. */
export interface FederationEdge {
  readonly id: string;
  readonly federationId: FederationId;
  readonly childAssemblyId: AssemblyId;
  readonly parentAssemblyId: AssemblyId;
  readonly status: 'active' | 'left';
  /** Seats the child holds in the parent. */
  readonly seats: number;
  readonly joinedAt: Date;
  readonly leftAt: Date | null;
}

export interface Invitation {
  readonly code: string;
  readonly federationId: FederationId;
  readonly parentAssemblyId: AssemblyId;
  readonly issuedById: PersonId;
  readonly seats: number;
  readonly expiresAt: Date | null;
  readonly usedByAssemblyId: AssemblyId | null;
  readonly usedAt: Date | null;
}

export type SeatStatus = 'active' | 'recalled' | 'ended';

/** A delegate's seat: their vote in the parent assembly follows it. */
export interface Seat {
  readonly id: string;
  readonly edgeId: string;
  readonly homeAssemblyId: AssemblyId;
  readonly parentAssemblyId: AssemblyId;
  readonly personId: PersonId;
  readonly status: SeatStatus;
  readonly electedByMotionId: MotionId | null;
  readonly startedAt: Date;
  readonly termEndsAt: Date | null;
  readonly endedAt: Date | null;
}

/**
 * What a nomination is for: the home assembly's seats in a parent (an edge of
 * a federation), or the seats of one of its committees (issue 20: committees
 * are elected from accepted nominees, exactly as delegates are).
 */
export type NominationFor = { readonly edgeId: string; readonly committeeId?: undefined } | { readonly committeeId: AssemblyId; readonly edgeId?: undefined };

export interface Nomination {
  readonly id: string;
  readonly homeAssemblyId: AssemblyId;
  /** Set for a delegate's nomination (null for a committee's). */
  readonly edgeId: string | null;
  /** Set for a committee's nomination (null for a delegate's). */
  readonly committeeId: AssemblyId | null;
  readonly personId: PersonId;
  readonly nominatedById: PersonId;
  readonly acceptedAt: Date | null;
  readonly electionMotionId: MotionId | null;
}

export interface Mandate {
  readonly homeAssemblyId: AssemblyId;
  readonly upstairsMotionId: MotionId;
  readonly instruction: Choice;
  readonly motionId: MotionId;
}

/** Work for the job queue, written in the same transaction as the change that causes it. */
export interface OutboxItem {
  readonly id: string;
  readonly kind: string;
  readonly dedupeKey: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly status: 'pending' | 'dispatched' | 'done' | 'failed';
  readonly attempts: number;
  readonly availableAt: Date;
  readonly lastError: string | null;
}
