import type { RawEvent } from '../../../core/federation-protocol/envelope.js';
import { ed25519Verifier } from '../../../core/federation-protocol/ed25519.js';
import type { InboxOptions } from '../../../core/federation-protocol/inbox.js';
import type { QuotaOptions } from '../../../core/federation-protocol/quota.js';
import { PeerReceiver, type ReceiverHooks } from '../../../core/federation-protocol/receiver.js';
import type { AnnounceDirectory, DeploymentIdentity, LinkRequest, PeerOutbox } from '../../../core/ports/federation-link.port.js';
import type { Logger } from '../../../core/ports/logger.port.js';
import type { PeerLinkStore } from '../../../core/ports/peer-link-store.port.js';
import type { Invite } from '../matrix-events.js';
import { AnnounceRooms } from './announce-rooms.js';
import type { FederationHomeserver } from './client.js';
import { beat, type HeadsOf } from './heartbeat.js';
import { FederationInbound, withCarrierHooks, type CarrierReceiver, type FederationInboundOptions } from './inbound.js';
import { LinkRooms } from './link-rooms.js';
import { MediaTexts, type LargeTextOf } from './media.js';
import type { LargeTextSource } from '../../../core/ports/large-text.port.js';
import { FederationSender } from './sender.js';
import { FederationSync, type SyncPosition } from './sync.js';
import { TailBeacon } from './tail.js';

export interface MatrixCarrierOptions {
  readonly homeserver: FederationHomeserver;
  readonly outbox: PeerOutbox;
  readonly links: PeerLinkStore;
  readonly identity: DeploymentIdentity;
  /**
   * The relay's receiver hooks; the carrier answers resend requests itself.
   * `hooks` drain lanes on `links` alone (tests); the deployment passes
   * `receiverFor`, which builds the receiver whose hooks run in store
   * transactions (`relayReceiver`), given the carrier's own hook wrapper.
   */
  readonly hooks?: ReceiverHooks;
  readonly receiverFor?: (wrap: <Tx>(hooks: ReceiverHooks<Tx>) => ReceiverHooks<Tx>, media: LargeTextSource) => CarrierReceiver;
  /** The whole text of one of this deployment's referrals over 16 KiB, to upload as media (`relayForCarrier(deps).largeText`). */
  readonly largeText?: LargeTextOf;
  /** A received referral's media was not the signed text: tell the assembly it was meant for (`relayForCarrier(deps).onTextHeld`). */
  readonly onTextHeld?: FederationInboundOptions['onTextHeld'];
  /** The child side opened a link room: the relay enqueues its join. */
  readonly onLinkRoomOpened: (request: LinkRequest, roomId: string) => Promise<void>;
  readonly position: SyncPosition;
  readonly log: Logger;
  readonly now?: () => Date;
  readonly heads?: HeadsOf;
  readonly heartbeatMs?: number;
  /** A room quiet this long after this deployment's last send there gets a heartbeat showing its position (default 30 s). */
  readonly quietMs?: number;
  readonly dormantAfterMs?: number;
  /** After each heartbeat and dormancy sweep: the relay's own look at silent parents (child side, `sweepRemoteParents`). */
  readonly afterHeartbeat?: () => Promise<void>;
  /** The federations' announce rooms (root: opened, members invited; child: vetted and read). Absent: adoptions go through the link rooms only. */
  readonly announce?: AnnounceDirectory;
  /** How often the outbox, pending link requests and lasting gaps are looked at (each also runs after every sync batch). */
  readonly pollMs?: number;
  readonly syncTimeoutMs?: number;
  readonly quota?: QuotaOptions;
  readonly inbox?: Partial<InboxOptions>;
}

const HOUR = 3600_000;
const INVITE_ATTEMPTS = 5;

