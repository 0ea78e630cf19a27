import unhomoglyph from 'unhomoglyph';
import { cleanText, LIMITS, type TextLabel } from './text.js';
import type { Result } from './result.js';

/*
 * Assembly and federation names are global handles (`vote "Name#3"`,
 * `circle create --assembly Name`, invitations), so a look-alike of a name is
 * an impersonation. Two layers, as Unicode TR39 ("Unicode Security
 * Mechanisms") describes for identifiers:
 *
 * - `normaliseName` is what we store and show: NFKC (fullwidth letters,
 *   ligatures, no-break spaces, decomposed accents become their plain
 *   forms), default-ignorable code points removed (zero-width spaces and
 *   joiners, bidi marks, soft hyphens, variation selectors), every run of
 *   white space one ordinary space, trimmed.
 * - `nameKey` is what we compare: the TR39 confusable skeleton of the
 *   case-folded normalised name (Cyrillic "е" and Latin "e", "0" and "O",
 *   "rn" and "m" share a skeleton). The database keeps it in a unique
 *   column, so two racing set-ups of look-alike names cannot both win, and
 *   lookups by name go through it, so "Cafe\u0301#2" finds "Café".
 *
 * The confusables data is the `unhomoglyph` package (MIT, nodeca; Unicode's
 * confusables.txt as a map), which matrix-js-sdk already uses to tell apart
 * look-alike display names; we pin it exactly.
 */

const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
const SPACES = /[\p{White_Space}\p{Zs}]+/gu;

/** The stored and displayed form of a name (idempotent). */
export function normaliseName(raw: string): string {
  // Ignorables first: NFKC may not remove them, and they may separate spaces that should collapse.
  return raw.replace(IGNORABLE, '').normalize('NFKC').replace(IGNORABLE, '').replace(SPACES, ' ').trim();
}

/**
 * The comparison key of a name: the TR39 skeleton (NFD, map confusables,
 * NFD) of its lower-cased normal form, applied twice so that a letter the
 * first mapping lower-cases or produces is mapped too.
 */
export function nameKey(raw: string): string {
  const skeleton = (s: string): string => unhomoglyph(s.normalize('NFD')).normalize('NFD');
  return skeleton(skeleton(normaliseName(raw).toLowerCase()).toLowerCase());
}

/** Checks and normalises a name a member typed (an assembly, circle or federation name). */
export function cleanName(label: TextLabel, raw: string): Result<string> {
  return cleanText(label, normaliseName(raw), LIMITS.name);
}

/** Explains a name conflict whose names differ only in look (told to the member choosing a name). */
export function lookAlike(existing: string, wanted: string): string {
  return existing === wanted ? '' : ` ("${wanted}" looks the same to members: names are compared as they appear)`;
}
