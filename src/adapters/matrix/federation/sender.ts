import { buildEnvelope, type Envelope } from '../../../core/federation-protocol/envelope.js';
import { STATE_EVENT_TYPES } from '../../../core/federation-protocol/events.js';
import type { DeploymentIdentity, OutboundEvent, PeerOutbox } from '../../../core/ports/federation-link.port.js';
import type { Logger } from '../../../core/ports/logger.port.js';
import { txnIdFor } from '../txn-id.js';
import type { FederationHomeserver } from './client.js';
import type { MediaTexts } from './media.js';

export interface FederationSenderOptions {
  readonly outbox: PeerOutbox;
  readonly homeserver: FederationHomeserver;
  readonly identity: DeploymentIdentity;
  readonly now: () => Date;
  readonly log: Logger;
  /** Events read per page of `pending`. */
  readonly batch?: number;
  /**
   * Rooms sent to at once (default 8). Within a room one event is in flight at
   * a time, in seq order: in flight together, events of one room fork its DAG,
   * and a homeserver paging back may skip a branch. Rooms are independent.
   */
  readonly roomsInFlight?: number;
  /** Rooms whose events must wait for now (a link room the peer's bot has not joined yet). */
  readonly holds?: (roomId: string) => boolean;
  /** Told of each event that went out for the first time (`TailBeacon.sent`). */
  readonly onSent?: (e: OutboundEvent, at: Date) => void;
  /** Uploads a referral text over 16 KiB as media before its event is first signed. */
  readonly media?: MediaTexts;
}

/**
 * Sends what the relay queued (`PeerOutbox.pending`), in seq order per room:
 * the envelope is built and signed at send time with `sent_at` = the row's
 * `createdAt` and the key current then, so every send of one row is the same
 * bytes; the Matrix transaction id comes from the idempotency key, so a
 * retried send is one event. A room whose send fails is left for the next
 * drain (its later events wait behind it); the other rooms go on.
 */
export class FederationSender {
  private running: Promise<number> | null = null;
  private again = false;

  constructor(private readonly o: FederationSenderOptions) {}

  /** Sends everything pending; concurrent calls share one drain (and one more pass after it). */
  drain(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = (async () => {
      let total = 0;
      for (;;) {
        this.again = false;
        total += await this.drainOnce();
        if (!this.askedAgain()) return total;
      }
    })().finally(() => {
      this.running = null;
    });
    this.running = run;
    return run;
  }

  /** Whether a drain was asked for while the last pass ran (it may have missed what that caller queued). */
  private askedAgain(): boolean {
    return this.again;
  }

  /** Sends `[fromSeq, toSeq]` of a room again, unchanged (a resend request or a heartbeat), under txn ids of this request. */
  async resend(roomId: string, fromSeq: number, toSeq: number, request: string): Promise<number> {
    let n = 0;
    for (const e of await this.o.outbox.range(roomId, fromSeq, toSeq)) {
      // Not yet sent: the drain sends it; sending it here too would only make a duplicate.
      if (e.sentAt === null) continue;
      await this.put(e, `resend:${request}`);
      n++;
    }
    if (n > 0) this.o.log.info({ roomId, fromSeq, toSeq, sent: n }, 'federation: events sent again on request');
    return n;
  }

  /** The signed content of one queued event, identical on every call. */
  envelope(e: OutboundEvent): Envelope {
    const signer = this.o.identity.signerAt?.(e.createdAt, this.o.now()) ?? this.o.identity.signer;
    const env = buildEnvelope({ type: e.type, roomId: e.roomId, deployment: this.o.identity.deployment, idempotencyKey: e.idempotencyKey, seq: e.seq, sentAt: e.createdAt, body: e.body as never }, signer);
    if (!env.ok) throw new Error(`federation: ${e.idempotencyKey} cannot be signed: ${env.error.message}`);
    return env.value;
  }

  private async drainOnce(): Promise<number> {
    const blocked = new Set<string>();
    let sent = 0;
    for (;;) {
      const page = (await this.o.outbox.pending(this.o.batch ?? 100)).filter((e) => !blocked.has(e.roomId) && !(this.o.holds?.(e.roomId) ?? false));
      if (page.length === 0) return sent;
      const byRoom = new Map<string, OutboundEvent[]>();
      for (const e of page) byRoom.set(e.roomId, [...(byRoom.get(e.roomId) ?? []), e]);
      const done: { id: string; eventId: string }[] = [];
      // Each room's events one after the other, in seq order; up to `roomsInFlight` rooms at once.
      const rooms = [...byRoom.values()];
      const lanes = Array.from({ length: Math.min(this.o.roomsInFlight ?? 8, rooms.length) }, async () => {
        for (let events = rooms.shift(); events; events = rooms.shift()) {
          for (const e of events) {
            try {
              done.push({ id: e.id, eventId: await this.put(e, '') });
              this.o.onSent?.(e, this.o.now());
            } catch (err) {
              blocked.add(e.roomId);
              this.o.log.warn({ err, roomId: e.roomId, seq: e.seq, key: e.idempotencyKey }, 'federation: send failed; the room waits for the next drain');
              break;
            }
          }
        }
      });
      await Promise.all(lanes);
      await this.o.outbox.markSent(done, this.o.now());
      sent += done.length;
    }
  }

  private async put(queued: OutboundEvent, part: string): Promise<string> {
    const e = this.o.media ? await this.o.media.prepare(queued, this.o.outbox) : queued;
    const content = this.envelope(e);
    if (STATE_EVENT_TYPES.has(e.type) && e.stateKey !== null && e.stateKey !== undefined) return this.o.homeserver.putState(e.roomId, e.type, e.stateKey, content);
    return this.o.homeserver.send(e.roomId, e.type, content, txnIdFor(e.idempotencyKey, part));
  }
}
