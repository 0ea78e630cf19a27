import type { AssemblyId, MotionId, PersonId } from '../shared/ids.js';
import type {
  Actor,
  Assembly,
  AssemblyKind,
  AuditEvent,
  Ballot,
  Choice,
  Membership,
  MemberRole,
  MembershipStatus,
  Motion,
  MotionResult,
  MotionStatus,
  Person,
  Platform,
  RoomBinding,
  RoomRef,
} from '../model/entities.js';
import type { Policy } from '../model/policy.js';
import type { FederationReads, FederationWrites, OutboxStore } from './federation-store.port.js';
import type { LawReads, LawTx } from './law-store.port.js';
import type { RelayReads, RelayTx } from './relay-store.port.js';
import type { PeerLinkStore } from './peer-link-store.port.js';
import type { RemoteMirrorReads, RemoteMirrorTx } from './remote-mirror.port.js';
import type { PeerOutbox } from './federation-link.port.js';
import type { RoomFaultStore } from './room-faults.port.js';


/** A member's own choice of language and time zone for personal replies, per account (validated when set, again when used). */
export interface SpeechPreference {
  readonly language: string | null;
  readonly timeZone: string | null;
}
/** An account to remind by direct message, with its own language and time zone (read in the same query). */
export interface ReminderRecipient extends Actor {
  readonly preference: SpeechPreference;
}
/**
 * Persistence as the domain needs it, nothing more. Two implementations: the
 * Prisma one (PostgreSQL or embedded PGlite) and `FakeStore` for unit tests.
 * Every write that changes state runs inside `transaction`, together with the
 * audit event it causes, so the record can never disagree with the data.
 */
export interface Store extends OutboxStore, RoomFaultStore {
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Reads outside a transaction (the hot vote path validates here first). */
  readonly read: StoreReads;
  /** Federation peers, their keys and the inbox of their events (issue 19; docs/FEDERATION-PROTOCOL.md). */
  readonly links: PeerLinkStore;
  /** What this deployment sends its peers and the link rooms it must open; each call its own transaction (the carrier drains it). */
  readonly peerOutbox: PeerOutbox;
  /**
   * Writes a batch of ballots for ONE motion in one transaction: upserts the
   * current ballot (the database keeps one per person), appends history and one
   * audit event per ballot. Returns which ballots were refused because the
   * motion was no longer open at commit time.
   */
  castBallots(batch: BallotWrite): Promise<CastOutcome>;
}

export interface BallotWrite {
  readonly assemblyId: AssemblyId;
  readonly motionId: MotionId;
  readonly secret: boolean;
  readonly ballots: readonly Ballot[];
  /**
   * Builds the audit events for the ballots that were written (in order, not
   * the unchanged ones; the
   * store hash-chains what it returns). The vote path returns one event per
   * batch listing its ballots: one chain link instead of fifty.
   */
  readonly eventsFor: (counted: readonly { readonly ballot: Ballot; readonly changed: boolean }[]) => readonly NewEvent[];
}

export type CastOutcomeKind = 'cast' | 'changed' | 'unchanged' | 'closed' | 'not-member';

export interface CastOutcome {
  /**
   * Per input ballot, in order: 'cast' (first), 'changed' (replaced),
   * 'unchanged' (the same choice as the person's current ballot, or their
   * ballot just before it in the batch: nothing written, no history, no
   * record), 'closed' (the motion was not open at commit), 'not-member' (the
   * voter was not an active member of the assembly at commit). Decided in the
   * transaction that writes, so an answer always matches the record.
   */
  readonly outcomes: readonly CastOutcomeKind[];
}

