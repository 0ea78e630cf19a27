import type { EventBody } from '../../federation-protocol/events.js';
import { utf8Bytes, type LargeTextSource } from '../../ports/large-text.port.js';
import type { CoreDeps } from '../../services/deps.js';
import { asProposalId } from '../../shared/ids.js';
import { ownId, sha256Hex } from './refs.js';

type Referral = EventBody<'org.plenary.referral'>;

/**
 * The whole text of one of this deployment's proposal versions, for the
 * carrier to upload as media when a referral's text is over 16 KiB: null
 * when the proposal is not this deployment's or the text is not the one
 * the queued event's hash names.
 */
export async function largeReferralText(deps: CoreDeps, body: Referral): Promise<string | null> {
  const me = deps.deployment;
  const id = me ? ownId(me.deployment, body.proposal) : null;
  const version = id ? await deps.store.read.relay.version(asProposalId(id), body.version) : null;
  return version && sha256Hex(version.text) === body.text_sha256 ? version.text : null;
}

export type ReferralText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly why: 'mismatch' | 'unavailable'; readonly note: string };

/**
 * A received referral's whole text, checked against its signed hash and
 * length: inline, or fetched from its media. A homeserver can withhold the
 * media (asked again later) but not swap it.
 */
export async function referralText(body: Referral, media: LargeTextSource | undefined): Promise<ReferralText> {
  const text = body.text_mxc === null ? body.text : ((await media?.fetchText(body.text_mxc).catch(() => null)) ?? null);
  if (text === null) return { ok: false, why: 'unavailable', note: `the text of ${body.proposal} v${String(body.version)} (${body.text_mxc ?? 'inline'}) cannot be fetched now` };
  if (sha256Hex(text) !== body.text_sha256 || utf8Bytes(text) !== body.text_bytes) return { ok: false, why: 'mismatch', note: 'the text does not match its signed hash' };
  return { ok: true, text };
}
