/**
 * Referral texts over 16 KiB travel as Matrix media (docs/FEDERATION-PROTOCOL.md
 * §3, `org.plenary.referral`): the carrier uploads them and fetches them for
 * the relay, which checks them against the signed hash. The core never talks
 * to a homeserver itself.
 */
export interface LargeTextSource {
  /** The media's text (UTF-8), or null when it cannot be had now (asked again later). */
  fetchText(mxc: string): Promise<string | null>;
}

/** Referral texts up to this many UTF-8 bytes travel inside the event. */
export const INLINE_TEXT_MAX = 16_384;

export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