/**
 * The Matrix carrier of one deployment's federation (docs/FEDERATION-PROTOCOL.md):
 * sends the relay's queued events signed, receives the peers' through the
 * federation account's sync into `PeerReceiver`, opens and vets link rooms,
 * and keeps the heartbeat and dormancy sweeps. `start()` runs it until
 * `stop()`.
 */
export class MatrixCarrier {
  readonly sender: FederationSender;
  readonly inbound: FederationInbound;
  readonly receiver: CarrierReceiver;
  readonly rooms: LinkRooms;
  readonly beacon: TailBeacon;
  readonly announce: AnnounceRooms | null;
  readonly media: MediaTexts;
  private readonly sync: FederationSync;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly now: () => Date;
  private syncLoop: Promise<void> | null = null;
  private ticking: Promise<void> | null = null;
  private readonly invitesAgain: { readonly roomId: string; readonly inviter: string; readonly attempt: number }[] = [];

  constructor(private readonly o: MatrixCarrierOptions) {
    this.now = o.now ?? (() => new Date());
    this.beacon = new TailBeacon({ outbox: o.outbox, links: o.links, identity: o.identity, log: o.log, now: this.now, quietMs: o.quietMs ?? 30_000, ...(o.heads ? { heads: o.heads } : {}), ...(o.announce ? { skip: (roomId: string) => o.announce?.isAnnounceRoom(roomId) ?? Promise.resolve(false) } : {}) });
    this.media = new MediaTexts(o.homeserver, o.largeText);
    this.sender = new FederationSender({ outbox: o.outbox, homeserver: o.homeserver, identity: o.identity, now: this.now, log: o.log, holds: (roomId) => this.rooms.holds(roomId), onSent: (e, at) => this.beacon.sent(e, at), media: this.media });
    if (o.receiverFor) this.receiver = o.receiverFor(withCarrierHooks, this.media);
    else if (o.hooks) this.receiver = new PeerReceiver(o.links, ed25519Verifier, withCarrierHooks(o.hooks), o.inbox ?? {});
    else throw new Error('MatrixCarrier: give it the relay (receiverFor) or hooks');
    this.inbound = new FederationInbound({ receiver: this.receiver, outbox: o.outbox, sender: this.sender, identity: o.identity, now: this.now, log: o.log, media: this.media, ...(o.onTextHeld ? { onTextHeld: o.onTextHeld } : {}), ...(o.quota ? { quota: o.quota } : {}) });
    this.announce = o.announce ? new AnnounceRooms({ directory: o.announce, outbox: o.outbox, links: o.links, homeserver: o.homeserver, identity: o.identity, log: o.log, now: this.now }) : null;
    const announce = this.announce;
    this.rooms = new LinkRooms({ outbox: o.outbox, homeserver: o.homeserver, log: o.log, now: this.now, onLinkRoomOpened: o.onLinkRoomOpened, ...(announce ? { announce: (roomId, inviter, state) => announce.vet(roomId, inviter, state) } : {}) });
    this.sync = new FederationSync(o.homeserver, o.position, o.log, o.syncTimeoutMs ?? 30_000, () => void this.showPosition('sync recovered'));
  }

  start(): void {
    this.syncLoop = this.sync.run((events, invites) => this.receiveBatch(events, invites));
    this.every(this.o.pollMs ?? 2000, () => this.tick());
    this.every(this.o.heartbeatMs ?? 6 * HOUR, () => this.heartbeat());
    // What was sent before a stop may have been lost on the way: the position shows it.
    void this.tick();
    void this.showPosition('carrier start');
  }

  /** One sync batch: invitations to link rooms (read from their start), then the events, then the answers. */
  async receiveBatch(events: readonly RawEvent[], invites: readonly Invite[]): Promise<void> {
    for (const i of invites) await this.actOnInvite(i, 1);
    for (const e of events) this.inbound.push(e);
    await this.inbound.pump();
    // Answers (resends, errors) go out beside the sync, never holding up what comes in.
    void this.drain();
  }

