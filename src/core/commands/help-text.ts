import { isMessageId, LANGUAGES, type Speech } from '../i18n/index.js';
import { POLICY_KEYS } from '../services/assembly.service.js';
import { METHODS, MOTION_KINDS } from '../model/policy.js';
import { selector } from '../i18n/localized.js';
import type { ArgSpec, CommandSpec } from './command.js';

/**
 * A command's help in the reader's words, from the catalogue by the command's
 * path (`catalogue.en.help.ts`): one convention for `help`, Discord's
 * descriptions and the command reference, so a command cannot have help in
 * one language and not another (test/unit/i18n/command-help.test.ts).
 */

/** What help texts may name: lists that follow the code rather than the translator. */
const HELP_PARAMS = {
  keys: POLICY_KEYS.join(', '),
  languages: Object.entries(LANGUAGES)
    .map(([tag, name]) => `${tag} (${name})`)
    .join(', '),
};

const base = (spec: Pick<CommandSpec, 'path'>): string => `help.${spec.path.join('.')}`;

/** The catalogue ids a command's help is read from, in the order they are tried. */
export const helpIds = {
  summary: (spec: Pick<CommandSpec, 'path'>): string => `${base(spec)}.summary`,
  text: (spec: Pick<CommandSpec, 'path'>): string => `${base(spec)}.text`,
  examples: (spec: Pick<CommandSpec, 'path'>): string => `${base(spec)}.examples`,
  arg: (spec: Pick<CommandSpec, 'path'>, arg: Pick<ArgSpec, 'name'>): readonly string[] => [`${base(spec)}.arg.${arg.name}`, `help.arg.${arg.name}`],
  choice: (value: string): string => `help.choice.${value}`,
};

function render(speech: Speech, ids: readonly string[]): string | undefined {
  const id = ids.find(isMessageId);
  return id === undefined ? undefined : speech.render({ id, params: HELP_PARAMS });
}

/** One line: the `help` list, Discord's command description (at most 100 characters, tested). */
export const commandSummary = (spec: Pick<CommandSpec, 'path'>, speech: Speech): string => render(speech, [helpIds.summary(spec)]) ?? spec.path.join(' ');

/** What `help <command>` explains. */
export const commandHelp = (spec: Pick<CommandSpec, 'path'>, speech: Speech): string => render(speech, [helpIds.text(spec)]) ?? commandSummary(spec, speech);

/** Example command lines, in the reader's language (their quoted texts are translated, their words are commands). */
export const commandExamples = (spec: Pick<CommandSpec, 'path'>, speech: Speech): readonly string[] => render(speech, [helpIds.examples(spec)])?.split('\n') ?? [];

/** One argument's description: the command's own wording, else the shared one. */
export const argHelp = (spec: Pick<CommandSpec, 'path'>, arg: Pick<ArgSpec, 'name'>, speech: Speech): string => render(speech, helpIds.arg(spec, arg)) ?? arg.name;

const isOneOf = <T extends string>(list: readonly T[], v: string): v is T => (list as readonly string[]).includes(v);

/**
 * What a choice is called where a platform shows a label beside the value
 * typed (Discord's choices): motion kinds and methods by their catalogue
 * names, others by `help.choice.<value>`; none for values that are names
 * themselves (policy keys, file formats).
 */
export function choiceLabel(value: string, speech: Speech): string | undefined {
  if (isOneOf(MOTION_KINDS, value)) return speech.t('motion.kind', { kind: selector(value) });
  if (isOneOf(METHODS, value)) return speech.t('motion.method', { method: selector(value) });
  return render(speech, [helpIds.choice(value)]);
}
