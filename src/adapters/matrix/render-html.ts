import type { OutMessage } from '../../core/messages/message.js';
import { formatHead } from '../../core/events/witness.js';
import { isCommandRef, prefixCommandRefs } from '../../core/messages/command-ref.js';
import { escapeHtml } from '../../core/messages/inert.js';
import { inertMatrixText } from './mentions.js';

/** A message body in the two forms Matrix clients read. */
export interface Rendered {
  readonly body: string;
  readonly html: string;
}

export interface RenderOptions {
  /** The command prefix (`!`), put in front of the bare commands the core's texts mention. */
  readonly prefix: string;
  /** First words of every command in the table (help, join, motion, vote…). */
  readonly commandRoots: ReadonlySet<string>;
  /** Help replies list bare commands line by line (`motion propose — …`, examples); prefix those too. */
  readonly helpListing?: boolean;
  /** Ids the text may show as they are (the bot's own user id); every other user id or alias is made inert. */
  readonly keepIds?: ReadonlySet<string>;
}

const TONE: Record<NonNullable<OutMessage['tone']>, string> = { info: '', success: '✔ ', warning: '⚠ ', error: '✖ ' };
/**
 * The core names commands as code spans without a prefix (`join`, `vote 12
 * yes`; see core/messages/command-ref.ts): on Matrix they get the prefix. Help
 * replies also list bare commands line by line (listings and examples), which
 * get it too.
 */
export function withPrefix(text: string, o: RenderOptions): string {
  const isCommand = (s: string): boolean => isCommandRef(s, o.commandRoots);
  let examples = false;
  return text
    .split('\n')
    .map((line) => {
      if (o.helpListing && /^Examples:\s*$/.test(line)) {
        examples = true;
        return line;
      }
      const out = prefixCommandRefs(line, o.commandRoots, o.prefix);
      return o.helpListing && (examples || / — /.test(out)) && isCommand(out) && !out.startsWith(o.prefix) ? `${o.prefix}${out}` : out;
    })
    .join('\n');
}

/** Escaped user text as HTML: code spans kept, line breaks kept, mentions inert. */
export function textToHtml(text: string, keep?: ReadonlySet<string>): string {
  return escapeHtml(inertMatrixText(text, keep))
    .replace(/`([^`\n]+)`/g, '<code>$1</code>')
    .replace(/\n/g, '<br>');
}

/**
 * Renders a core message as a Matrix `body` (plain) and `formatted_body`
 * (HTML). Every piece of text from the core may hold user text, so all of
 * it is escaped and its mentions made inert; only the structure is markup.
 */
export function renderMessage(m: OutMessage, o: RenderOptions, footer?: string): Rendered {
  const title = `${TONE[m.tone ?? 'info']}${m.title}`;
  const body = m.body ? withPrefix(m.body, o) : '';
  const fields = (m.fields ?? []).map((f) => ({ name: f.name, value: withPrefix(f.value, o) }));
  const foot = footer ? withPrefix(footer, o) : '';
  const head = m.chainHead ? formatHead(m.chainHead.assembly, m.chainHead) : '';

  const plain = [title, body, fields.map((f) => `${f.name}: ${f.value.includes('\n') ? `\n${indent(f.value)}` : f.value}`).join('\n'), foot, head].filter((s) => s !== '');
  const keep = o.keepIds;
  const html = [
    `<p><strong>${escapeHtml(inertMatrixText(title, keep))}</strong></p>`,
    body ? `<p>${textToHtml(body, keep)}</p>` : '',
    fields.length > 0 ? `<ul>${fields.map((f) => `<li><strong>${escapeHtml(inertMatrixText(f.name, keep))}</strong>: ${f.value.includes('\n') ? '<br>' : ''}${textToHtml(f.value, keep)}</li>`).join('')}</ul>` : '',
    foot ? `<p>${textToHtml(foot, keep)}</p>` : '',
    head ? `<p><small>${escapeHtml(inertMatrixText(head, keep))}</small></p>` : '',
  ].filter((s) => s !== '');
  return { body: inertMatrixText(plain.join('\n\n'), keep), html: html.join('') };
}

const indent = (s: string): string =>
  s
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');

/** `m.room.message` content for a rendered message; bots send notices so other bots do not answer them. */
export function noticeContent(r: Rendered, mentions: readonly string[] = []): Record<string, unknown> {
  return {
    msgtype: 'm.notice',
    body: r.body,
    format: 'org.matrix.custom.html',
    formatted_body: r.html,
    // Intentional mentions: only the people named here are pinged, never @room from user text.
    'm.mentions': mentions.length > 0 ? { user_ids: [...mentions] } : {},
  };
}