  /** A heartbeat in every link room, showing this deployment's position there (and what it applied). */
  async showPosition(why: string): Promise<void> {
    await this.beacon.everywhere(why).catch((e: unknown) => this.o.log.warn({ err: e }, 'federation: position heartbeats failed; the next quiet room or restart sends them'));
    await this.drain();
  }

  /**
   * Joins a room this bot was invited to, vets it and reads it from its start
   * (what the peer sent before the join is not in this bot's sync). A failed
   * join is tried again at the next polls, a few times: on real Synapse a
   * join right after a remote invite is sometimes refused as "not invited"
   * (the inviting server has not settled it yet), and the sync shows an
   * invitation only once.
   */
  private async actOnInvite(i: { readonly roomId: string; readonly inviter: string }, attempt: number): Promise<void> {
    try {
      if (await this.rooms.acceptInvite(i.roomId, i.inviter)) {
        const before = await this.o.homeserver.history(i.roomId, 1000);
        this.o.log.info({ roomId: i.roomId, events: before.length }, 'federation: read the room from its start');
        for (const e of before) this.inbound.push(e);
        await this.inbound.pump();
      }
    } catch (e) {
      const again = attempt < INVITE_ATTEMPTS;
      this.o.log.warn({ err: e, roomId: i.roomId, attempt, again }, 'federation: could not act on an invitation');
      if (again) this.invitesAgain.push({ ...i, attempt: attempt + 1 });
    }
  }

  /** Sends what is queued now (the relay may call it after enqueueing, not to wait for the next poll). */
  async drain(): Promise<void> {
    await this.sender.drain().catch((e: unknown) => this.o.log.warn({ err: e }, 'federation: sending failed; retried at the next poll'));
  }

  /** Opens requested link rooms, asks for lasting gaps, sends what is queued. */
  tick(): Promise<void> {
    this.ticking ??= (async () => {
      try {
        for (const i of this.invitesAgain.splice(0)) await this.actOnInvite(i, i.attempt);
        await this.rooms.openPending().catch((e: unknown) => this.o.log.warn({ err: e }, 'federation: could not open a link room; retried at the next poll'));
        await this.rooms.checkJoins().catch((e: unknown) => this.o.log.warn({ err: e }, 'federation: could not look at a link room'));
        await this.announce?.tick().catch((e: unknown) => this.o.log.warn({ err: e }, 'federation: could not keep the announce rooms; retried at the next poll'));
        await this.inbound.sweepGaps().catch((e: unknown) => this.o.log.warn({ err: e }, 'federation: gap sweep failed'));
        await this.beacon.due().catch((e: unknown) => this.o.log.warn({ err: e }, 'federation: position heartbeat failed; tried at the next poll'));
        // Not awaited: a long send must not hold up the gap sweep (the sender runs one drain at a time anyway).
        void this.drain();
      } finally {
        this.ticking = null;
      }
    })();
    return this.ticking;
  }

  async heartbeat(): Promise<void> {
    try {
      await beat({ outbox: this.o.outbox, links: this.o.links, identity: this.o.identity, log: this.o.log, periodMs: this.o.heartbeatMs ?? 6 * HOUR, dormantAfterMs: this.o.dormantAfterMs ?? 7 * 24 * HOUR, ...(this.o.heads ? { heads: this.o.heads } : {}), ...(this.o.announce ? { skip: (roomId: string) => this.o.announce?.isAnnounceRoom(roomId) ?? Promise.resolve(false) } : {}) }, this.now());
      await this.o.afterHeartbeat?.();
      await this.drain();
    } catch (e) {
      this.o.log.warn({ err: e }, 'federation: heartbeat failed');
    }
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.inbound.close();
    await this.sync.stop();
    await this.syncLoop?.catch(() => undefined);
    await this.ticking;
  }

  private every(ms: number, fn: () => Promise<void>): void {
    const t = setInterval(() => void fn(), ms);
    t.unref();
    this.timers.push(t);
  }
}
