import { inertMentions } from '../../core/messages/inert.js';

/**
 * Pieces of text that render inert as they are: an inline code span (Discord
 * renders nothing inside one: no link, mention, timestamp or emphasis) and a
 * bare URL made only of the characters RFC 3986 allows (its target is what it
 * shows; escaping inside it would change the link).
 */
const INERT = /(`[^`\n]+`)|(https?:\/\/[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]+)/g;

/** Characters that start markup anywhere: emphasis, spoilers, code, masked links, `<@…>`, `<t:…>`, `<#…>`, quotes. */
const ANYWHERE = /[\\*_~|`[\]<>]/g;

/** Markup that only counts at the start of a line: headings, `-#` subtext, bullet and numbered lists. */
const LINE_START = /(^|\n)([ \t]*)(#|-|\+|\d+(?=\.))/g;

function escapePlain(text: string, atLineStart: boolean): string {
  const escaped = text.replace(ANYWHERE, (c) => `\\${c}`);
  const withStart = atLineStart ? escaped : `x${escaped}`;
  const out = withStart.replace(LINE_START, (_m, nl: string, space: string, mark: string) => (/^\d/.test(mark) ? `${nl}${space}${mark}\\` : `${nl}${space}\\${mark}`));
  return atLineStart ? out : out.slice(1);
}

/**
 * Makes text safe to put in anything the bot renders on Discord (embed
 * title, description, field names and values). Everything in an OutMessage
 * may be a member's text, so nothing in it is trusted as markup: masked
 * links, headings, lists, quotes, spoilers, code fences, emphasis,
 * timestamps and mentions are backslash-escaped (Discord shows the
 * character, not the markup), `@everyone`/`@here` get a zero-width space.
 * Two things stay as written because they are inert and readable: inline
 * code spans (how the core names commands, `join`) and plain URLs.
 * discord.js `escapeMarkdown` leaves `<t:…>`/`<@…>` and bare `[x](y)` alone
 * by default, hence this one.
 */
export function escapeDiscordMarkdown(text: string): string {
  // Discord reads `@here` even when a letter follows (`@herex`), so no word boundary here.
  const src = inertMentions(text).replace(/@(everyone|here)/gi, '@\u200b$1');
  let out = '';
  let last = 0;
  let atLineStart = true;
  for (const m of src.matchAll(INERT)) {
    const plain = src.slice(last, m.index);
    out += escapePlain(plain, atLineStart);
    out += m[0];
    last = m.index + m[0].length;
    atLineStart = false;
  }
  return out + escapePlain(src.slice(last), last === 0 || atLineStart);
}
