import { msg } from './message-types.js';

/**
 * English: the replies and refusals of motions, votes, `help`, the text
 * grammar, argument checks, authority and counting (issue 18 item 12).
 */
export const enMotions = {
  // `help`.
  'helpReply.list.title': msg('Plenary commands'),
  'helpReply.list.more': msg('Type `help <command>` for details.'),
  'helpReply.unknown.title': msg<{ command: string }>('No command "{command}"'),
  'helpReply.unknown.body': msg('Type `help` for the list.'),
  'helpReply.arg': msg<{ name: string; description: string; choices: string; hasChoices: 'yes' | 'no'; required: 'yes' | 'no' }>('{name}: {description}{hasChoices, select, yes { ({choices})} other {}}{required, select, yes { — required} other {}}'),
  'helpReply.examples': msg<{ examples: string }>('Examples:\n{examples}'),

  // The text grammar (Matrix, console): what cannot be read as a command.
  'grammar.quoteOpen': msg<{ quote: string }>('A quote ({quote}) is not closed.'),
  'grammar.empty': msg('Type a command, or `help`.'),
  'grammar.unknown': msg<{ typed: string; near: string; hasNear: 'yes' | 'no' }>('"{typed}" is not a command. {hasNear, select, yes {Did you mean: {near}?} other {Type `help` for the list.}}'),
  'grammar.noOption': msg<{ command: string; option: string; near: string; hasNear: 'yes' | 'no'; usage: string }>('{command} has no option --{option}.{hasNear, select, yes { Did you mean: {near}?} other {}}\nUsage: `{usage}`'),
  'grammar.needsValue': msg<{ option: string; description: string; usage: string }>('--{option} needs a value ({description}).\nUsage: `{usage}`'),
  'grammar.twice': msg<{ option: string }>('--{option} is given twice.'),
  'grammar.unexpected': msg<{ words: string; usage: string }>('Unexpected words: {words}. Put text with spaces in quotes.\nUsage: `{usage}`'),
};
