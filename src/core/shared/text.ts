import { err, ok, type Result } from './result.js';

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
export function cleanText(label: string, raw: string, max: number, opts: { multiline?: boolean; allowEmpty?: boolean } = {}): Result<string> {
  const text = raw.trim();
  if (!opts.allowEmpty && text.length === 0) return err('bad-input', `The ${label} is empty.`);
  if (CONTROL.test(text)) return err('bad-input', `The ${label} contains control characters; please use plain text.`);
  if (!opts.multiline && /[\r\n]/.test(text)) return err('bad-input', `The ${label} must be a single line.`);
  // Limits count code points, as the platforms' own length limits do.
  const length = Array.from(text).length;
  if (length > max) return err('too-long', `The ${label} is ${length} characters long; the limit is ${max}.`);
  return ok(text);
}
