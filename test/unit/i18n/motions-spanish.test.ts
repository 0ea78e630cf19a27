import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inlineTexts } from '../../../scripts/lib/i18n-inline.js';
import { refusalText } from '../../../src/core/commands/dispatch.js';
import { parseCommandLine } from '../../../src/core/commands/text-grammar.js';
import { countYesNo } from '../../../src/core/counting/yes-no.js';
import { CATALOGUES, en, ENGLISH, LANGUAGES, speechFor, type Language } from '../../../src/core/i18n/index.js';
import { cleanText } from '../../../src/core/shared/text.js';
import { describeAssembly, Scenario } from '../../../src/core/testing/scenario.js';

const SPANISH = speechFor('es');

describe('GIVEN an assembly that speaks Spanish (assembly policy language es)', () => {
  it('THEN moving, seconding, listing and withdrawing motions answer in Spanish, with plurals', async () => {
    const { s, room } = await describeAssembly({ name: 'Barrio', members: ['ana', 'ben', 'cy'], policy: { language: 'es', seconds: '2' } });
    const moved = await s.run('ana', room, 'motion propose "Huerto"');
    expect(moved.first.title).toBe('Moción n.º 1 presentada');
    expect(moved.first.body).toBe('Se abre cuando la hayan apoyado 2 miembros.');
    const seconded = await s.run('ben', room, 'motion second 1');
    expect(seconded.first.title).toBe('Moción n.º 1 apoyada (1/2)');
    const list = await s.run('cy', room, 'motion list');
    expect(list.first.title).toBe('Barrio: mociones abiertas');
    expect(list.first.body).toBe('n.º 1 [presentada] Huerto (resolución, sí/no/abstención)');
    const notYours = await s.run('ben', room, 'motion withdraw 1');
    expect(notYours.first.body).toBe('Solo el miembro que presentó una moción puede retirarla.');
    const withdrawn = await s.run('ana', room, 'motion withdraw 1');
    expect(withdrawn.first.title).toBe('Moción n.º 1 retirada');
  });

  it('THEN argument checks and member text are refused in Spanish', async () => {
    const { s, room } = await describeAssembly({ name: 'Barrio', members: ['ana'], policy: { language: 'es' } });
    const hours = await s.run('ana', room, 'motion propose "Huerto" --hours mucho');
    expect(hours.first.body).toContain('• hours (plazo de votación en horas): se esperaba un número entero de 1 a 2160');
    const missing = await s.run('ana', room, 'motion extend 1');
    expect(missing.first.body).toContain('• hours (cuántas horas más tarde se cierra): falta');
    const blank = await s.run('ana', room, 'motion propose " "');
    expect(blank.first.body).toBe('El título está en blanco.');
    const long = await s.run('ana', room, `motion propose "${'x'.repeat(201)}"`);
    expect(long.first.body).toContain('como máximo 200 caracteres');
    const csv = await s.run('ana', room, 'motion csv 9');
    expect(csv.ok).toBe(false);
    const unreadable = await s.run('ana', room, 'motion propose "Huerto" --hours');
    expect(unreadable.first.title).toBe('No se puede leer esa orden');
    expect(unreadable.first.body).toBe('--hours necesita un valor (plazo de votación en horas).\nUso: `motion propose <title…> [--kind <resolution|election|admission|exclusion|policy|amend-law|repeal-law|annul|require-leave|committee|committee-end>] [--body <body>] [--method <yes-no-abstain|approval|ranked>] [--option <option>…] [--seats <seats>] [--secret] [--hours <hours>] [--person <person>] [--key <key>] [--value <value>] [--for-kind <resolution|election|recall|admission|exclusion|proposal-draft|proposal-response|forward|federation-join|federation-leave|policy|mandate|amend-law|repeal-law|annul|require-leave|committee|committee-end>] [--law <law>] [--circle <circle>] [--motion <motion>] [--federation <federation>] [--name <name>] [--mandate <mandate>] [--term-days <term-days>]`');
  });

  it('THEN English stays as it was, with a plural where "(s)" was', async () => {
    const { s, room } = await describeAssembly({ name: 'Town', members: ['ana', 'ben'], policy: { seconds: '1' } });
    const moved = await s.run('ana', room, 'motion propose "Garden"');
    expect(moved.first.body).toBe('It opens when 1 member has seconded it.');
    expect((await s.run('ben', room, 'motion withdraw 1')).first.body).toBe('Only the member who moved a motion can withdraw it.');
    expect((await s.run('ben', room, 'motion list')).first.title).toBe('Town: open motions');
  });
});

