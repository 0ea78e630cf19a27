import type { Mirror } from '../ports/remote-mirror.port.js';
import type { Actor, Assembly, AuditEvent, Ballot, Membership, Motion, Person, RoomBinding } from '../model/entities.js';
import type { Law, LawNote } from '../laws/model.js';
import type { CheckpointState } from '../ports/store.port.js';
import type { LinkRequest, OutboundEvent } from '../ports/federation-link.port.js';
import type { RoomFault } from '../ports/room-faults.port.js';
import type { AgendaItem, Proposal, ProposalVersion, Referral } from '../relay/model.js';
import type { Federation, FederationEdge, Invitation, Mandate, Nomination, OutboxItem, Seat } from '../model/federation.js';

/** The whole in-memory database of `FakeStore`; cloned per transaction so a failed one leaves no trace. */
export interface FakeState {
  persons: Map<string, Person>;
  accounts: Map<string, Actor & { personId: string; remind?: boolean; language?: string | null; timeZone?: string | null }>;
  linkCodes: Map<string, { personId: string; expiresAt: Date; usedAt: Date | null }>;
  assemblies: Map<string, Assembly & { eventSeq: number; headHash: string }>;
  bindings: Map<string, RoomBinding>;
  memberships: Map<string, Membership>;
  motions: Map<string, Motion>;
  seconds: Map<string, string[]>;
  ballots: Map<string, Ballot & { voidedAt: Date | null }>;
  ballotHistory: (Ballot & { changed: boolean })[];
  /** By motion id: when the sweep next looks at its reminders (absent or null: none). */
  reminderAt: Map<string, Date | null>;
  /** By `pairKey(motionId, hours)`: when that reminder went out. */
  remindersSent: Map<string, Date>;
  events: Map<string, AuditEvent[]>;
  /** By assembly id: the last checkpoint posted and when the next is due. */
  checkpoints: Map<string, CheckpointState>;
  /** By dedupe key. */
  outbox: Map<string, OutboxItem & { claimedAt: Date | null }>;
  federations: Map<string, Federation>;
  edges: Map<string, FederationEdge>;
  invitations: Map<string, Invitation>;
  seats: Map<string, Seat>;
  nominations: Map<string, Nomination & { withdrawnAt?: Date }>;
  mandates: Mandate[];
  proposals: Map<string, Proposal>;
  /** By `${proposalId}/${version}`. */
  versions: Map<string, ProposalVersion>;
  referrals: Map<string, Referral & { dirtyGen: number; cleanGen: number; subtree?: boolean }>;
  agenda: Map<string, AgendaItem>;
  laws: Map<string, Law>;
  lawNotes: LawNote[];
  /** By platform + room id: rooms that refused the bot's messages. */
  roomFaults: Map<string, RoomFault>;
  /** By `pairKey(kind, remote)`: local stand-ins of remote rows. */
  mirrors: Map<string, Mirror>;
  /** Events for federation peers, by idempotency key (`PeerOutbox`). */
  peerOut: Map<string, OutboundEvent>;
  /** By link room: the last seq given out. */
  peerOutSeq: Map<string, number>;
  linkRequests: Map<string, LinkRequest>;
  nextId: number;
}

export const emptyState = (): FakeState => ({
  persons: new Map(),
  accounts: new Map(),
  linkCodes: new Map(),
  assemblies: new Map(),
  bindings: new Map(),
  memberships: new Map(),
  motions: new Map(),
  seconds: new Map(),
  ballots: new Map(),
  ballotHistory: [],
  reminderAt: new Map(),
  remindersSent: new Map(),
  events: new Map(),
  checkpoints: new Map(),
  outbox: new Map(),
  federations: new Map(),
  edges: new Map(),
  invitations: new Map(),
  seats: new Map(),
  nominations: new Map(),
  mandates: [],
  proposals: new Map(),
  versions: new Map(),
  referrals: new Map(),
  agenda: new Map(),
  laws: new Map(),
  lawNotes: [],
  roomFaults: new Map(),
  mirrors: new Map(),
  peerOut: new Map(),
  peerOutSeq: new Map(),
  linkRequests: new Map(),
  nextId: 1,
});

export const accountKey = (platform: string, externalId: string): string => `${platform}\u0000${externalId}`;
export const pairKey = (a: string, b: string): string => `${a}\u0000${b}`;

/** A ballot that still counts (not voided by a change, a departure or a recall). */
export const isCurrent = (b: { voidedAt: Date | null } | undefined): boolean => b !== undefined && b.voidedAt === null;
