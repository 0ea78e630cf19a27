import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  Locale,
  PermissionFlagsBits,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandGroupOption,
  type APIApplicationCommandSubcommandOption,
  type LocalizationMap,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { argLimits, type ArgLimits } from '../../core/commands/arg-limits.js';
import type { ArgSpec, CommandSpec } from '../../core/commands/command.js';
import { argHelp, choiceLabel, commandSummary } from '../../core/commands/help-text.js';
import { ENGLISH, speechFor, type Language, type MessageId, type Speech } from '../../core/i18n/index.js';
import { clip, DISCORD_LIMITS } from './limits.js';

/**
 * Discord shows a command to members who have every bit given here, so one bit:
 * Manage Channels (Manage Server holders and admins have it too, and a server
 * can widen it under Integrations). The run-time check accepts either.
 */
const ROOM_ADMIN_BITS = String(PermissionFlagsBits.ManageChannels);

/**
 * Discord's locales each catalogue language is shown in: descriptions are
 * registered in English with a localization per locale, so a member whose
 * Discord speaks Spanish reads them in Spanish. Command and option names stay
 * English (one command table for every language). A new language needs its line.
 */
export const DISCORD_LOCALES: Readonly<Record<Exclude<Language, 'en'>, readonly Locale[]>> = {
  es: [Locale.SpanishES, Locale.SpanishLATAM],
};

const LOCALIZED: readonly (readonly [Speech, readonly Locale[]])[] = Object.entries(DISCORD_LOCALES).map(([language, locales]) => [speechFor(language), locales] as const);

/** A description in English and, for every other language, its Discord locales. */
function described(text: (t: Speech) => string): { description: string; description_localizations: LocalizationMap } {
  const description_localizations: LocalizationMap = {};
  for (const [speech, locales] of LOCALIZED) for (const locale of locales) description_localizations[locale] = text(speech);
  return { description: text(ENGLISH), description_localizations };
}

/** A choice's label in each other language, where it has one (the value sent stays the English one every grammar reads). */
function labelled(value: string): { name_localizations?: LocalizationMap } {
  const name_localizations: LocalizationMap = {};
  for (const [speech, locales] of LOCALIZED) {
    const label = choiceLabel(value, speech);
    if (label !== undefined && label !== value) for (const locale of locales) name_localizations[locale] = clip(label, DISCORD_LIMITS.choiceName);
  }
  return Object.keys(name_localizations).length > 0 ? { name_localizations } : {};
}

const hintId = (a: ArgSpec, viaForm: boolean): Extract<MessageId, `help.hint.${string}`> | undefined => (a.type === 'list' ? 'help.hint.list' : a.long ? 'help.hint.long' : viaForm ? 'help.hint.form' : undefined);

interface Node<T> {
  leaf?: CommandSpec;
  readonly subs: Map<string, T>;
}

/**
 * Generates the slash commands from the one command table, so Discord can
 * never drift from what Matrix and the console accept. A path becomes
 * command / sub-command / sub-command group; each ArgSpec a typed option.
 * Limits are enforced here and a table that cannot be expressed throws at
 * start-up (and in the unit test), not at Discord.
 */
export function slashCommands(table: readonly CommandSpec[]): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const tops = new Map<string, Node<Node<CommandSpec>>>();
  for (const spec of table) {
    const [top, sub, leaf, ...more] = spec.path;
    if (top === undefined || more.length > 0) throw new Error(`command path "${spec.path.join(' ')}" has ${spec.path.length} words; Discord allows 1 to 3`);
    for (const word of spec.path) checkName(word, spec);
    const node: Node<Node<CommandSpec>> = tops.get(top) ?? { subs: new Map() };
    tops.set(top, node);
    if (sub === undefined) node.leaf = spec;
    else {
      const child: Node<CommandSpec> = node.subs.get(sub) ?? { subs: new Map() };
      node.subs.set(sub, child);
      if (leaf === undefined) child.leaf = spec;
      else child.subs.set(leaf, spec);
    }
  }
  if (tops.size > DISCORD_LIMITS.topLevelCommands) throw new Error(`${tops.size} top-level commands; Discord allows ${DISCORD_LIMITS.topLevelCommands}`);
  return [...tops].map(([name, node]) => {
    if (node.leaf && node.subs.size > 0) throw new Error(`"${name}" is both a command and a group of sub-commands; Discord cannot express that`);
    const leaves: CommandSpec[] = node.leaf ? [node.leaf] : [...node.subs.values()].flatMap((c) => [...(c.leaf ? [c.leaf] : []), ...c.subs.values()]);
    const base = {
      type: ApplicationCommandType.ChatInput as const,
      name,
      integration_types: [ApplicationIntegrationType.GuildInstall],
      // Commands that need no room also work in a DM with the bot (linking accounts, help).
      contexts: leaves.every((l) => l.permission === 'anyone') ? [InteractionContextType.Guild, InteractionContextType.BotDM] : [InteractionContextType.Guild],
      // Hidden from everyone but room admins when only they may run it. Discord sets this per top-level
      // command, so a command with some sub-commands for everyone stays visible; the run-time check decides.
      ...(leaves.every((l) => l.permission === 'room-admin') ? { default_member_permissions: ROOM_ADMIN_BITS } : {}),
    };
    const leaf = node.leaf;
    if (leaf) return { ...base, ...described((t) => describe(commandSummary(leaf, t))), options: commandOptions(leaf) };
    const options = [...node.subs].map(([subName, child]): APIApplicationCommandSubcommandOption | APIApplicationCommandSubcommandGroupOption => {
      if (child.leaf && child.subs.size > 0) throw new Error(`"${name} ${subName}" is both a sub-command and a group; Discord cannot express that`);
      if (child.leaf) return subcommand(subName, child.leaf);
      return { type: ApplicationCommandOptionType.SubcommandGroup, name: subName, description: describe(`${subName}: ${[...child.subs.keys()].join(', ')}`), options: limit([...child.subs].map(([n, s]) => subcommand(n, s)), `${name} ${subName}`) };
    });
    return { ...base, description: describe(`${name}: ${[...node.subs.keys()].join(', ')}`), options: limit(options, name) };
  });
}

