import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { icuArguments } from '../../support/icu-arguments.js';
import { en, LANGUAGES, parseLanguageTag, parseTimeZone, speechFor, type MessageId } from '../../../src/core/i18n/index.js';

const ids = Object.keys(en) as MessageId[];
const locales = [...Object.keys(LANGUAGES), 'es-MX', 'en-GB'];

const word = fc.stringMatching(/^[A-Za-z0-9 ,.]{0,30}$/);
const hostile = fc.string({ maxLength: 60 });

/** Parameters for one message: counts for plurals and numbers, a key or anything for selects, text elsewhere. */
function paramsFor(id: MessageId, text: fc.Arbitrary<string>): fc.Arbitrary<Record<string, string | number | Date>> {
  const args = icuArguments(en[id].text);
  const shape: Record<string, fc.Arbitrary<string | number | Date>> = {};
  for (const [name, a] of args) {
    // Dates are given as Date where the message declares one: the texts name them after what they are.
    if (['closes', 'closedAt', 'now'].includes(name)) shape[name] = fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true });
    else if (a.kind === 'plural' || a.kind === 'number' || name === 'number') shape[name] = fc.oneof(fc.integer({ min: 0, max: 1_000_000_000 }), fc.constantFrom(0, 1, 2, 5, 21, 101, 1_000_000));
    else if (a.kind === 'select') shape[name] = fc.oneof(fc.constantFrom(...a.keys), text);
    else shape[name] = text;
  }
  return fc.record(shape);
}

