/**
 * Writes docs/COMMANDS.md from the command table (`npm run docs:commands`);
 * test/unit/core/commands-doc.test.ts fails when the file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { renderCommandsDoc } from '../src/core/commands/commands-doc.js';
import { plenaryCommandTable } from '../src/core/plenary.js';

writeFileSync(new URL('../docs/COMMANDS.md', import.meta.url), renderCommandsDoc(plenaryCommandTable()));
console.log('wrote docs/COMMANDS.md');
