import type { AssemblyId, MotionId, PersonId } from '../shared/ids.js';
import type { MotionKind, Policy, Ratio, VotingMethod } from './policy.js';

export const PLATFORMS = ['discord', 'matrix', 'console'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** A committee is elected by its local assembly (parentAssemblyId) to carry out its laws; it makes none. */
export type AssemblyKind = 'local' | 'circle' | 'delegates' | 'committee';

export interface Person {
  readonly id: PersonId;
  readonly displayName: string;
}

/** A platform account as the adapter saw it; the core resolves it to one Person. */
export interface Actor {
  readonly platform: Platform;
  readonly externalId: string;
  readonly displayName: string;
}

export interface Assembly {
  readonly id: AssemblyId;
  readonly kind: AssemblyKind;
  readonly name: string;
  readonly level: number;
  readonly parentAssemblyId: AssemblyId | null;
  readonly policy: Policy;
  readonly createdAt: Date;
}

export type RoomPurpose = 'main' | 'announcements' | 'delegates';

export interface RoomRef {
  readonly platform: Platform;
  readonly roomId: string;
  /** Discord guild or Matrix space, when there is one. */
  readonly serverId?: string | undefined;
}

export interface RoomBinding extends RoomRef {
  readonly assemblyId: AssemblyId;
  readonly purpose: RoomPurpose;
}

export type MembershipStatus = 'pending' | 'active' | 'left' | 'excluded';
export type MemberRole = 'member' | 'facilitator';

export interface Membership {
  readonly assemblyId: AssemblyId;
  readonly personId: PersonId;
  readonly status: MembershipStatus;
  readonly role: MemberRole;
  readonly joinedAt: Date;
}

export type MotionStatus = 'proposed' | 'open' | 'passed' | 'failed' | 'withdrawn' | 'expired' | 'superseded';
export const CLOSED_STATUSES: readonly MotionStatus[] = ['passed', 'failed', 'withdrawn', 'expired', 'superseded'];

export interface Motion {
  readonly id: MotionId;
  readonly assemblyId: AssemblyId;
  readonly number: number;
  readonly kind: MotionKind;
  readonly method: VotingMethod;
  readonly title: string;
  readonly body: string;
  /** Choices for approval/ranked; empty for yes-no-abstain. */
  readonly options: readonly string[];
  readonly seats: number;
  readonly quorum: Ratio;
  readonly threshold: Ratio;
  readonly secret: boolean;
  readonly secondsRequired: number;
  readonly status: MotionStatus;
  /** Null when the relay opened it on the assembly's behalf (its vote on a proposal from above): nobody in person moved it. */
  readonly movedById: PersonId | null;
  /** Kind-specific data (the person to exclude, the invitation code, …). */
  readonly payload: Readonly<Record<string, unknown>>;
  readonly votingHours: number;
  readonly opensAt: Date | null;
  readonly closesAt: Date | null;
  readonly closedAt: Date | null;
  readonly result: MotionResult | null;
  readonly createdAt: Date;
}

/** A ballot's content; which shape depends on the motion's method. */
export type Choice =
  | { readonly kind: 'yes-no-abstain'; readonly value: 'yes' | 'no' | 'abstain' }
  | { readonly kind: 'approval'; readonly approved: readonly number[] }
  | { readonly kind: 'ranked'; readonly ranking: readonly number[] };

export interface Ballot {
  readonly motionId: MotionId;
  readonly personId: PersonId;
  readonly choice: Choice;
  readonly castAt: Date;
}

/** What closing a motion decided; stored so `audit verify` can recount and compare. */
export interface MotionResult {
  readonly outcome: 'passed' | 'failed';
  readonly eligible: number;
  readonly ballots: number;
  readonly quorumMet: boolean;
  readonly summary: string;
  /** yes/no/abstain counts, or per-option counts, or winners (0-based option indexes). */
  readonly tally: Readonly<Record<string, number>>;
  readonly winners: readonly number[];
}

export interface AuditEvent {
  readonly assemblyId: AssemblyId;
  readonly seq: number;
  readonly type: string;
  readonly actorId: PersonId | null;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly at: Date;
  readonly prevHash: string;
  readonly hash: string;
}
