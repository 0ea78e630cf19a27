import { didYouMean } from '../shared/did-you-mean.js';
import { err, ok, type Result } from '../shared/result.js';

/**
 * The languages Plenary speaks, by their base language subtag. A tag such as
 * `es-MX` or `en-GB` is kept whole for dates and numbers (Intl) and speaks the
 * catalogue of its base language. To add a language: a catalogue file beside
 * `catalogue.es.ts`, one line here (README: "Adding a language").
 */
export const LANGUAGES = { en: 'English', es: 'Español' } as const;
export type Language = keyof typeof LANGUAGES;

export const DEFAULT_LANGUAGE = 'en';
export const DEFAULT_TIME_ZONE = 'UTC';

/** Longer input is not a tag or a zone, whatever it holds: refused before Intl reads it. */
const MAX_TAG = 35;
const MAX_ZONE = 64;

const isLanguage = (s: string): s is Language => Object.hasOwn(LANGUAGES, s);

/** The catalogue a (valid) tag speaks: its base language, or English. */
export function languageOf(tag: string): Language {
  const base = tag.split('-')[0]?.toLowerCase() ?? '';
  return isLanguage(base) ? base : 'en';
}

const accepted = (): string => Object.entries(LANGUAGES).map(([tag, name]) => `${tag} (${name})`).join(', ');

/** Shown back to the member safely: printable, short. */
const quoted = (s: string): string => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

/**
 * A language tag a member or facilitator typed (`es`, `es-MX`, `EN-gb`) → its
 * canonical form, when Plenary speaks its language; otherwise a friendly error
 * listing what is accepted.
 */
export function parseLanguageTag(raw: string): Result<string> {
  const s = raw.trim();
  const refuse = err('bad-input', `${quoted(s)} is not a language Plenary speaks. Accepted: ${accepted()}; a regional tag such as es-MX or en-GB works too.`);
  if (s.length === 0 || s.length > MAX_TAG || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(s)) return refuse;
  let canonical: string;
  try {
    canonical = Intl.getCanonicalLocales(s)[0] ?? '';
  } catch {
    return refuse;
  }
  const base = canonical.split('-')[0] ?? '';
  return isLanguage(base) ? ok(canonical) : refuse;
}

/** A platform's locale (Discord's `es-ES`, `en-US`), when Plenary speaks it; otherwise nothing (the assembly's language then). */
export function platformLanguage(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const r = parseLanguageTag(raw);
  return r.ok ? r.value : undefined;
}

let zones: readonly string[] | undefined;
function knownZones(): readonly string[] {
  zones ??= [...Intl.supportedValuesOf('timeZone'), 'UTC'];
  return zones;
}

/**
 * An IANA time zone (`Europe/Berlin`, `pacific/auckland`, `UTC`) → its
 * canonical spelling; otherwise a friendly error with the nearest names.
 */
export function parseTimeZone(raw: string): Result<string> {
  const s = raw.trim();
  const example = 'an IANA time zone such as Europe/Madrid, America/Mexico_City, Pacific/Auckland or UTC';
  if (s.length === 0 || s.length > MAX_ZONE || !/^[A-Za-z0-9_+\-/]+$/.test(s)) return err('bad-input', `${quoted(s)} is not a time zone: write ${example}.`);
  const found = knownZones().find((z) => z.toLowerCase() === s.toLowerCase());
  if (found) return ok(found);
  try {
    // Aliases Intl knows but does not list (Asia/Calcutta, US/Pacific): kept as typed, Intl resolves them.
    return ok(new Intl.DateTimeFormat('en', { timeZone: s }).resolvedOptions().timeZone);
  } catch {
    return err('bad-input', `${quoted(s)} is not a time zone: write ${example}.${didYouMean(s, knownZones())}`);
  }
}