describe('speech: formatting any message', () => {
  it('GIVEN any message, any locale and generated parameters THEN it formats, without leaving a {placeholder}', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ids), fc.constantFrom(...locales), fc.constantFrom('UTC', 'Pacific/Auckland', 'America/Los_Angeles'), fc.context(), (id, locale, zone, ctx) => {
        const params = fc.sample(paramsFor(id, word), { numRuns: 1, seed: id.length + locale.length })[0] ?? {};
        ctx.log(JSON.stringify(params));
        const speech = speechFor(locale, zone);
        const out = (speech.t as (i: MessageId, p: object) => string)(id, params);
        expect(out).toBeTypeOf('string');
        // Values here hold no braces: any brace left is a placeholder not filled in.
        if (!en[id].text.includes("'{")) expect(out, `${locale} ${id}`).not.toMatch(/[{}]/);
      }),
      { numRuns: 2000 },
    );
  });

  it('GIVEN hostile parameter text (braces, markup, mentions) THEN formatting never throws and shows the text as given', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ids), fc.constantFrom(...locales), fc.integer(), (id, locale, seed) => {
        const params = fc.sample(paramsFor(id, hostile), { numRuns: 1, seed })[0] ?? {};
        const out = (speechFor(locale).t as (i: MessageId, p: object) => string)(id, params);
        for (const [k, v] of Object.entries(params)) if (typeof v === 'string' && k === 'assembly') expect(out).toContain(v);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('speech: plural rules', () => {
  const counts = [0, 1, 2, 5, 21, 101];
  it('GIVEN English THEN 1 takes the singular and 0, 2, 5, 21, 101 the plural', () => {
    const t = speechFor('en');
    expect(counts.map((count) => t.t('pending.title', { count }))).toEqual([
      '0 open motions wait for your vote',
      '1 open motion waits for your vote',
      '2 open motions wait for your vote',
      '5 open motions wait for your vote',
      '21 open motions wait for your vote',
      '101 open motions wait for your vote',
    ]);
    expect(counts.map((cast) => t.t('results.soFarNoDeadline', { cast }).split('.')[0])).toEqual(['No ballots so far', '1 ballot so far', '2 ballots so far', '5 ballots so far', '21 ballots so far', '101 ballots so far']);
  });

  it('GIVEN Spanish THEN 1 takes the singular, 0, 2, 5, 21, 101 the plural, and a million its own form', () => {
    const t = speechFor('es');
    expect(counts.map((count) => t.t('pending.title', { count }))).toEqual([
      '0 mociones abiertas esperan tu voto',
      '1 moción abierta espera tu voto',
      '2 mociones abiertas esperan tu voto',
      '5 mociones abiertas esperan tu voto',
      '21 mociones abiertas esperan tu voto',
      '101 mociones abiertas esperan tu voto',
    ]);
    expect(counts.map((cast) => t.t('results.soFarNoDeadline', { cast }).split('.')[0])).toEqual(['Ningún voto hasta ahora', '1 voto hasta ahora', '2 votos hasta ahora', '5 votos hasta ahora', '21 votos hasta ahora', '101 votos hasta ahora']);
    // CLDR's "many" (1 000 000): no form of its own here, so "other" — and the number grouped the Spanish way.
    expect(t.t('pending.title', { count: 1_000_000 })).toBe('1.000.000 mociones abiertas esperan tu voto');
  });

  it('GIVEN a motion number past 999 THEN it is printed as a number, not grouped like a count', () => {
    expect(speechFor('es').t('ballot.yours', { number: 12345 })).toBe('Tu voto en la moción n.º 12345');
  });
});

describe('speech: time zones', () => {
  const deadline = new Date('2026-12-10T23:30:00Z');
  it('GIVEN a deadline at 23:30 UTC THEN Pacific/Auckland shows the next day and America/Los_Angeles the same day', () => {
    expect(speechFor('en', 'Pacific/Auckland').date(deadline)).toMatch(/^Fri,? 11 Dec,? 12:30 GMT\+13$/);
    expect(speechFor('en-GB', 'America/Los_Angeles').date(deadline)).toMatch(/^Thu,? 10 Dec,? 15:30 (PST|GMT-8)$/);
    expect(speechFor('es', 'Pacific/Auckland').date(deadline)).toMatch(/^vie,? 11 dic,? 12:30/);
    expect(speechFor('en', 'UTC').date(deadline)).toMatch(/^Thu,? 10 Dec,? 23:30 UTC$/);
  });

  it('GIVEN a Date parameter THEN the message shows it in the speech zone', () => {
    expect(speechFor('en', 'Pacific/Auckland').t('vote.refused.closedAt', { number: 3, closedAt: deadline })).toContain('Fri');
    expect(speechFor('en', 'America/Los_Angeles').t('vote.refused.closedAt', { number: 3, closedAt: deadline })).toContain('Thu');
  });

  it('GIVEN a deadline and now THEN the relative form comes first', () => {
    const now = new Date('2026-12-08T23:30:00Z');
    expect(speechFor('en', 'UTC').deadline(deadline, now)).toMatch(/^in 2 days \(Thu,? 10 Dec,? 23:30 UTC\)$/);
    expect(speechFor('es', 'UTC').deadline(deadline, now)).toMatch(/^pasado mañana \(jue,? 10 dic/);
    expect(speechFor('en', 'UTC').deadline(new Date(now.getTime() + 5 * 3_600_000), now)).toMatch(/^in 5 hours/);
  });
});

describe('choosing a language and a time zone', () => {
  it('GIVEN tags Plenary speaks THEN they are canonical', () => {
    expect(parseLanguageTag('es')).toEqual({ ok: true, value: 'es' });
    expect(parseLanguageTag(' ES-mx ')).toEqual({ ok: true, value: 'es-MX' });
    expect(parseLanguageTag('en-GB')).toEqual({ ok: true, value: 'en-GB' });
  });

  it('GIVEN an unknown language or a tag with markup THEN a friendly refusal lists what is accepted, without the markup as markup', () => {
    for (const bad of ['fr', 'klingon', '<b>es</b>', '<@&123> es', 'es"><script>', '', 'e'.repeat(10_000)]) {
      const r = parseLanguageTag(bad);
      expect(r.ok, bad.slice(0, 20)).toBe(false);
      if (!r.ok) {
        expect(r.error.message).toContain('en (English), es (Español)');
        expect(r.error.message.length).toBeLessThan(300);
      }
    }
  });

  it('GIVEN IANA zones in any case THEN they are canonical; an unknown one is refused with the nearest names', () => {
    expect(parseTimeZone('pacific/auckland')).toEqual({ ok: true, value: 'Pacific/Auckland' });
    expect(parseTimeZone('UTC')).toEqual({ ok: true, value: 'UTC' });
    const typo = parseTimeZone('Europe/Berlim');
    expect(typo.ok).toBe(false);
    if (!typo.ok) expect(typo.error.message).toContain('Europe/Berlin');
  });

  it('GIVEN a huge or hostile zone string THEN it is refused quickly, shortened in the answer', () => {
    for (const bad of ['A'.repeat(1_000_000), `Europe/${'x'.repeat(100)}`, '<script>alert(1)</script>', '../../etc/passwd', 'Europe/Berlin\u0000']) {
      const started = performance.now();
      const r = parseTimeZone(bad);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message.length).toBeLessThan(400);
    }
  });
});

describe('speech: typed messages', () => {
  it('GIVEN a message with parameters THEN leaving one out, or giving a wrong kind, does not typecheck', () => {
    const t = speechFor('en');
    // Never run: tsc checks these lines (`@ts-expect-error` fails the typecheck when the error goes away).
    const typeOnly = (): string[] => [
      // @ts-expect-error -- `number` is missing
      t.t('ballot.yours'),
      // @ts-expect-error -- `seconds` is missing
      t.t('vote.refused.notOpenYet', { number: 3 }),
      // @ts-expect-error -- `state` is one of three words
      t.t('vote.title', { state: 'maybe', number: 3 }),
      // @ts-expect-error -- no such message
      t.t('vote.nonsense'),
    ];
    expect(typeof typeOnly).toBe('function');
    expect(t.t('dispatch.slowDown')).toBe('Slow down');
  });
});
