import { ok, type Result } from '../shared/result.js';
import { errT } from '../i18n/localized.js';

/**
 * A motion as a member names it: its number, optionally with the assembly
 * (needed from a direct message or another room).
 */
export interface MotionRef {
  /** Null: the assembly of the room the command was typed in. */
  readonly assemblyName: string | null;
  readonly number: number;
}

/** Motion numbers are stored as 32-bit integers; a larger one names no motion. */
export const MAX_MOTION_NUMBER = 2_147_483_647;

// The number is the run of ASCII digits at the very end. Without a name: `12`
// or `#12`. With a name, a `#` always separates it from the number (`Name#12`,
// `Name #12`), and the name is everything before the LAST such `#`, so names
// that themselves hold `#` or digits ("Local 12", "C#", "Room #5") still work:
// `Room #5#3` is motion 3 of "Room #5". Without that `#`, `Local 12` would be
// ambiguous (assembly "Local", motion 12?), so it is refused with a hint.
const BARE = /^#?\s*(\d+)$/;
const NAMED = /^(.*\S)\s*#\s*(\d+)$/s;
const NAME_WITHOUT_HASH = /^(.*\S)\s+(\d+)$/s;
const QUOTES: Readonly<Record<string, string>> = { '"': '"', "'": "'", '“': '”', '‘': '’' };

/** Reads `12`, `#12`, `Name#12`, `Name #12` (also wrapped in quotes, as typed on Discord). */
export function parseMotionRef(raw: string): Result<MotionRef> {
  const ref = unquote(raw.trim());
  const bare = BARE.exec(ref);
  if (bare) return number(null, bare[1] ?? '');
  const named = NAMED.exec(ref);
  if (named) return number((named[1] ?? '').trim(), named[2] ?? '');
  const spaced = NAME_WITHOUT_HASH.exec(ref);
  if (spaced) return errT('bad-input', 'motion.refused.refSpaced', { raw, name: spaced[1] ?? '', number: spaced[2] ?? '' });
  return errT('bad-input', 'motion.refused.ref', { raw });
}

/** How the bot writes a reference back (hints, buttons): `Name#12`, read back by `parseMotionRef`. */
export function formatMotionRef(assemblyName: string, motionNumber: number): string {
  return `${assemblyName}#${String(motionNumber)}`;
}

function number(assemblyName: string | null, digits: string): Result<MotionRef> {
  const n = Number(digits);
  // Past 32 bits no motion exists; saying so beats handing the database a number it cannot take.
  if (!Number.isSafeInteger(n) || n > MAX_MOTION_NUMBER) return errT('not-found', 'motion.refused.noNumber', { digits });
  return ok({ assemblyName, number: n });
}

function unquote(s: string): string {
  const close = QUOTES[s[0] ?? ''];
  return close !== undefined && s.length >= 2 && s.endsWith(close) ? s.slice(1, -1).trim() : s;
}
