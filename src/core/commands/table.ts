import type { CommandSpec } from './command.js';
import { assemblyCommands } from './assembly.commands.js';
import { auditCommands } from './audit.commands.js';
import { helpCommand } from './help.commands.js';
import { memberCommands } from './member.commands.js';
import { motionCommands } from './motion.commands.js';
import { voteCommands } from './vote.commands.js';

/**
 * THE command table: every chat command declared once. Discord generates its
 * slash commands from it, Matrix and the console parse `!` text into it.
 * Later modules (federations, relay) pass their commands in `extra`.
 */
export function commandTable(extra: readonly CommandSpec[] = []): readonly CommandSpec[] {
  const table: CommandSpec[] = [];
  table.push(helpCommand(() => table), ...assemblyCommands, ...memberCommands, ...motionCommands, ...voteCommands, ...auditCommands, ...extra);
  const seen = new Set<string>();
  for (const c of table) {
    const key = c.path.join(' ');
    if (seen.has(key)) throw new Error(`command declared twice: ${key}`);
    seen.add(key);
  }
  return table;
}
