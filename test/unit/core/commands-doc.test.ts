import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCommandsDoc } from '../../../src/core/commands/commands-doc.js';
import { plenaryCommandTable } from '../../../src/core/plenary.js';

describe('GIVEN docs/COMMANDS.md', () => {
  it('THEN it matches the command table (run npm run docs:commands after changing a command)', () => {
    const doc = readFileSync(new URL('../../../docs/COMMANDS.md', import.meta.url), 'utf8');
    expect(doc).toBe(renderCommandsDoc(plenaryCommandTable()));
  });
});
