import { ok, type Result } from './result.js';
import { errT } from '../i18n/localized.js';

/** Documented limits (README "Limits"): short enough for every platform's UI. */
export const LIMITS = {
  name: 100,
  title: 200,
  body: 4000,
  option: 100,
  /** Yes/no and approval motions (Matrix polls show at most 20 answers). */
  options: 20,
  /** Ranked motions (elections): voted by text or Discord's guided ranking, which carries up to 36 in its ids. */
  rankedOptions: 36,
  reason: 1000,
} as const;

// C0/C1 control characters except tab and newline; bidi overrides that can disguise text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Checks one piece of user text: trims, refuses control characters and oversize text. */
/** What a piece of member text is, as refusals name it (each is a word of the catalogue's `text.*` messages). */
export type TextLabel = 'name' | 'circle name' | 'title' | 'text' | 'option' | 'report' | 'values statement' | 'mandate' | 'purpose' | 'note' | 'committee name' | 'assembly name' | 'federation name';

export function cleanText(label: TextLabel, raw: string, max: number, opts: { multiline?: boolean; allowEmpty?: boolean } = {}): Result<string> {
  const text = raw.trim();
  // ICU selectors are identifiers: `values statement` → `values_statement`.
  const named = { label: label.replaceAll(' ', '_') };
  if (!opts.allowEmpty && text.length === 0) return errT('bad-input', 'text.empty', named);
  if (CONTROL.test(text)) return errT('bad-input', 'text.control', named);
  if (!opts.multiline && /[\r\n]/.test(text)) return errT('bad-input', 'text.oneLine', named);
  // Limits count code points, as the platforms' own length limits do.
  const length = Array.from(text).length;
  if (length > max) return errT('too-long', 'text.tooLong', { ...named, length: String(length), max: String(max) });
  return ok(text);
}
