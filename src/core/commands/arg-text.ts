import type { Actor } from '../model/entities.js';
import { err, ok, type Result } from '../shared/result.js';
import type { CommandSpec } from './command.js';
import { argHelp } from './help-text.js';
import { ENGLISH, type Speech } from '../i18n/speech.js';

/**
 * The text cleaning every argument of every command goes through, in
 * `dispatch`, before any schema or handler sees it, whatever the platform.
 *
 * Refused (the refusal names the argument): control characters other than
 * tab and newline — C0 (NUL reaches PostgreSQL as error 22021, the others are
 * terminal escapes and invisible junk), DEL and C1 — and unpaired UTF-16
 * surrogates, which UTF-8 cannot encode (the database driver would silently
 * store U+FFFD instead of what was typed). Normalised: CR LF and lone CR
 * become LF, so a Windows line ending is not refused as a control character.
 * What is allowed in which field (single line, length, bidi controls in
 * names) stays with `cleanText` in the core, which knows the field.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const codePoint = (ch: string): string => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Why a piece of text cannot be taken, or null when it can. */
export function textProblem(text: string): string | null {
  const control = CONTROL.exec(text);
  if (control) return `contains a control character (${codePoint(control[0])}) that Plenary does not accept; please use plain text`;
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate) return `contains a broken character (an unpaired ${codePoint(surrogate[0])}) that cannot be stored; please type it again`;
  return null;
}

const normalise = (text: string): string => text.replace(/\r\n?/g, '\n');

function cleanValue(value: unknown): Result<unknown> {
  if (typeof value === 'string') {
    const text = normalise(value);
    const problem = textProblem(text);
    return problem ? err('bad-input', problem) : ok(text);
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const c = cleanValue(item);
      if (!c.ok) return c;
      out.push(c.value);
    }
    return ok(out);
  }
  return ok(value);
}

/** Cleans every argument (strings, and the strings of list arguments); the first refusal names its argument. */
export function cleanArguments(spec: CommandSpec, args: Readonly<Record<string, unknown>>, speech: Speech = ENGLISH): Result<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    const c = cleanValue(value);
    if (!c.ok) {
      const arg = spec.args.find((a) => a.name === name);
      return err('bad-input', `• ${name}${arg ? ` (${argHelp(spec, arg, speech)})` : ''}: ${c.error.message}.`);
    }
    out[name] = c.value;
  }
  return ok(out);
}

/**
 * The name a platform reports for the person (a Matrix display name may hold
 * any character): it is stored with their person, so it gets the same
 * cleaning, but as it is not the member's argument it is mended, not refused.
 */
export function plainDisplayName(actor: Actor): Actor {
  if (textProblem(actor.displayName) === null && !/[\r\n]/.test(actor.displayName)) return actor;
  const mended = Array.from(actor.displayName.replace(/[\r\n]+/g, ' '))
    .map((ch) => (textProblem(ch) === null ? ch : '\ufffd'))
    .join('');
  return { ...actor, displayName: mended };
}
