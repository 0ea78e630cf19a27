import { ApplicationCommandOptionType, type APIApplicationCommandOption, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defineCommand, reply, type CommandSpec } from '../../../src/core/commands/command.js';
import { commandTable } from '../../../src/core/commands/table.js';
import { federationModule } from '../../../src/core/federation/index.js';
import { ok } from '../../../src/core/shared/result.js';
import { formArgs, slashCommands, specFor } from '../../../src/adapters/discord/slash-commands.js';

// The full table every composition root serves: core and federation commands.
const table = commandTable(federationModule().commands);
const commands = slashCommands(table);
const NAME = /^[-_\p{Ll}\p{N}]{1,32}$/u;
const SUB = ApplicationCommandOptionType.Subcommand;
const GROUP = ApplicationCommandOptionType.SubcommandGroup;

/** Every (path, options) leaf of the generated commands. */
function leaves(cmds: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[]): { path: string[]; options: APIApplicationCommandOption[] }[] {
  const out: { path: string[]; options: APIApplicationCommandOption[] }[] = [];
  const walk = (path: string[], options: readonly APIApplicationCommandOption[]) => {
    const nested = options.filter((o) => o.type === SUB || o.type === GROUP);
    if (nested.length === 0) out.push({ path, options: [...options] });
    for (const o of nested) walk([...path, o.name], 'options' in o ? (o.options ?? []) : []);
  };
  for (const c of cmds) walk([c.name], c.options ?? []);
  return out;
}

function allOptions(options: readonly APIApplicationCommandOption[]): APIApplicationCommandOption[] {
  return options.flatMap((o) => [o, ...((o.type === SUB || o.type === GROUP) && o.options ? allOptions(o.options) : [])]);
}

/** Loosely typed reads: the option union makes `choices`/`options`/`required` awkward to reach. */
const loose = (o: APIApplicationCommandOption) => o as unknown as { choices?: { name: string; value: unknown }[]; options?: unknown[]; required?: boolean };

const size = (c: RESTPostAPIChatInputApplicationCommandsJSONBody): number =>
  c.name.length + c.description.length + allOptions(c.options ?? []).reduce((n, o) => n + o.name.length + o.description.length + (loose(o).choices ?? []).reduce((m, ch) => m + ch.name.length + String(ch.value).length, 0), 0);

describe('GIVEN the command table', () => {
  it('THEN every table command maps to exactly one slash command path, and nothing else is generated', () => {
    const generated = leaves(commands).map((l) => l.path.join(' ')).sort();
    expect(generated).toEqual(table.map((c) => c.path.join(' ')).sort());
    for (const spec of table) {
      const [name, a, b] = spec.path;
      const found = b ? specFor(table, name!, a!, b) : specFor(table, name!, null, a ?? null);
      expect(found?.path).toEqual(spec.path);
    }
  });

  it('THEN every argument becomes an option of the right type', () => {
    for (const leaf of leaves(commands)) {
      const spec = table.find((c) => c.path.join(' ') === leaf.path.join(' '))!;
      expect(leaf.options.map((o) => o.name).sort()).toEqual(spec.args.map((a) => a.name).sort());
      for (const a of spec.args) {
        const o = leaf.options.find((x) => x.name === a.name)!;
        const types: Partial<Record<string, ApplicationCommandOptionType>> = { integer: ApplicationCommandOptionType.Integer, boolean: ApplicationCommandOptionType.Boolean, user: ApplicationCommandOptionType.User };
        const want = types[a.type] ?? ApplicationCommandOptionType.String;
        expect(o.type, `${leaf.path.join(' ')} --${a.name}`).toBe(want);
        if (a.type === 'choice' && a.choices && a.choices.length <= 25) expect(loose(o).choices?.map((c) => c.value)).toEqual(a.choices);
      }
    }
  });

  it('THEN names, descriptions, option counts, choices and sizes stay within Discord limits', () => {
    expect(commands.length).toBeLessThanOrEqual(100);
    for (const c of commands) {
      expect(c.name).toMatch(NAME);
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThanOrEqual(100);
      expect(size(c)).toBeLessThanOrEqual(8000);
      expect((c.options ?? []).length).toBeLessThanOrEqual(25);
      for (const o of allOptions(c.options ?? [])) {
        expect(o.name).toMatch(NAME);
        expect(o.description.length).toBeGreaterThan(0);
        expect(o.description.length).toBeLessThanOrEqual(100);
        expect((loose(o).options ?? []).length).toBeLessThanOrEqual(25);
        const choices = loose(o).choices ?? [];
        expect(choices.length).toBeLessThanOrEqual(25);
        for (const ch of choices) expect(ch.name.length).toBeLessThanOrEqual(100);
      }
    }
  });

  it('THEN required options come before optional ones everywhere', () => {
    for (const leaf of leaves(commands)) {
      const flags = leaf.options.map((o) => loose(o).required === true);
      expect(flags, leaf.path.join(' ')).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
    }
  });

  it('THEN help is a command too, and motion propose leaves title and body to a form when they are not given', () => {
    expect(commands.map((c) => c.name)).toContain('help');
    const propose = leaves(commands).find((l) => l.path.join(' ') === 'motion propose')!;
    expect(propose.options.filter((o) => loose(o).required)).toEqual([]);
    expect(formArgs(specFor(table, 'motion', null, 'propose')!).map((a) => a.name)).toEqual(['title', 'body']);
    expect(propose.options.find((o) => o.name === 'option')?.description).toContain('comma-separated');
  });
});

const stub = (path: string[], args: CommandSpec['args'] = []): CommandSpec =>
  defineCommand({ path, permission: 'anyone', args, schema: z.object({}), handler: () => Promise.resolve(ok(reply())) });

describe('GIVEN a table Discord cannot express', () => {
  it('THEN a name that is both a command and a group is refused with a clear message', () => {
    expect(() => slashCommands([stub(['x']), stub(['x', 'y'])])).toThrow(/both a command and a group/);
  });
  it('THEN a four-word path, an upper-case name or 26 options are refused', () => {
    expect(() => slashCommands([stub(['a', 'b', 'c', 'd'])])).toThrow(/1 to 3/);
    expect(() => slashCommands([stub(['Motion'])])).toThrow(/not a valid Discord/);
    const many = Array.from({ length: 26 }, (_, i) => ({ name: `o${i}`, type: 'string' as const }));
    expect(() => slashCommands([stub(['wide'], many)])).toThrow(/26 options/);
  });
  it('THEN three-word paths become sub-command groups', () => {
    const [cmd] = slashCommands([stub(['fed', 'invite', 'create']), stub(['fed', 'invite', 'list'])]);
    expect(cmd!.options?.[0]).toMatchObject({ type: GROUP, name: 'invite', options: [{ type: SUB, name: 'create' }, { type: SUB, name: 'list' }] });
  });
  it('THEN a choice list over 25 becomes free text (the core still validates it)', () => {
    const [cmd] = slashCommands([stub(['pick'], [{ name: 'n', type: 'choice', choices: Array.from({ length: 30 }, (_, i) => `c${i}`) }])]);
    expect(cmd!.options?.[0]).not.toHaveProperty('choices');
  });
});
