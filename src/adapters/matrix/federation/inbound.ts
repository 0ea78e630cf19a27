import { createHash } from 'node:crypto';
import type { RawEvent } from '../../../core/federation-protocol/envelope.js';
import { heartbeatBody, MAX_RESEND, referralBody, resendBody, type EventBody } from '../../../core/federation-protocol/events.js';
import type { ResendRequest } from '../../../core/federation-protocol/inbox.js';
import { DEFAULT_PEER_QUOTA, FairPeerQueue, type QuotaOptions } from '../../../core/federation-protocol/quota.js';
import type { ReceiveOutcome, ReceiverHooks } from '../../../core/federation-protocol/receiver.js';
import type { DeploymentIdentity, OutboundEventInput, PeerOutbox } from '../../../core/ports/federation-link.port.js';
import type { Logger } from '../../../core/ports/logger.port.js';
import type { FederationSender } from './sender.js';
import type { MediaTexts } from './media.js';

export const hash24 = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 24);

/**
 * The relay's receiver hooks with the transport's own event handled here: a
 * verified `org.plenary.resend` is the carrier's business (it sends again,
 * `FederationInbound`), so it is applied without reaching the relay.
 */
export function withCarrierHooks<Tx>(hooks: ReceiverHooks<Tx>): ReceiverHooks<Tx> {
  return { ...hooks, other: (type, body, entry, tx) => (type === 'org.plenary.resend' ? Promise.resolve({ status: 'applied' }) : hooks.other(type, body, entry, tx)) };
}

/** What the carrier needs of a `PeerReceiver`, whatever transaction its hooks run in. */
export interface CarrierReceiver {
  receive(raw: RawEvent, now: Date): Promise<ReceiveOutcome>;
  readonly inbox: { sweepGaps(now: Date): Promise<ResendRequest[]> };
}

export interface FederationInboundOptions {
  readonly receiver: CarrierReceiver;
  readonly outbox: PeerOutbox;
  readonly sender: FederationSender;
  readonly identity: DeploymentIdentity;
  readonly now: () => Date;
  readonly log: Logger;
  readonly quota?: QuotaOptions;
  /** Events kept waiting per peer beyond its quota (the rest are read again from Matrix or resent). */
  readonly maxQueued?: number;
  /** Checks a referral's text that came as media before the event goes on (held and tried again while it fails). */
  readonly media?: MediaTexts;
  /** A referral held because its media is not the signed text (its facilitators are told). */
  readonly onTextHeld?: (body: EventBody<'org.plenary.referral'>) => Promise<void>;
}

/** What became of one event: the receiver's outcome, or held here (its media text is missing or not the signed one). */
export type HandleOutcome = ReceiveOutcome | { readonly kind: 'held'; readonly reason: 'unavailable' | 'mismatch' };

export interface InboundCounts {
  accepted: number;
  duplicate: number;
  refused: number;
  errors: number;
  /** Referrals held back because their media text was missing or did not match its signed hash. */
  held: number;
}

/**
 * The receiving half of the carrier: `org.plenary.*` events from the link
 * rooms wait per sending deployment (`FairPeerQueue`: a flooding peer waits
 * on its own bucket), then go to `PeerReceiver.receive` one at a time. It
 * answers a version it does not speak and an equivocated seq with
 * `org.plenary.error`, asks for gaps with `org.plenary.resend`, and answers
 * the peer's resend requests and heartbeats by sending again.
 */
