import type { Signer } from '../federation-protocol/signer.port.js';
import type { EventType } from '../federation-protocol/events.js';

/**
 * The seam between the relay (core, issue 19 step 3) and the Matrix carrier
 * (adapter, step 1): what one deployment sends to its peers, and the link
 * rooms it still has to open. The relay writes both in its own transactions
 * (`StoreTx.peerOutbox`), so a decision and the event that reports it commit
 * together; the carrier drains them, signs, sends with a transaction id from
 * the idempotency key, and marks them sent.
 */

/** This deployment as its peers know it. */
export interface DeploymentIdentity {
  /** `dep_…`: stable for the deployment's life (docs/FEDERATION-PROTOCOL.md §3). */
  readonly deployment: string;
  /** The Matrix bot account that carries its federation events. */
  readonly botUserId: string;
  /** Its current deployment key (rotation keeps the old one for the grace period). */
  readonly signer: Signer;
  /**
   * The key an event enqueued at `createdAt` is signed with, so a resend signs
   * the same bytes across a rotation (while the old key is in its grace period).
   * Absent: `signer`. (Added by the carrier.)
   */
  signerAt?(createdAt: Date, now: Date): Signer;
}

/** One event to send: the carrier builds and signs the envelope when it sends. */
export interface OutboundEventInput {
  readonly roomId: string;
  readonly type: EventType;
  /** The type's body (validated against its schema when enqueued). */
  readonly body: Readonly<Record<string, unknown>>;
  /** Unique per this deployment; enqueueing a key again is a no-op that returns the first row. */
  readonly idempotencyKey: string;
  /** Set for state events (`org.plenary.deployment_key`, `org.plenary.subtree`, `org.plenary.versions`). */
  readonly stateKey?: string | null;
}

export interface OutboundEvent extends OutboundEventInput {
  readonly id: string;
  /** Per (room, this deployment): 1, 2, 3 … without gaps, assigned at enqueue in the enqueueing transaction. */
  readonly seq: number;
  /** Becomes the envelope's `sent_at`, so a resend signs the very same bytes. */
  readonly createdAt: Date;
  readonly sentAt: Date | null;
  /** The Matrix event id of the last send (null until sent). */
  readonly eventId: string | null;
}

/** A link this deployment's child assembly asked for (its join motion passed); the carrier opens the room. */
export interface LinkRequest {
  readonly id: string;
  readonly federation: string;
  /** `dep_a/asm_1`. */
  readonly parentAssembly: string;
  readonly parentDeployment: string;
  readonly parentBotUserId: string;
  /** `dep_b/asm_42`: the local assembly that joins. */
  readonly childAssembly: string;
  readonly status: 'pending' | 'room-open' | 'joined' | 'refused';
  readonly roomId: string | null;
  readonly createdAt: Date;
}

export interface PeerOutbox {
  /** Assigns each event the next seq of its room (in input order) unless its key is known. */
  enqueue(events: readonly OutboundEventInput[], now: Date): Promise<readonly OutboundEvent[]>;
  /** Unsent events, oldest first, at most `limit`, in (room, seq) order within a room. */
  pending(limit: number): Promise<readonly OutboundEvent[]>;
  markSent(sent: readonly { readonly id: string; readonly eventId: string }[], now: Date): Promise<void>;
  /**
   * Completes the body of an unsent event once (a referral's text uploaded as
   * media: `text_mxc`), validated as at enqueue, so every later send and
   * resend signs the same bytes. False when the event was sent already.
   */
  completeBody(id: string, body: Readonly<Record<string, unknown>>): Promise<boolean>;
  /** Already enqueued events of a room in `[fromSeq, toSeq]` (a resend request), by seq. */
  range(roomId: string, fromSeq: number, toSeq: number): Promise<readonly OutboundEvent[]>;
  /** The highest seq enqueued in a room (0: none). */
  lastSeq(roomId: string): Promise<number>;
  /** Every link room this deployment sent to or opened (a key rotation and the heartbeat go to each). (Added by the carrier.) */
  linkRooms(): Promise<readonly string[]>;

  /** A join motion passed: the carrier must open a link room. */
  requestLink(request: Omit<LinkRequest, 'id' | 'status' | 'roomId' | 'createdAt'>, now: Date): Promise<LinkRequest>;
  linkRequests(status: LinkRequest['status'], limit: number): Promise<readonly LinkRequest[]>;
  /**
   * The link room already open to that parent deployment in that federation
   * (a request `room-open` or `joined`), so a second assembly of this
   * deployment joins through it: one link room per (federation, parent
   * deployment, child deployment), docs/FEDERATION-PROTOCOL.md §1.
   */
  openLinkRoom(federation: string, parentDeployment: string): Promise<string | null>;
  /** Compare-and-set on status; false when someone else moved it first. */
  moveLinkRequest(id: string, from: LinkRequest['status'], to: LinkRequest['status'], roomId: string | null, now: Date): Promise<boolean>;
}

/** A child deployment's bot in a federation's announce room (root side). */
export interface AnnounceMember {
  readonly deployment: string;
  readonly botUserId: string;
  readonly status: 'invited' | 'joined';
}

/** One federation with children on other deployments, as its root deployment sees it: its announce room (null: not yet opened) and who is in it. */
export interface AnnounceFederation {
  /** The federation's name as it travels (the `federation` of the join). */
  readonly federation: string;
  readonly roomId: string | null;
  readonly members: readonly AnnounceMember[];
  /** Every child deployment with an accepted link, and its bot. */
  readonly children: readonly { readonly deployment: string; readonly botUserId: string }[];
}

/**
 * The announce rooms (docs/FEDERATION-PROTOCOL.md §1), one per federation,
 * opened by the root deployment once the federation has a child on another
 * deployment. The carrier opens them, invites each child's bot when its link
 * is accepted and notes who joined; the relay sends adoptions there, once per
 * version, to the deployments whose bot is in (the link rooms for the rest).
 */
export interface AnnounceDirectory {
  /** Root side: the federations that have remote children, at most `limit`. */
  federations(limit: number): Promise<readonly AnnounceFederation[]>;
  /** Root side: the room opened for a federation; false (nothing written) when one was opened first. */
  opened(federation: string, roomId: string, now: Date): Promise<boolean>;
  /** Root side: a child's bot was invited, or is seen joined. */
  member(federation: string, member: AnnounceMember): Promise<void>;
  /** Child side: this bot joined the announce room of `federation`, opened by `rootDeployment`. */
  entered(roomId: string, federation: string, rootDeployment: string, now: Date): Promise<void>;
  /** Either side: whether a room is an announce room (no heartbeats go there). */
  isAnnounceRoom(roomId: string): Promise<boolean>;
}
