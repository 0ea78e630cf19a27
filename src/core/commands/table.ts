import type { CommandSpec } from './command.js';
import { assemblyCommands } from './assembly.commands.js';
import { auditCommands } from './audit.commands.js';
import { helpCommand } from './help.commands.js';
import { memberCommands } from './member.commands.js';
import { motionCommands } from './motion.commands.js';
import { personalCommands } from './personal.commands.js';
import { voteCommands } from './vote.commands.js';
import { webCommands } from './web.commands.js';

/**
 * THE command table: every chat command declared once. Discord generates its
 * slash commands from it, Matrix and the console parse `!` text into it.
 * Later modules (federations, relay) pass their commands in `extra`.
 */
export function commandTable(extra: readonly CommandSpec[] = []): readonly CommandSpec[] {
  const table: CommandSpec[] = [];
  table.push(helpCommand(() => table), ...assemblyCommands, ...memberCommands, ...motionCommands, ...voteCommands, ...personalCommands, ...auditCommands, ...webCommands, ...extra);
  const seen = new Set<string>();
  for (const c of table) {
    const key = c.path.join(' ');
    if (seen.has(key)) throw new Error(`command declared twice: ${key}`);
    seen.add(key);
  }
  // Discord cannot make one name both a command and a group of sub-commands.
  for (const c of table) {
    const group = table.find((o) => o.path.length > c.path.length && c.path.every((p, i) => o.path[i] === p));
    if (group) throw new Error(`"${c.path.join(' ')}" is both a command and the group of "${group.path.join(' ')}"`);
  }
  return table;
}
