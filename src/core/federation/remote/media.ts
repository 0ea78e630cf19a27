import type { EventBody } from '../../federation-protocol/events.js';
import { utf8Bytes, type LargeTextSource } from '../../ports/large-text.port.js';
import type { CoreDeps } from '../../services/deps.js';
import { asAssemblyId, asProposalId } from '../../shared/ids.js';
import { publicMessage } from '../../messages/message.js';
import { roomSpeech } from '../../i18n/audience.js';
import { sendRows } from '../../relay/outbox.js';
import type { ParentLinkData } from './child.js';
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

/**
 * The receiving carrier holds a referral whose media is not the signed text:
 * the local assembly it was meant for is told in its rooms, once per
 * proposal version (the message key), in its own language.
 */
export async function tellHeldReferralText(deps: CoreDeps, body: Referral): Promise<void> {
  const me = deps.deployment;
  const id = me ? ownId(me.deployment, body.to_assembly) : null;
  if (!id) return;
  const link = (await deps.store.read.remotes.mirrorsOf('parent-link', [id])).find((m) => (m.data as unknown as ParentLinkData).parentAssembly === body.from_assembly);
  const [assembly, bindings] = await Promise.all([deps.store.read.assembly(asAssemblyId(id)), deps.store.read.bindingsOf(asAssemblyId(id))]);
  if (!assembly || bindings.length === 0) return;
  const t = roomSpeech(assembly.policy);
  const parent = (link?.data as unknown as ParentLinkData | undefined)?.parentName ?? body.from_assembly;
  const message = publicMessage(t.t('fed.remote.textHeld.title', { assembly: assembly.name }), t.t('fed.remote.textHeld.body', { title: body.title, version: body.version, parent }), { tone: 'warning' });
  const key = `text-held.${id}.${body.proposal}.v${String(body.version)}`;
  await deps.store.transaction((tx) => tx.relay.enqueueMany(sendRows([{ bindings, message, key }], key)));
}
