import type { APIEmbed, APIEmbedField } from 'discord.js';
import { formatHead } from '../../core/events/witness.js';
import { ENGLISH, type Speech } from '../../core/i18n/index.js';
import { commandRoots, prefixCommandRefs } from '../../core/messages/command-ref.js';
import type { MessageField, OutMessage, VoteControls } from '../../core/messages/message.js';
import { plenaryCommandTable } from '../../core/plenary.js';
import type { LiveTally } from '../../core/services/live-tally.js';
import { escapeDiscordMarkdown as md } from './escape-markdown.js';
import { announcementControls, changeVoteRow, type Row } from './render-controls.js';
import { clip, DISCORD_LIMITS, size } from './limits.js';

/** A platform-neutral message rendered for Discord: what both REST sends and interaction replies are built from. */
export interface RenderedMessage {
  readonly embeds: APIEmbed[];
  readonly components: Row[];
  readonly files: { readonly name: string; readonly data: Buffer }[];
  /** Personal replies are ephemeral. */
  readonly ephemeral: boolean;
}

/** Nobody is ever pinged by anything the bot posts: the one allowed_mentions value it sends. */
export const NO_MENTIONS = { parse: [] as never[] };

export interface RenderOptions {
  /** The running count to show on an open motion's announcement (null: none yet). */
  readonly tally?: LiveTally | null;
  /** Adds "Change my vote" under a ballot confirmation. */
  readonly changeVoteFor?: string;
  /** The words of the controls, the tally and its title: the reader's (a room: its assembly's language; a personal reply: the member's locale). English unless given. */
  readonly speech?: Speech;
}

/** The commands the core's texts may name (as code spans), typed with a slash here: `/vote 12 yes`. */
const ROOTS = commandRoots(plenaryCommandTable());
const slash = (text: string): string => prefixCommandRefs(text, ROOTS, '/');

const COLOURS = { info: 0x5865f2, success: 0x57f287, warning: 0xfee75c, error: 0xed4245 } as const;

/** True for a rendered refusal or error (the colour `tone: 'error'` renders to). */
export const isRenderedError = (m: RenderedMessage): boolean => m.embeds.some((e) => e.color === COLOURS.error);

/**
 * OutMessage → one embed (+ vote components, + attachment). All text is user
 * text as far as the renderer knows: its markdown is escaped and mentions
 * made inert (see escapeDiscordMarkdown), so the only formatting is the
 * embed's own structure; every piece is clipped to Discord's limits, and a clipped motion text says where to read
 * the rest.
 */
export function renderMessage(m: OutMessage, o: RenderOptions = {}): RenderedMessage {
  const note = truncationNote(m.controls);
  const fields: MessageField[] = [...(m.fields ?? [])];
  if (m.controls && !m.controls.closed) fields.push(tallyField(m.controls, o.tally ?? null, o.speech));
  const embed = fitEmbed(
    {
      title: clip(md(m.title), DISCORD_LIMITS.embedTitle),
      ...(m.body ? { description: clip(md(slash(m.body)), DISCORD_LIMITS.embedDescription, note) } : {}),
      color: COLOURS[m.tone ?? 'info'],
    },
    fields.map((f) => ({
      name: clip(md(f.name), DISCORD_LIMITS.fieldName) || '\u200b',
      value: clip(md(slash(f.value)), DISCORD_LIMITS.fieldValue, note) || '—',
      ...(f.inline ? { inline: true } : {}),
    })),
    note,
    // The chain head in the footer: plain text there (no markdown, no mentions), read back by `audit verify`.
    m.chainHead ? formatHead(m.chainHead.assembly, m.chainHead) : '',
  );
  const components = m.controls ? announcementControls(m.controls, o.speech) : [];
  if (o.changeVoteFor) components.push(changeVoteRow(o.changeVoteFor, o.speech));
  const files = m.attachment ? [{ name: clip(m.attachment.filename, 100), data: Buffer.from(m.attachment.content, 'utf8') }] : [];
  return { embeds: [embed], components, files, ephemeral: m.visibility === 'personal' };
}

function truncationNote(c: VoteControls | undefined): string {
  return c ? ` (truncated: the full text is available with /motion show ${c.motionNumber})` : ' (truncated: the full text is available with /motion show)';
}

/** Live tally while voting is open; a secret ballot shows only how many have voted. */
export function tallyField(c: VoteControls, t: LiveTally | null, s: Speech = ENGLISH): MessageField {
  const cast = s.t('adapter.discord.tally.cast', { n: t?.ballots ?? 0 });
  if (c.secret) return { name: s.t('adapter.discord.tally.secret'), value: cast };
  const counts = t?.counts ?? {};
  if (c.method === 'yes-no-abstain') return { name: s.t('adapter.discord.tally.title', { what: 'yes_no' }), value: s.t('adapter.discord.tally.yesNo', { yes: counts.yes ?? 0, no: counts.no ?? 0, abstain: counts.abstain ?? 0, cast }) };
  const lines = c.options.map((opt, i) => `${i + 1}. ${opt}: ${counts[String(i)] ?? 0}`);
  return { name: s.t('adapter.discord.tally.title', { what: c.method === 'ranked' ? 'ranked' : 'approval' }), value: `${lines.join('\n')}\n${cast}` };
}

const fieldSize = (f: APIEmbedField): number => size(f.name) + size(f.value);

/** Keeps the whole embed within 6,000 characters and 25 fields: the description shrinks first, then trailing fields go. */
function fitEmbed(base: APIEmbed, all: APIEmbedField[], note: string, head = ''): APIEmbed {
  let fields = all.slice(0, DISCORD_LIMITS.embedFields);
  let dropped = all.length - fields.length;
  const total = (d: string | undefined): number => size(base.title ?? '') + size(d ?? '') + fields.reduce((n, f) => n + fieldSize(f), 0) + size(footer(dropped, head));
  let description = base.description;
  let over = total(description) - DISCORD_LIMITS.embedTotal;
  if (over > 0 && description) {
    const keep = Math.max(200, size(description) - over);
    description = clip(description, keep, note);
    over = total(description) - DISCORD_LIMITS.embedTotal;
  }
  while (over > 0 && fields.length > 0) {
    fields = fields.slice(0, -1);
    dropped++;
    over = total(description) - DISCORD_LIMITS.embedTotal;
  }
  return {
    ...base,
    ...(description === undefined ? {} : { description }),
    ...(fields.length > 0 ? { fields } : {}),
    ...(dropped > 0 || head !== '' ? { footer: { text: footer(dropped, head) } } : {}),
  };
}

const footer = (dropped: number, head = ''): string =>
  [dropped > 0 ? `${dropped} more field(s) not shown: use /motion show for everything.` : '', clip(head, DISCORD_LIMITS.footer)].filter((l) => l !== '').join('\n');
