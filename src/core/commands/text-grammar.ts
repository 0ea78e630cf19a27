import type { CommandSpec } from './command.js';
import { findCommand, usage } from './dispatch.js';
import { ok, type ErrorCode, type Err, type DomainError, type Result } from '../shared/result.js';
import { closest } from '../shared/did-you-mean.js';
import { ENGLISH, type MessageId, type ParamsArg, type Speech } from '../i18n/index.js';
import { errT } from '../i18n/localized.js';
import { argHelp } from './help-text.js';

/** A refusal worded for `speech` (what the adapter shows before the dispatcher knows the reader), its id kept for re-rendering. */
function refuse<K extends MessageId>(speech: Speech, code: ErrorCode, id: K, ...params: ParamsArg<K>): Err<DomainError> {
  const e = errT(code, id, ...params);
  return { ok: false, error: { ...e.error, message: speech.t(id, ...params) } };
}

const nearest = (names: readonly string[]): { near: string; hasNear: 'yes' | 'no' } => ({ near: names.join(', '), hasNear: names.length > 0 ? 'yes' : 'no' });

/**
 * The text grammar shared by Matrix (`!motion propose …`) and the console: one
 * parser for both. Words split on spaces; "double", 'single' or “curly” quotes
 * keep spaces; a backslash escapes the next character. After the command path
 * come positional arguments in declared order, `--name value`, `--name=value`
 * and bare `--flag` for booleans; list options may repeat.
 */
export function tokenize(line: string, speech: Speech = ENGLISH): Result<string[]> {
  const tokens: string[] = [];
  let cur = '';
  let inToken = false;
  let quote: string | null = null;
  const closing: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’' };
  const chars = Array.from(line);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    if (ch === '\\' && i + 1 < chars.length) {
      cur += chars[++i] ?? '';
      inToken = true;
    } else if (quote) {
      if (ch === quote) quote = null;
      else cur += ch;
    } else if (closing[ch] !== undefined) {
      quote = closing[ch];
      inToken = true;
    } else if (/\s/.test(ch)) {
      if (inToken) tokens.push(cur);
      cur = '';
      inToken = false;
    } else {
      cur += ch;
      inToken = true;
    }
  }
  if (quote) return refuse(speech, 'bad-input', 'grammar.quoteOpen', { quote });
  if (inToken) tokens.push(cur);
  return ok(tokens);
}

export interface ParsedLine {
  readonly spec: CommandSpec;
  readonly args: Record<string, unknown>;
}

export function parseCommandLine(table: readonly CommandSpec[], line: string, speech: Speech = ENGLISH): Result<ParsedLine> {
  const t = tokenize(line, speech);
  if (!t.ok) return t;
  const words = t.value;
  if (words.length === 0) return refuse(speech, 'bad-input', 'grammar.empty');
  const spec = findCommand(table, words);
  if (!spec) return refuse(speech, 'not-found', 'grammar.unknown', unknownCommandParams(table, words));
  const rest = words.slice(spec.path.length);
  const args: Record<string, unknown> = {};
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i] ?? '';
    if (!word.startsWith('--') || word.length <= 2) {
      positional.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = (eq > 0 ? word.slice(2, eq) : word.slice(2)).toLowerCase();
    const arg = spec.args.find((a) => a.name === name && !a.positional);
    if (!arg) return refuse(speech, 'bad-input', 'grammar.noOption', { command: spec.path.join(' '), option: name, ...nearest(closest(name, spec.args.filter((a) => !a.positional).map((a) => a.name)).map((n) => `--${n}`)), usage: usage(spec) });
    let value: string;
    if (eq > 0) value = word.slice(eq + 1);
    else if (arg.type === 'boolean') value = 'true';
    else {
      const next = rest[i + 1];
      if (next === undefined) return refuse(speech, 'bad-input', 'grammar.needsValue', { option: name, description: argHelp(spec, arg, speech), usage: usage(spec) });
      value = next;
      i++;
    }
    if (arg.type === 'list') args[name] = [...((args[name] as string[] | undefined) ?? []), value];
    else if (name in args) return refuse(speech, 'bad-input', 'grammar.twice', { option: name });
    else args[name] = value;
  }
  const slots = spec.args.filter((a) => a.positional);
  for (const [i, slot] of slots.entries()) {
    if (positional.length === 0) break;
    args[slot.name] = slot.rest || i === slots.length - 1 ? positional.splice(0).join(' ') : positional.shift();
  }
  if (positional.length > 0) return refuse(speech, 'bad-input', 'grammar.unexpected', { words: positional.join(' '), usage: usage(spec) });
  return ok({ spec, args });
}

/**
 * What to say for words that name no command: the commands whose path is
 * near the words typed (a typo in either word: `motoin propose`, `motion
 * propse`), else those under a known first word, else the list.
 */
export function unknownCommand(table: readonly CommandSpec[], words: readonly string[], speech: Speech = ENGLISH): string {
  return speech.t('grammar.unknown', unknownCommandParams(table, words));
}

function unknownCommandParams(table: readonly CommandSpec[], words: readonly string[]): { typed: string; near: string; hasNear: 'yes' | 'no' } {
  const paths = table.map((c) => c.path.join(' '));
  const typed = (n: number) => words.slice(0, n).join(' ').toLowerCase();
  const near = [...new Set([1, 2, 3].flatMap((n) => closest(typed(n), paths.filter((p) => p.split(' ').length === n))))].slice(0, 3);
  const first = (words[0] ?? '').toLowerCase();
  const under = near.length > 0 ? near : paths.filter((p) => p.split(' ')[0] === first);
  const shown = words.slice(0, Math.min(words.length, 2)).join(' ');
  return under.length > 0 ? { typed: shown, ...nearest(under.map((p) => `\`${p}\``)) } : { typed: first, ...nearest([]) };
}
