import fc from 'fast-check';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { CATALOGUES, en, LANGUAGES, type Language, type MessageId } from '../../../src/core/i18n/index.js';
import { icuArguments } from '../../support/icu-arguments.js';

const ids = Object.keys(en) as MessageId[];

/** Values of every argument of a message: counts for plurals, any of its keys (or another word) for selects, text for the rest. */
function values(id: MessageId, count: number, pick: number): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, a] of icuArguments(en[id].text)) {
    if (a.kind === 'plural' || a.kind === 'number') out[name] = count;
    else if (a.kind === 'select') out[name] = [...a.keys, 'something_else'][pick % (a.keys.length + 1)] ?? 'other';
    else out[name] = `‹${name}›`;
  }
  return out;
}

describe('GIVEN every message of every language', () => {
  it('THEN it formats with any count and any select key, keeping each plain argument (a translation never falls back to English by failing)', () => {
    // Every id in every language, each with random counts and select keys.
    for (const lang of Object.keys(LANGUAGES) as Language[]) {
      for (const id of ids) {
        const text = CATALOGUES[lang][id] ?? en[id].text;
        const format = new IntlMessageFormat(text, lang, undefined, { ignoreTag: true });
        fc.assert(
          fc.property(fc.oneof(fc.constantFrom(0, 1, 2, 5, 21), fc.nat(1_000_000)), fc.nat(20), (count, pick) => {
            const out = String(format.format(values(id, count, pick)));
            // No ICU syntax is left over, and no "(s)" plural trick.
            expect(out, `${lang} ${id}`).not.toMatch(/\{[a-z]+(, (plural|select))?\}|\(s\)|\(es\)/);
          }),
          { numRuns: 12 },
        );
      }
    }
  });
});