export class FederationInbound {
  readonly counts: InboundCounts = { accepted: 0, duplicate: 0, refused: 0, errors: 0, held: 0 };
  /** Held referrals, by idempotency key (or content hash), tried again at every sweep. */
  private readonly held = new Map<string, RawEvent>();
  private readonly queue: FairPeerQueue<RawEvent>;
  private pumping: Promise<void> | null = null;
  private wake: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly o: FederationInboundOptions) {
    this.queue = new FairPeerQueue(o.quota ?? DEFAULT_PEER_QUOTA, o.maxQueued ?? 10_000);
  }

  /** Queues one event under its claimed deployment (unverified: a forger only fills its own claimed queue). */
  push(raw: RawEvent): void {
    const c = raw.content as Record<string, unknown> | null;
    const peer = typeof c?.deployment === 'string' ? c.deployment.slice(0, 80) : `?${raw.sender}`;
    if (!this.queue.push(peer, raw)) this.o.log.warn({ peer, dropped: this.queue.dropped(peer) }, 'federation: a peer floods; its surplus waits in Matrix for a resend');
  }

  /** Works the queue as far as the quotas allow now; the rest is picked up when a token is there. */
  pump(): Promise<void> {
    this.pumping ??= this.pumpOnce().finally(() => {
      this.pumping = null;
    });
    return this.pumping;
  }

  close(): void {
    this.closed = true;
    if (this.wake) clearTimeout(this.wake);
  }

  /** Asks again for what a lasting gap misses (the inbox's sweep). */
  async sweepGaps(): Promise<readonly ResendRequest[]> {
    for (const [key, raw] of [...this.held]) {
      this.held.delete(key);
      await this.handle(raw).catch((e: unknown) => this.o.log.warn({ err: e, roomId: raw.roomId }, 'federation: a held referral could not be handled'));
    }
    const asks = await this.o.receiver.inbox.sweepGaps(this.o.now());
    for (const r of asks) await this.enqueue({ roomId: r.roomId, type: 'org.plenary.resend', body: { from_seq: r.fromSeq, to_seq: r.toSeq, reason: 'gap' }, idempotencyKey: `rs/${hash24(r.roomId)}/${r.sender}/${String(r.fromSeq)}-${String(r.toSeq)}/${String(this.o.now().getTime())}` });
    return asks;
  }

  private async pumpOnce(): Promise<void> {
    for (;;) {
      const next = this.queue.next(Date.now());
      if (!next) break;
      try {
        await this.handle(next.item);
      } catch (e) {
        this.counts.errors++;
        this.o.log.error({ err: e, roomId: next.item.roomId, type: next.item.type }, 'federation: an event could not be handled; a resend brings it again');
      }
    }
    const wait = this.queue.waitMs(Date.now());
    if (wait !== null && !this.closed && !this.wake) {
      this.wake = setTimeout(() => {
        this.wake = null;
        void this.pump();
      }, Math.max(wait, 10));
    }
  }

  async handle(raw: RawEvent): Promise<HandleOutcome> {
    const media = (await this.o.media?.check(raw)) ?? 'ok';
    if (media !== 'ok') {
      // Not handed on, so its seq stays open: nothing after it applies until the right text is there.
      this.counts.held++;
      const c = raw.content as { idempotency_key?: unknown; body?: { proposal?: unknown; version?: unknown } } | null;
      this.held.set(typeof c?.idempotency_key === 'string' ? c.idempotency_key : hash24(JSON.stringify(raw.content)), raw);
      this.o.log.warn(
        { roomId: raw.roomId, sender: raw.sender, proposal: c?.body?.proposal, version: c?.body?.version, reason: media },
        media === 'mismatch' ? 'federation: a proposal text from the parent deployment was changed on its way (its file does not match the signed hash); it is refused for now and fetched again later' : 'federation: a proposal text from the parent deployment cannot be fetched yet; it is asked for again later',
      );
      const body = referralBody.safeParse(c?.body);
      if (media === 'mismatch' && body.success) await this.o.onTextHeld?.(body.data).catch((e: unknown) => this.o.log.warn({ err: e }, 'federation: could not tell the assembly about a held referral'));
      return { kind: 'held', reason: media };
    }
    const outcome = await this.o.receiver.receive(raw, this.o.now());
    switch (outcome.kind) {
      case 'refused':
        this.counts.refused++;
        this.o.log.warn({ roomId: raw.roomId, sender: raw.sender, type: raw.type, reason: outcome.reason, detail: outcome.detail }, 'federation: event refused');
        break;
      case 'duplicate':
        this.counts.duplicate++;
        break;
      case 'unsupported-version':
        if (outcome.to !== null) await this.answerError(raw, outcome.reply);
        break;
      case 'seq-conflict':
        this.counts.refused++;
        this.o.log.warn({ roomId: raw.roomId, sender: raw.sender, refersTo: outcome.reply.refers_to }, 'federation: a peer sent two events under one seq');
        await this.answerError(raw, outcome.reply);
        break;
      case 'accepted':
        this.counts.accepted++;
        await this.answerTransport(raw);
        if (outcome.resend) await this.enqueue({ roomId: outcome.resend.roomId, type: 'org.plenary.resend', body: { from_seq: outcome.resend.fromSeq, to_seq: outcome.resend.toSeq, reason: 'gap' }, idempotencyKey: `rs/${hash24(outcome.resend.roomId)}/${outcome.resend.sender}/${String(outcome.resend.fromSeq)}-${String(outcome.resend.toSeq)}/${String(this.o.now().getTime())}` });
        break;
    }
    return outcome;
  }

  /** A verified resend request or heartbeat from the peer: send again what it lacks. */
  private async answerTransport(raw: RawEvent): Promise<void> {
    const c = raw.content as { body?: unknown; idempotency_key?: string };
    const request = c.idempotency_key ?? '';
    if (raw.type === 'org.plenary.resend') {
      const r = resendBody.safeParse(c.body);
      if (r.success) await this.o.sender.resend(raw.roomId, r.data.from_seq, r.data.to_seq, request);
    } else if (raw.type === 'org.plenary.heartbeat') {
      const h = heartbeatBody.safeParse(c.body);
      if (!h.success) return;
      const last = await this.o.outbox.lastSeq(raw.roomId);
      const from = h.data.last_seq_received + 1;
      if (last >= from) await this.o.sender.resend(raw.roomId, from, Math.min(last, from + MAX_RESEND - 1), request);
    }
  }

  private async answerError(raw: RawEvent, reply: EventBody<'org.plenary.error'>): Promise<void> {
    // An error is never answered with an error.
    if (raw.type === 'org.plenary.error') return;
    const about = reply.refers_to ?? hash24(JSON.stringify(raw.content));
    await this.enqueue({ roomId: raw.roomId, type: 'org.plenary.error', body: reply, idempotencyKey: `err/${reply.code}/${hash24(`${raw.roomId}\u0000${about}`)}` });
  }

  private async enqueue(e: OutboundEventInput): Promise<void> {
    await this.o.outbox.enqueue([e], this.o.now());
    void this.o.sender.drain().catch((err: unknown) => this.o.log.warn({ err }, 'federation: drain failed'));
  }
}
