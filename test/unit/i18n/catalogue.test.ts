import { describe, expect, it } from 'vitest';
import { icuArguments } from '../../support/icu-arguments.js';
import { CATALOGUES, en, LANGUAGES, type Language, type MessageId } from '../../../src/core/i18n/index.js';

/** Argument → its kind. */
function parse(text: string): Record<string, string> {
  return Object.fromEntries([...icuArguments(text)].map(([name, a]) => [name, a.kind]));
}

const ids = Object.keys(en) as MessageId[];

describe('message catalogues', () => {
  it('GIVEN the English source THEN every message parses as ICU MessageFormat', () => {
    for (const id of ids) expect(() => parse(en[id].text), id).not.toThrow();
  });

  for (const lang of Object.keys(LANGUAGES) as Language[]) {
    if (lang === 'en') continue;
    const catalogue = CATALOGUES[lang];
    it(`GIVEN ${lang} THEN it has exactly the English ids`, () => {
      expect(Object.keys(catalogue).sort()).toEqual([...ids].sort());
    });
    it(`GIVEN ${lang} THEN every message parses and takes the same arguments, of the same kind, as English`, () => {
      for (const id of ids) {
        const text = catalogue[id];
        expect(text, id).toBeTypeOf('string');
        const mine = parse(text ?? '');
        expect(mine, `${lang} ${id}`).toEqual(parse(en[id].text));
      }
    });
    it(`GIVEN ${lang} THEN code spans (commands as members type them) are the English ones`, () => {
      // Commands keep their names in every language; a translated `vota` would be a command nobody has.
      const spans = (t: string): string[] => (t.match(/`[^`]*`/g) ?? []).map((s) => s.split(/\s/)[0] ?? s);
      for (const id of ids) expect(spans(catalogue[id] ?? ''), `${lang} ${id}`).toEqual(spans(en[id].text));
    });
  }
});
