import { describe, expect, it } from 'vitest';
import { COMMAND_SCOPES } from '../../../src/core/authority/command-scope.js';
import { KIND_REACH } from '../../../src/core/authority/kind-reach.js';
import { FakeClock } from '../../../src/core/ports/clock.port.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { createPlenary, plenaryCommandTable } from '../../../src/core/plenary.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';

describe('GIVEN the authority module (src/core/authority)', () => {
  it('THEN every command of the table declares which assembly it changes, and no declaration names a command that does not exist', () => {
    const paths = plenaryCommandTable().map((c) => c.path.join(' '));
    expect(paths.filter((p) => !(p in COMMAND_SCOPES))).toEqual([]);
    expect(Object.keys(COMMAND_SCOPES).filter((p) => !paths.includes(p))).toEqual([]);
  });

  it('THEN every motion kind the deployment registers declares where it is moved and what it reaches, and only delegates draft proposals', () => {
    const { deps } = createPlenary({ store: new FakeStore(), clock: new FakeClock(), log: silentLogger, senders: new Map() });
    for (const kind of deps.kinds.keys()) {
      expect(KIND_REACH[kind].movedIn.length, kind).toBeGreaterThan(0);
      expect(KIND_REACH[kind].reaches, kind).not.toBe('');
    }
    expect(KIND_REACH['proposal-draft'].movedIn).toEqual(['delegates']);
    expect(KIND_REACH.admission.movedIn).not.toContain('delegates');
  });
});
