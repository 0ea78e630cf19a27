import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inlineTexts } from '../../../scripts/lib/i18n-inline.js';
import type { APIApplicationCommandOption, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { slashCommands } from '../../../src/adapters/discord/slash-commands.js';
import { argHelp, commandExamples, commandHelp, commandSummary, helpIds } from '../../../src/core/commands/help-text.js';
import { en, ENGLISH, isMessageId, LANGUAGES, speechFor, type Language } from '../../../src/core/i18n/index.js';
import { plenaryCommandTable } from '../../../src/core/plenary.js';
import { Scenario } from '../../../src/core/testing/scenario.js';
import { federationModule } from '../../../src/core/federation/index.js';
import { lawModule } from '../../../src/core/laws/index.js';
import { relayModule } from '../../../src/core/relay/index.js';

const table = plenaryCommandTable();
const languages = Object.keys(LANGUAGES) as Language[];
const SPANISH = speechFor('es');

describe('GIVEN the whole command table and the help catalogue (catalogue.*.help.ts)', () => {
  it('THEN every command has its summary and text, and every argument a description, in the catalogue', () => {
    const missing: string[] = [];
    for (const spec of table) {
      for (const id of [helpIds.summary(spec), helpIds.text(spec)]) if (!isMessageId(id)) missing.push(id);
      for (const a of spec.args) if (!helpIds.arg(spec, a).some(isMessageId)) missing.push(helpIds.arg(spec, a).join(' | '));
    }
    expect(missing).toEqual([]);
  });

  it('THEN every help id belongs to a command or an argument of the table (none left behind by a renamed command)', () => {
    const used = new Set<string>(['help.hint.list', 'help.hint.long', 'help.hint.form']);
    for (const spec of table) {
      for (const id of [helpIds.summary(spec), helpIds.text(spec), helpIds.examples(spec)]) used.add(id);
      for (const a of spec.args) {
        const found = helpIds.arg(spec, a).find(isMessageId);
        if (found) used.add(found);
        for (const c of a.choices ?? []) used.add(helpIds.choice(c));
      }
    }
    const orphans = Object.keys(en).filter((id) => id.startsWith('help.') && !used.has(id));
    expect(orphans).toEqual([]);
  });

  it('THEN in every language every summary and argument description fits Discord (1–100 characters) and renders without falling back', () => {
    const tooLong: string[] = [];
    for (const lang of languages) {
      const t = speechFor(lang);
      for (const spec of table) {
        const texts = [commandSummary(spec, t), ...spec.args.map((a) => argHelp(spec, a, t) + t.t(a.type === 'list' ? 'help.hint.list' : 'help.hint.form'))];
        for (const s of texts) if (s.length < 1 || s.length > 100) tooLong.push(`${lang} ${spec.path.join(' ')}: ${s}`);
        // A help text whose arguments were missing would throw and be spoken in English: it must be its own language's.
        if (lang !== 'en') expect(commandHelp(spec, t), `${lang} ${spec.path.join(' ')}`).not.toBe(commandHelp(spec, ENGLISH));
      }
    }
    expect(tooLong).toEqual([]);
  });

  it('THEN no command file holds help text inline again: it lives in catalogue.*.help.ts, in every language', () => {
    const inline = inlineTexts(fileURLToPath(new URL('../../..', import.meta.url))).filter((t) => t.file.endsWith('.commands.ts') && t.kind === 'help');
    expect(inline.map((t) => `${t.file}:${t.line} ${t.text}`)).toEqual([]);
  }, 60_000);

  it('THEN the lists help names follow the code: the policy keys and the languages', () => {
    const policy = table.find((c) => c.path.join(' ') === 'assembly policy');
    const language = table.find((c) => c.path.join(' ') === 'language');
    expect(policy && commandHelp(policy, SPANISH)).toContain('Claves: admission, values, seconds');
    expect(language && commandHelp(language, ENGLISH)).toContain('en (English), es (Español)');
  });
});

function options(o: readonly APIApplicationCommandOption[] | undefined): APIApplicationCommandOption[] {
  return (o ?? []).flatMap((x) => ('options' in x ? [x, ...options(x.options as APIApplicationCommandOption[] | undefined)] : [x]));
}

describe('GIVEN the Discord registration payload', () => {
  const commands: RESTPostAPIChatInputApplicationCommandsJSONBody[] = slashCommands(table);

  it('THEN every command, sub-command and option that has help carries its Spanish description for es-ES and es-419, within 100 characters', () => {
    const described = [...commands, ...commands.flatMap((c) => options(c.options))].filter((o) => o.description_localizations);
    // Every leaf command and option (groups of sub-commands list names, the same in every language).
    expect(described.length).toBeGreaterThan(table.length);
    for (const o of described) {
      const es = o.description_localizations?.['es-ES'];
      expect(es, o.name).toBeTruthy();
      expect(o.description_localizations?.['es-419'], o.name).toBe(es);
      expect(es?.length ?? 0, `${o.name}: ${es ?? ''}`).toBeLessThanOrEqual(100);
      expect(es, o.name).not.toBe(o.description);
    }
    const propose = commands.find((c) => c.name === 'motion')?.options?.find((o) => o.name === 'propose');
    expect(propose?.description).toBe('Move a motion');
    expect(propose?.description_localizations?.['es-ES']).toBe('Presenta una moción');
    const option = options(propose ? [propose] : []).find((o) => o.name === 'option');
    expect(option?.description_localizations?.['es-ES']).toBe('una opción (repítelo para cada una) (separados por comas)');
  });

  it('THEN no Spanish summary or argument description is cut to fit: each is whole in the payload', () => {
    interface Described {
      readonly name: string;
      readonly description_localizations?: Partial<Record<string, string | null>> | null | undefined;
      readonly options?: readonly Described[] | undefined;
    }
    const node = (path: readonly string[]): Described | undefined => {
      const [top, ...rest] = path;
      let at: Described | undefined = commands.find((c) => c.name === top);
      for (const word of rest) at = at?.options?.find((o) => o.name === word);
      return at;
    };
    for (const spec of table) {
      const n = node(spec.path);
      expect(n?.description_localizations?.['es-ES'], spec.path.join(' ')).toBe(commandSummary(spec, SPANISH));
      for (const a of spec.args) {
        const o = n?.options?.find((x) => x.name === a.name);
        expect(o?.description_localizations?.['es-ES']?.startsWith(argHelp(spec, a, SPANISH)), `${spec.path.join(' ')} --${a.name}`).toBe(true);
      }
    }
  });

  it('THEN choices keep their English values and show Spanish labels where they have one', () => {
    const vote = commands.find((c) => c.name === 'mandate')?.options?.find((o) => o.name === 'vote') as { choices?: { name: string; value: string; name_localizations?: Record<string, string> }[] } | undefined;
    expect(vote?.choices?.map((c) => [c.value, c.name, c.name_localizations?.['es-ES']])).toEqual([
      ['yes', 'yes', 'sí'],
      ['no', 'no', undefined],
      ['abstain', 'abstain', 'abstención'],
    ]);
    const method = options(commands.find((c) => c.name === 'motion')?.options).find((o) => o.name === 'method') as { choices?: { value: string; name_localizations?: Record<string, string> }[] } | undefined;
    expect(method?.choices?.find((c) => c.value === 'ranked')?.name_localizations?.['es-419']).toBe('por orden de preferencia');
  });

  it('THEN each command stays within Discord\'s 8,000 characters in Spanish too (names, descriptions, choices and values as es-ES shows them)', () => {
    interface Sized {
      readonly name: string;
      readonly description?: string;
      readonly description_localizations?: Partial<Record<string, string | null>> | null;
      readonly name_localizations?: Partial<Record<string, string | null>> | null;
      readonly value?: string | number;
      readonly options?: readonly Sized[];
      readonly choices?: readonly Sized[];
    }
    const es = (o: Sized): number =>
      (o.name_localizations?.['es-ES'] ?? o.name).length + (o.description_localizations?.['es-ES'] ?? o.description ?? '').length + (o.value === undefined ? 0 : String(o.value).length) + [...(o.options ?? []), ...(o.choices ?? [])].reduce((n, x) => n + es(x), 0);
    for (const c of commands) expect(es(c as Sized), c.name).toBeLessThanOrEqual(8000);
  });

  it('THEN names stay English: one command table for every language', () => {
    for (const c of commands) expect(c.name_localizations).toBeUndefined();
  });
});

describe('GIVEN help asked through the text grammar (Matrix, console)', () => {
  const scenario = (): Scenario => new Scenario({ extraCommands: [...federationModule().commands, ...relayModule().commands, ...lawModule().commands] });

  it('THEN a member who chose Spanish reads the list, a command, its arguments and examples in Spanish', async () => {
    const s = scenario();
    expect((await s.run('ana', '#dm', 'language es')).ok).toBe(true);
    const list = await s.run('ana', '#dm', 'help');
    expect(list.first.title).toBe('Órdenes de Plenary');
    expect(list.text).toContain('motion propose — Presenta una moción');
    expect(list.text).toContain('Escribe `help <orden>` para ver los detalles.');
    const one = await s.run('ana', '#dm', 'help motion propose');
    expect(one.text).toContain('Presenta una moción en esta asamblea.');
    expect(one.text).toContain('Uso: `motion propose <title…>');
    expect(one.text).toContain('<title>: un título de una línea — obligatorio');
    expect(one.text).toContain('--method: cómo se emiten y cuentan los votos (yes-no-abstain, approval, ranked)');
    expect(one.text).toContain('Ejemplos:\nmotion propose "Adoptar el turno de la nevera comunitaria"');
    const unknown = await s.run('ana', '#dm', 'help fly');
    expect(unknown.first.title).toBe('No hay ninguna orden «fly»');
  });

  it('THEN English readers keep the words they had', async () => {
    const s = scenario();
    const one = await s.run('ben', '#dm', 'help vote');
    expect(one.text).toContain('Casts your ballot; vote again to change it');
    expect(one.text).toContain('<choice>: your ballot — required');
    expect(one.text).toContain('Examples:\nvote 12 yes');
    expect(commandExamples(table.find((c) => c.path[0] === 'vote') ?? table[0]!, SPANISH)).toContain('vote 12 sí');
  });

  it('THEN a Discord member whose client speaks Spanish reads help in Spanish without choosing', async () => {
    const s = scenario();
    s.platformLocales.set('cy', 'es-419');
    expect((await s.run('cy', '#dm', 'help ballot')).text).toContain('Muestra el voto que emitiste en una moción');
  });
});