export interface NewEvent {
  readonly type: string;
  readonly actorId: PersonId | null;
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface NewMotion {
  readonly assemblyId: AssemblyId;
  readonly kind: Motion['kind'];
  readonly method: Motion['method'];
  readonly title: string;
  readonly body: string;
  readonly options: readonly string[];
  readonly seats: number;
  readonly quorum: Motion['quorum'];
  readonly threshold: Motion['threshold'];
  readonly secret: boolean;
  readonly secondsRequired: number;
  readonly movedById: PersonId | null;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly votingHours: number;
  readonly status: MotionStatus;
  readonly opensAt: Date | null;
  readonly closesAt: Date | null;
}

export interface StoreReads extends FederationReads {
  /** Proposals, versions and relay trees. */
  readonly relay: RelayReads;
  /** Local assemblies' law books. */
  readonly laws: LawReads;
  /** Local stand-ins of remote assemblies and proposals (federation between deployments). */
  readonly remotes: RemoteMirrorReads;
  personByAccount(platform: Platform, externalId: string): Promise<Person | null>;
  /** Many accounts at once (the vote path batches the lookups of a burst of first ballots). */
  personsByAccounts(platform: Platform, externalIds: readonly string[]): Promise<ReadonlyMap<string, Person>>;
  person(id: PersonId): Promise<Person | null>;
  accountsOf(id: PersonId): Promise<readonly Actor[]>;
  assembly(id: AssemblyId): Promise<Assembly | null>;
  assemblyByName(name: string): Promise<Assembly | null>;
  bindingByRoom(platform: Platform, roomId: string): Promise<RoomBinding | null>;
  bindingsOf(assemblyId: AssemblyId): Promise<readonly RoomBinding[]>;
  membership(assemblyId: AssemblyId, personId: PersonId): Promise<Membership | null>;
  members(assemblyId: AssemblyId, status?: MembershipStatus): Promise<readonly (Membership & { displayName: string })[]>;
  countMembers(assemblyId: AssemblyId, status: MembershipStatus): Promise<number>;
  motion(id: MotionId): Promise<Motion | null>;
  motionByNumber(assemblyId: AssemblyId, number: number): Promise<Motion | null>;
  motions(assemblyId: AssemblyId, statuses?: readonly MotionStatus[], limit?: number): Promise<readonly Motion[]>;
  /**
   * The open motions on which the person has no current ballot, in every
   * assembly where they are an active member (a delegate's assembly of
   * delegates too), earliest deadline first: one query, whatever the number
   * of assemblies (`pending`).
   */
  pendingFor(personId: PersonId, limit: number): Promise<readonly PendingMotion[]>;
  /**
   * Motions whose reminders are due for a look (`reminderAt` reached: a new
   * motion at once, then at each planned reminder), earliest first (ties in
   * any order); one partial-indexed query that reads no more than `limit`
   * index entries, however many motions are due (reminder.service).
   */
  dueReminders(now: Date, limit: number): Promise<readonly MotionId[]>;
  /** The reminders already sent for a motion, as hours before its close. */
  remindersSent(motionId: MotionId): Promise<readonly number[]>;
  /**
   * The accounts that asked for reminders by direct message (`remind on`) of
   * the active members of the motion's assembly with no current ballot on it:
   * one query, whatever the size of the assembly, with each account's
   * language and time zone (the reminder is worded in the recipient's).
   */
  reminderRecipients(motionId: MotionId): Promise<readonly ReminderRecipient[]>;
  /** Whether this account asked for reminders by direct message. */
  remindOf(platform: Platform, externalId: string): Promise<boolean>;
  /** The language and time zone this account asked for (`language`, `timezone`); nulls: none chosen, or no such account. */
  speechPreferenceOf(platform: Platform, externalId: string): Promise<SpeechPreference>;
  /** Open motions whose closing time has passed; proposed motions past their voting window. */
  dueMotions(now: Date, limit: number): Promise<readonly Motion[]>;
  seconds(motionId: MotionId): Promise<readonly PersonId[]>;
  ballot(motionId: MotionId, personId: PersonId): Promise<Ballot | null>;
  /** Current (non-voided) ballots of a motion. */
  ballots(motionId: MotionId): Promise<readonly Ballot[]>;
  countBallots(motionId: MotionId): Promise<number>;
  /**
   * Voters whose current (non-voided) ballot on the motion is still stored
   * although they are no longer active members of its assembly. Closing voids
   * them before counting, so a departed member never counts even when a
   * departure raced a ballot.
   */
  strayBallots(motionId: MotionId): Promise<readonly PersonId[]>;
  /** Counts of the current yes/no/abstain ballots, aggregated by the store (closing a large plenary). */
  yesNoTally(motionId: MotionId): Promise<{ readonly yes: number; readonly no: number; readonly abstain: number }>;
  events(assemblyId: AssemblyId, afterSeq?: number, limit?: number): Promise<readonly AuditEvent[]>;
  /** The chain head the assembly row keeps (last seq and hash; 0 and GENESIS before any event): `audit verify` checks the events reach it. */
  chainHead(assemblyId: AssemblyId): Promise<{ readonly seq: number; readonly hash: string } | null>;
  assemblyIds(): Promise<readonly AssemblyId[]>;
  /**
   * Assemblies whose policy sets an electorate role (`electorate role:…`), in
   * id order: one indexed query, so the role electorates' lookup does not walk
   * every assembly of a large deployment.
   */
  roleElectorateAssemblyIds(): Promise<readonly AssemblyId[]>;
  /** The last periodic or on-demand checkpoint of the assembly (null: no such assembly). */
  checkpointOf(assemblyId: AssemblyId): Promise<CheckpointState | null>;
  /**
   * Assemblies whose chain moved past their last checkpoint and whose next one
   * is due by `now`, earliest due first: one indexed query, not one per assembly.
   */
  dueCheckpoints(now: Date, limit: number): Promise<readonly AssemblyId[]>;
}

/** An open motion awaiting someone's ballot, with its assembly's name (to name it `Name#12`). */
export interface PendingMotion {
  readonly motion: Motion;
  readonly assemblyName: string;
}

/** The head last posted as a checkpoint and when the next may be (`checkpointDueAt`; null: off). */
export interface CheckpointState {
  /** 0: none posted yet. */
  readonly seq: number;
  readonly at: Date | null;
  readonly dueAt: Date | null;
}

export interface StoreTx extends StoreReads, FederationWrites {
  /** The relay's bulk reads and writes, in this transaction. */
  readonly relay: RelayTx;
  /** Law books, in this transaction. */
  readonly laws: LawTx;
  /** Local stand-ins of remote rows, in this transaction. */
  readonly remotes: RemoteMirrorTx;
  /** Federation peers' bookkeeping, in this transaction (a lane's settle commits with the relay's effects). */
  readonly links: PeerLinkStore;
  /**
   * Holds the inbox lane of (room, sender) until this transaction ends: one
   * drainer at a time applies a lane's events, in every process together.
   */
  lockLane(roomId: string, sender: string): Promise<void>;
  /** Events for peers enqueued here commit (and take their seq) with this transaction, or not at all. */
  readonly peerOutbox: PeerOutbox;
  /**
   * A new person holding `account`. When another transaction added the same
   * account first (two first commands of a newcomer racing), returns that
   * person instead: one account, one person, and no command fails for it.
   */
  createPerson(displayName: string, account: Actor): Promise<Person>;
  /** Re-points an account to another person (account linking). */
  moveAccount(platform: Platform, externalId: string, to: PersonId): Promise<void>;
  saveLinkCode(code: string, personId: PersonId, expiresAt: Date): Promise<void>;
  /** Marks the code used and returns its person, or null when unknown, used or expired. */
  consumeLinkCode(code: string, now: Date): Promise<PersonId | null>;
  createAssembly(input: { kind: AssemblyKind; name: string; level: number; parentAssemblyId: AssemblyId | null; policy: Policy }): Promise<Assembly>;
  /**
   * Also moves the next checkpoint's due time to the policy's `checkpointHours`
   * after the last one, and has the reminders of the assembly's open motions
   * re-planned by the next sweep (their `reminderAt` to the epoch).
   */
  updatePolicy(id: AssemblyId, policy: Policy): Promise<void>;
  /** Records a posted checkpoint (take `lockAssembly` first: deciding and marking under one lock posts each once). */
  markCheckpoint(id: AssemblyId, state: CheckpointState): Promise<void>;
  bindRoom(binding: RoomBinding): Promise<void>;
  unbindRoom(room: RoomRef): Promise<void>;
  upsertMembership(m: { assemblyId: AssemblyId; personId: PersonId; status: MembershipStatus; role: MemberRole }): Promise<Membership>;
  /**
   * Moves every membership and ballot of `from` to `to` (account merge). Returns
   * false, changing nothing, when both have a ballot on the same motion.
   */
  mergePersons(from: PersonId, to: PersonId): Promise<boolean>;
  createMotion(m: NewMotion): Promise<Motion>;
  updateMotion(id: MotionId, patch: { status?: MotionStatus; opensAt?: Date | null; closesAt?: Date | null; closedAt?: Date | null; result?: MotionResult | null }): Promise<Motion>;
  /** Locks the motion row for the rest of the transaction (close vs. vote races). */
  lockMotion(id: MotionId): Promise<Motion | null>;
  /**
   * Locks the assembly row (its settings and its chain head) for the rest of
   * the transaction and returns it as committed now. Ballot batches and chain
   * appends take the same lock, so a decision read under it (who counts, early
   * close, admission) cannot interleave with a change to them. Take it after
   * the motion lock, never before: motion first, then its assembly.
   */
  lockAssembly(id: AssemblyId): Promise<Assembly | null>;
  addSecond(motionId: MotionId, personId: PersonId): Promise<boolean>;
  /** When the sweep next looks at the motion's reminders (the epoch: at once, to re-plan; null: none left). */
  setReminderAt(motionId: MotionId, at: Date | null): Promise<void>;
  /**
   * Of these motions, those whose assembly has no reminder hours get no more
   * looks (one statement for a page, not a transaction per motion: a relay
   * opens 100,000 response motions at once). It never waits for a lock: a
   * motion held by another transaction is skipped and stays due. Returns the
   * motions it settled.
   */
  forgetUnreminded(motionIds: readonly MotionId[]): Promise<readonly MotionId[]>;
  /** Records that the reminder `hours` before the close went out; false when it already had (then send nothing). */
  markReminderSent(motionId: MotionId, hours: number, at: Date): Promise<boolean>;
  /** Reminders by direct message on this account, or not (`remind on|off`). */
  setRemind(platform: Platform, externalId: string, on: boolean): Promise<void>;
  /** Sets the given parts of this account's language and time zone (null: back to the default). */
  setSpeechPreference(platform: Platform, externalId: string, change: Partial<SpeechPreference>): Promise<void>;
  voidBallots(motionId: MotionId, personId: PersonId, at: Date): Promise<boolean>;
  appendEvent(assemblyId: AssemblyId, e: NewEvent, at: Date): Promise<AuditEvent>;
  /** Work for the job queue, written in the same transaction as the change that causes it. */
  enqueue(kind: string, dedupeKey: string, payload: Readonly<Record<string, unknown>>, availableAt?: Date): Promise<void>;
}

export type { Choice };