function subcommand(name: string, spec: CommandSpec): APIApplicationCommandSubcommandOption {
  return { type: ApplicationCommandOptionType.Subcommand, name, ...described((t) => describe(commandSummary(spec, t))), options: commandOptions(spec) };
}

/** Arguments a form (modal) collects when the command is run without its long text. */
export function formArgs(spec: CommandSpec): ArgSpec[] {
  if (!spec.args.some((a) => a.long)) return [];
  return spec.args.filter((a) => a.long || (a.required && (a.type === 'string' || a.type === 'text'))).slice(0, DISCORD_LIMITS.modalFields);
}

function commandOptions(spec: CommandSpec): APIApplicationCommandBasicOption[] {
  const viaForm = new Set(formArgs(spec).map((a) => a.name));
  const options = spec.args.map((a) => basicOption(a, spec, viaForm.has(a.name)));
  // Discord requires every required option before the optional ones.
  const sorted = [...options.filter((o) => o.required), ...options.filter((o) => !o.required)];
  return limit(sorted, spec.path.join(' '));
}

function basicOption(a: ArgSpec, spec: CommandSpec, viaForm: boolean): APIApplicationCommandBasicOption {
  checkName(a.name, spec);
  const hint = hintId(a, viaForm);
  const base = { name: a.name, ...described((t) => describe(argHelp(spec, a, t), hint ? t.t(hint) : '')), required: Boolean(a.required) && !viaForm };
  // The limits the dispatcher will check, from the command's own schema: Discord refuses past them before sending.
  const limits = argLimits(spec, a.name);
  switch (a.type) {
    case 'integer':
      return { ...base, type: ApplicationCommandOptionType.Integer, ...(limits.minimum !== undefined ? { min_value: limits.minimum } : {}), ...(limits.maximum !== undefined ? { max_value: limits.maximum } : {}) };
    case 'boolean':
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    case 'user':
      return { ...base, type: ApplicationCommandOptionType.User };
    case 'choice': {
      const choices = a.choices ?? [];
      // Over 25 choices Discord cannot list them: the option stays free text and the core's schema still validates it.
      if (choices.length === 0 || choices.length > DISCORD_LIMITS.optionChoices) return { ...base, type: ApplicationCommandOptionType.String };
      return { ...base, type: ApplicationCommandOptionType.String, choices: choices.map((c) => ({ name: clip(c, DISCORD_LIMITS.choiceName), value: c, ...labelled(c) })) };
    }
    case 'string':
    case 'text':
    case 'list':
      // Picks as the member types (answered by autocomplete.ts); a form field cannot autocomplete, but its slash option can.
      return { ...base, type: ApplicationCommandOptionType.String, ...(a.suggest ? { autocomplete: true } : {}), ...stringLengths(limits) };
  }
}

/** max_length / min_length for a string option, within what Discord accepts (max 1-6000, min 0-6000). */
function stringLengths(l: ArgLimits): { max_length?: number; min_length?: number } {
  const max = l.maxLength !== undefined && l.maxLength >= 1 ? Math.min(l.maxLength, DISCORD_LIMITS.stringOptionLength) : undefined;
  const min = l.minLength !== undefined && l.minLength > 0 ? Math.min(l.minLength, max ?? DISCORD_LIMITS.stringOptionLength) : undefined;
  return { ...(max !== undefined ? { max_length: max } : {}), ...(min !== undefined ? { min_length: min } : {}) };
}

function describe(text: string, hint = ''): string {
  const t = text.trim() || '—';
  return t.length + hint.length <= DISCORD_LIMITS.commandDescription ? t + hint : clip(t, DISCORD_LIMITS.commandDescription);
}

const NAME = /^[-_\p{Ll}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function checkName(name: string, spec: CommandSpec): void {
  if (!NAME.test(name)) throw new Error(`"${name}" in "${spec.path.join(' ')}" is not a valid Discord command or option name (lowercase, 1-32 characters)`);
}

function limit<T>(items: T[], where: string): T[] {
  if (items.length > DISCORD_LIMITS.commandOptions) throw new Error(`"${where}" has ${items.length} options; Discord allows ${DISCORD_LIMITS.commandOptions}`);
  return items;
}

/** The table entry a slash command invocation names. */
export function specFor(table: readonly CommandSpec[], name: string, group: string | null, sub: string | null): CommandSpec | undefined {
  const path = [name, ...(group ? [group] : []), ...(sub ? [sub] : [])];
  return table.find((c) => c.path.length === path.length && c.path.every((p, i) => p === path[i]));
}
