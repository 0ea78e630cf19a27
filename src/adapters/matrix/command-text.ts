import { relatesTo } from './matrix-events.js';

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', amp: '&' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return safeChar(parseInt(name.slice(2), 16), m);
    if (name.startsWith('#')) return safeChar(Number(name.slice(1)), m);
    return ENTITIES[name.toLowerCase()] ?? m;
  });
}

const safeChar = (code: number, fallback: string): string => (Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback);

function pillTarget(href: string): string | null {
  const m = /^https:\/\/matrix\.to\/#\/([^?]+)/.exec(href);
  if (!m?.[1]) return null;
  try {
    const id = decodeURIComponent(m[1]);
    return id.startsWith('@') ? id : null;
  } catch {
    return null;
  }
}

/**
 * The text of a formatted message with user pills turned back into their user
 * ids: a client shows `@Ana` but means `@ana:example.org`, and a `user`
 * argument needs the id.
 */
export function formattedToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<mx-reply>[\s\S]*?<\/mx-reply>/gi, '')
      .replace(/<a\s[^>]*?href\s*=\s*(["'])(.*?)\1[^>]*>([\s\S]*?)<\/a>/gi, (_m, _q, href: string, inner: string) => pillTarget(decodeEntities(href)) ?? inner)
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|li|h\d)>/gi, '\n')
      .replace(/<[^>]*>/g, ''),
  );
}

/** Drops the quoted fallback (`> …` lines and a blank line) that clients put in front of a reply's body. */
function stripReplyFallback(body: string): string {
  const lines = body.split('\n');
  let i = 0;
  while (i < lines.length && (lines[i] ?? '').startsWith('>')) i++;
  if (i > 0 && (lines[i] ?? '').trim() === '') i++;
  return lines.slice(i).join('\n');
}

/**
 * The command a message carries, without the prefix, or null when it is not
 * one. Only plain text messages count: notices are what bots send (ignoring
 * them avoids bot loops) and an edit must not run a command a second time.
 */
export function commandLine(content: Readonly<Record<string, unknown>>, prefix: string): string | null {
  if (content.msgtype !== 'm.text' || typeof content.body !== 'string') return null;
  if (content['m.new_content'] !== undefined || relatesTo(content).relType === 'm.replace') return null;
  const isReply = relatesTo(content).inReplyTo !== undefined;
  const html = content.format === 'org.matrix.custom.html' && typeof content.formatted_body === 'string' ? content.formatted_body : null;
  const text = html !== null && /matrix\.to\/#\/(@|%40)/i.test(html) ? formattedToText(html) : isReply ? stripReplyFallback(content.body) : content.body;
  const line = text.trim();
  if (!line.startsWith(prefix)) return null;
  const rest = line.slice(prefix.length);
  if (rest === '' || /^\s/.test(rest)) return null;
  return rest;
}