describe('GIVEN refusals made outside a command (text grammar, counting, member text)', () => {
  it('THEN the text grammar words its refusal in the speech it is given, and keeps the id for English', () => {
    const table = new Scenario().table;
    const r = parseCommandLine(table, 'motion propose "x" --optoin A', SPANISH);
    expect(!r.ok && r.error.message).toContain('motion propose no tiene la opción --optoin. ¿Quisiste decir: --option?');
    expect(!r.ok && refusalText(ENGLISH, r.error)).toContain('motion propose has no option --optoin. Did you mean: --option?');
    const unknown = parseCommandLine(table, 'motoin propose', SPANISH);
    expect(!unknown.ok && unknown.error.message).toBe('«motoin propose» no es una orden. ¿Quisiste decir: `motion propose`?');
  });

  it('THEN counting and text checks carry a message id the reader hears in Spanish', () => {
    const r = countYesNo({ eligible: 3, ballots: { yes: 1, no: 0, abstain: 0 }, quorum: { num: 3, den: 2, comparison: 'at-least' }, threshold: { num: 1, den: 2, comparison: 'more-than' } });
    expect(!r.ok && r.error.message).toBe('The quorum must be a fraction between 0 and 1 (got 3/2).');
    expect(!r.ok && refusalText(SPANISH, r.error)).toBe('El quórum debe ser una fracción entre 0 y 1 (se recibió 3/2).');
    const over = countYesNo({ eligible: 1, ballots: { yes: 2, no: 0, abstain: 0 }, quorum: { num: 0, den: 1, comparison: 'at-least' }, threshold: { num: 1, den: 2, comparison: 'more-than' } });
    expect(!over.ok && over.error.message).toBe('2 ballots were cast but only 1 member is eligible.');
    const t = cleanText('values statement', 'a\u0007b', 100);
    expect(!t.ok && t.error.message).toBe('The values statement contains control characters; please use plain text.');
    expect(!t.ok && refusalText(SPANISH, t.error)).toBe('La declaración de valores contiene caracteres de control; usa texto sin formato, por favor.');
  });
});

/** Moved into catalogue.*.motions.ts whole: no reply, refusal or field text may drift back inline there. */
const MOVED = [
  'commands/motion.commands.ts', 'commands/vote.commands.ts', 'commands/help.commands.ts', 'commands/text-grammar.ts', 'commands/args.ts',
  'authority/authority.ts', 'authority/command-scope.ts', 'authority/kind-reach.ts',
  'counting/approval.ts', 'counting/ballots.ts', 'counting/irv.ts', 'counting/stv.ts', 'counting/yes-no.ts', 'shared/text.ts',
].map((f) => `src/core/${f}`);

describe('GIVEN the files of motions, votes, help, authority, counting and member text', () => {
  it('THEN none holds an inline reply, refusal or field text again (npm run i18n:inline)', () => {
    const back = inlineTexts(fileURLToPath(new URL('../../..', import.meta.url))).filter((t) => MOVED.includes(t.file) && t.kind !== 'help');
    expect(back.map((t) => `${t.file}:${t.line} ${t.text}`)).toEqual([]);
  }, 60_000);
});

describe('GIVEN every catalogue', () => {
  it('THEN no message counts with "(s)" or guesses an article before a word it does not know: plural and select do', () => {
    for (const lang of Object.keys(LANGUAGES) as Language[]) {
      for (const [id, text] of Object.entries(CATALOGUES[lang])) {
        expect(text, `${lang} ${id}`).not.toMatch(/\(s\)/);
      }
    }
    // English "a"/"an" before an argument would guess ("A approval motion"): the word goes inside a select instead.
    for (const [id, m] of Object.entries(en)) expect(m.text, id).not.toMatch(/\b[Aa]n? \{/);
    expect(Object.keys(en).length).toBeGreaterThan(400);
  });
});
