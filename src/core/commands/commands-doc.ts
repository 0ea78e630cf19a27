import type { CommandSpec } from './command.js';
import { usage } from './dispatch.js';
import { commandSummary } from './help-text.js';
import { ENGLISH } from '../i18n/speech.js';

const WHO: Record<CommandSpec['permission'], string> = {
  anyone: 'anyone',
  'in-assembly-room': "anyone in the assembly's room",
  member: 'members',
  facilitator: 'facilitators',
  'room-admin': "the room's admins on its platform",
};

/** The command reference as Markdown, generated from the table so it cannot drift. */
export function renderCommandsDoc(table: readonly CommandSpec[]): string {
  const lines = [
    '# Commands',
    '',
    'Generated from the command table (`npm run docs:commands`). Every command works the same on every platform:',
    '',
    '- **Discord**: `/` + the name path as a slash command with typed options (e.g. `/motion propose title:… body:…`); long texts open a form.',
    '- **Matrix**: `!` + the text below (quote text with spaces; `!help <command>` explains one).',
    '- **Console**: the text below, as in Matrix (`/as <user>`, `/in <room>` switch who acts and where).',
    '',
    '| command | who | what it does |',
    '|---|---|---|',
    ...table.map((c) => `| \`${usage(c).replace(/\|/g, '\\|')}\` | ${WHO[c.permission]} | ${commandSummary(c, ENGLISH)} |`),
    '',
  ];
  return lines.join('\n');
}
