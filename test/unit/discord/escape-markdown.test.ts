import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeDiscordMarkdown } from '../../../src/adapters/discord/escape-markdown.js';
import { renderMessage } from '../../../src/adapters/discord/render-message.js';
import { publicMessage } from '../../../src/core/messages/message.js';

const ZWSP = /\u200b/g;

/** One piece of rendered text as Discord reads it: an escaped character, an inline code span, or a raw character. */
type Token = { kind: 'escaped' | 'raw'; ch: string } | { kind: 'code'; text: string };

function tokens(out: string): Token[] {
  const t: Token[] = [];
  for (let i = 0; i < out.length; ) {
    const c = out[i]!;
    if (c === '\\' && i + 1 < out.length && /[^\p{L}\p{N}\s]/u.test(out[i + 1]!)) {
      t.push({ kind: 'escaped', ch: out[i + 1]! });
      i += 2;
      continue;
    }
    const code = c === '`' ? /^`[^`\n]+`/.exec(out.slice(i)) : null;
    if (code) {
      t.push({ kind: 'code', text: code[0] });
      i += code[0].length;
      continue;
    }
    t.push({ kind: 'raw', ch: c });
    i++;
  }
  return t;
}

/** What a reader sees (code spans with their backticks), to show nothing of the member's text is lost. */
const visible = (out: string): string => tokens(out).map((t) => (t.kind === 'code' ? t.text : t.ch)).join('');

/**
 * Markup that survived: any raw character that starts Discord markup outside
 * a code span (a masked link needs a raw `[`, a mention or timestamp a raw
 * `<`, a spoiler `|`), emphasis outside an autolinked URL, and line-start
 * markup (headings, `-#`, lists, quotes). Independent of the escaper: it reads
 * the output the way Discord's parser would.
 */
function survivingMarkup(out: string): string[] {
  const found: string[] = [];
  const ts = tokens(out);
  // Raw text with code spans blanked, to find autolinks (inside them emphasis characters are part of the link).
  const rawView = ts.map((t) => (t.kind === 'raw' ? t.ch : t.kind === 'code' ? ' ' : '\u2063')).join('');
  const inUrl = new Set<number>();
  for (const m of rawView.matchAll(/https?:\/\/[^\s<\u2063]+/g)) for (let k = m.index; k < m.index + m[0].length; k++) inUrl.add(k);
  let lineStart = true;
  ts.forEach((t, i) => {
    if (t.kind === 'raw') {
      if (/[[\]<>|`\\]/.test(t.ch)) found.push(`raw ${t.ch}`);
      if (/[*_~]/.test(t.ch) && !inUrl.has(i)) found.push(`raw ${t.ch} outside a link`);
      if (lineStart && /[#>+*-]/.test(t.ch)) found.push(`line starts with ${t.ch}`);
      if (lineStart && /\d/.test(t.ch)) {
        const rest = rawView.slice(i);
        if (/^\d+\./.test(rest)) found.push('numbered list');
      }
    }
    if (t.kind === 'code' || (t.kind === 'raw' && !/[ \t]/.test(t.ch)) || t.kind === 'escaped') lineStart = false;
    if (t.kind === 'raw' && t.ch === '\n') lineStart = true;
  });
  const seen = visible(out);
  if (/@(everyone|here)/.test(seen)) found.push('@everyone/@here');
  return found;
}

const PIECES = ['[', ']', '(', ')', 'Vote here', 'https://evil.example/x', 'https://a.example/a_b*c', '<@123456789012345678>', '<@&1>', '<#2>', '<t:1700000000:R>', '<:e:3>', '</vote:4>', '#', '# ', '## ', '-# ', '\n', '||', '`', '```', '*', '**', '_', '__', '~~', '>', '>>> ', '@everyone', '@here', '1. ', '12.', '- ', '+ ', ' ', 'a', '\\', ':', '.', '9'];
const hostile = fc.oneof(fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((p) => p.join('')), fc.string({ unit: 'grapheme', maxLength: 60 }), fc.string({ maxLength: 60 }));

describe('GIVEN any text a member writes', () => {
  it('THEN escaped for Discord it keeps every character and no link, mention, timestamp, heading, list, quote, spoiler or emphasis survives', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const out = escapeDiscordMarkdown(s);
        expect(survivingMarkup(out), JSON.stringify({ s, out })).toEqual([]);
        expect(visible(out).replace(ZWSP, '')).toBe(s.replace(ZWSP, ''));
      }),
      { numRuns: 3000 },
    );
  });

  it('THEN the same holds for every part of a rendered embed (title, description, field names and values)', () => {
    fc.assert(
      fc.property(hostile, hostile, (a, b) => {
        const embed = renderMessage(publicMessage(a, b, { fields: [{ name: b, value: a }] })).embeds[0]!;
        for (const text of [embed.title ?? '', embed.description ?? '', ...(embed.fields ?? []).flatMap((f) => [f.name, f.value])]) expect(survivingMarkup(text), JSON.stringify({ a, b, text })).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('GIVEN the classic phishing motion', () => {
  it('THEN the masked link shows as text and the URL as itself', () => {
    expect(escapeDiscordMarkdown('[Vote here](https://evil.example/x)')).toBe('\\[Vote here\\](https://evil.example/x)');
    expect(escapeDiscordMarkdown('# Big\n-# small\n> quote\n1. one\n- two')).toBe('\\# Big\n\\-# small\n\\> quote\n1\\. one\n\\- two');
    expect(escapeDiscordMarkdown('||spoiler|| <t:1700000000:R> **bold** `code` ```fence```')).toBe('\\|\\|spoiler\\|\\| \\<t:1700000000:R\\> \\*\\*bold\\*\\* `code` \\`\\``fence`\\`\\`');
  });

  it('THEN the bot’s own code spans naming commands stay code', () => {
    expect(escapeDiscordMarkdown('Run `join` first, then `vote 3 2>1>3`.')).toBe('Run `join` first, then `vote 3 2>1>3`.');
  });
});
