import { z } from 'zod';
import { personal } from '../messages/message.js';
import { ok } from '../shared/result.js';
import { defineCommand, reply, type CommandSpec } from './command.js';
import { findCommand, usage } from './dispatch.js';

/** Help is generated from the table itself, so it can never drift from the commands. */
export function helpCommand(table: () => readonly CommandSpec[]): CommandSpec {
  return defineCommand({
    path: ['help'],
    summary: 'List the commands, or explain one',
    help: 'Without arguments lists every command; `help motion propose` explains one with its arguments and examples.',
    permission: 'anyone',
    args: [{ name: 'command', description: 'a command name', positional: true, rest: true, type: 'string' }],
    schema: z.object({ command: z.string().max(100).optional() }),
    handler(_ctx, args) {
      const all = table();
      if (!args.command) {
        const lines = all.map((c) => `${c.path.join(' ')} — ${c.summary}`);
        return Promise.resolve(ok(reply(personal('Plenary commands', `${lines.join('\n')}\n\nType \`help <command>\` for details.`))));
      }
      const spec = findCommand(all, args.command.toLowerCase().split(/\s+/));
      if (!spec) return Promise.resolve(ok(reply(personal(`No command "${args.command}"`, 'Type `help` for the list.', { tone: 'error' }))));
      const argLines = spec.args.map((a) => `${a.positional ? `<${a.name}>` : `--${a.name}`}: ${a.description}${a.choices ? ` (${a.choices.join(', ')})` : ''}${a.required ? ' — required' : ''}`);
      const body = [spec.help, `Usage: \`${usage(spec)}\``, argLines.length > 0 ? argLines.join('\n') : '', spec.examples ? `Examples:\n${spec.examples.join('\n')}` : ''].filter((s) => s !== '');
      return Promise.resolve(ok(reply(personal(spec.path.join(' '), body.join('\n\n')))));
    },
  });
}
