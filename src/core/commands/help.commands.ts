import { z } from 'zod';
import { personal } from '../messages/message.js';
import { ok } from '../shared/result.js';
import { defineCommand, reply, speechOf, type CommandSpec } from './command.js';
import { findCommand, usage } from './dispatch.js';
import { argHelp, commandExamples, commandHelp, commandSummary } from './help-text.js';

/** Help is generated from the table itself, so it can never drift from the commands; its words are the reader's (`help-text.ts`). */
export function helpCommand(table: () => readonly CommandSpec[]): CommandSpec {
  return defineCommand({
    path: ['help'],
    permission: 'anyone',
    args: [{ name: 'command', positional: true, rest: true, type: 'string' }],
    schema: z.object({ command: z.string().max(100).optional() }),
    handler(ctx, args) {
      const t = speechOf(ctx);
      const all = table();
      if (!args.command) {
        const lines = all.map((c) => `${c.path.join(' ')} — ${commandSummary(c, t)}`);
        return Promise.resolve(ok(reply(personal(t.t('helpReply.list.title'), `${lines.join('\n')}\n\n${t.t('helpReply.list.more')}`))));
      }
      const spec = findCommand(all, args.command.toLowerCase().split(/\s+/));
      if (!spec) return Promise.resolve(ok(reply(personal(t.t('helpReply.unknown.title', { command: args.command }), t.t('helpReply.unknown.body'), { tone: 'error' }))));
      const argLines = spec.args.map((a) => t.t('helpReply.arg', { name: a.positional ? `<${a.name}>` : `--${a.name}`, description: argHelp(spec, a, t), choices: a.choices ? a.choices.join(', ') : '', hasChoices: a.choices ? 'yes' : 'no', required: a.required ? 'yes' : 'no' }));
      const examples = commandExamples(spec, t);
      const body = [commandHelp(spec, t), t.t('dispatch.usage', { usage: usage(spec) }), argLines.join('\n'), examples.length > 0 ? t.t('helpReply.examples', { examples: examples.join('\n') }) : ''].filter((s) => s !== '');
      return Promise.resolve(ok(reply(personal(spec.path.join(' '), body.join('\n\n')))));
    },
  });
}
