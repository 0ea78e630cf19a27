import { createHash } from 'node:crypto';
import type { RawEvent } from '../../../core/federation-protocol/envelope.js';
import { referralBody, type EventBody } from '../../../core/federation-protocol/events.js';
import type { OutboundEvent, PeerOutbox } from '../../../core/ports/federation-link.port.js';
import { INLINE_TEXT_MAX, utf8Bytes, type LargeTextSource } from '../../../core/ports/large-text.port.js';
import type { FederationHomeserver } from './client.js';

type Referral = EventBody<'org.plenary.referral'>;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The whole text of one of this deployment's referrals (the relay's `largeText`). */
export type LargeTextOf = (body: Referral) => Promise<string | null>;

/**
 * Referral texts over 16 KiB as Matrix media (docs/FEDERATION-PROTOCOL.md §3):
 * uploaded once before the referral is first signed (its `text_mxc` stored in
 * the queued event, so a resend is the same bytes), fetched for the relay on
 * the receiving side and checked against the signed hash before the event is
 * handed on. Fetched texts are kept a while (the relay reads them when the
 * lane reaches the event).
 */
export class MediaTexts implements LargeTextSource {
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly homeserver: FederationHomeserver,
    private readonly largeText?: LargeTextOf,
    private readonly keep = 64,
  ) {}

  /** The queued event as it must be signed: a large referral text uploaded first. Throws when it cannot be (the room waits). */
  async prepare(e: OutboundEvent, outbox: PeerOutbox): Promise<OutboundEvent> {
    if (e.type !== 'org.plenary.referral') return e;
    const body = e.body as Referral;
    if (body.text_mxc !== null || body.text !== '' || body.text_bytes <= INLINE_TEXT_MAX) return e;
    const text = await this.largeText?.(body);
    if (!text || !this.homeserver.upload) throw new Error(`federation: the text of ${body.proposal} v${String(body.version)} cannot be uploaded`);
    const completed = { ...body, text_mxc: await this.homeserver.upload(text) };
    // Sent already by another drain: what it sent stands.
    if (!(await outbox.completeBody(e.id, completed))) throw new Error(`federation: ${e.idempotencyKey} was sent meanwhile`);
    return { ...e, body: completed };
  }

  async fetchText(mxc: string): Promise<string | null> {
    const known = this.cache.get(mxc);
    if (known !== undefined) return known;
    const text = (await this.homeserver.download?.(mxc)) ?? null;
    if (text === null) return null;
    this.cache.set(mxc, text);
    if (this.cache.size > this.keep) this.cache.delete(this.cache.keys().next().value ?? '');
    return text;
  }

  /**
   * Whether a received event can go on to the receiver now: a referral whose
   * text is media must have it, matching its signed hash and length (else it
   * waits: `unavailable`, or `mismatch` when the homeserver serves another file).
   */
  async check(raw: RawEvent): Promise<'ok' | 'unavailable' | 'mismatch'> {
    if (raw.type !== 'org.plenary.referral') return 'ok';
    const parsed = referralBody.safeParse((raw.content as { body?: unknown } | null)?.body);
    if (!parsed.success || parsed.data.text_mxc === null) return 'ok';
    const b = parsed.data;
    const mxc = parsed.data.text_mxc;
    const text = await this.fetchText(mxc).catch(() => null);
    if (text === null) return 'unavailable';
    if (sha256(text) === b.text_sha256 && utf8Bytes(text) === b.text_bytes) return 'ok';
    this.cache.delete(mxc);
    return 'mismatch';
  }
}
