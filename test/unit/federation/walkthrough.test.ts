import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConsoleSession } from '../../../src/adapters/console/console-session.js';
import { ConsoleSender } from '../../../src/adapters/console/console-sender.js';
import { FakeClock } from '../../../src/core/ports/clock.port.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { createPlenary } from '../../../src/core/plenary.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';

describe('GIVEN the federation walkthrough console script', () => {
  it('THEN every line parses and the flow reaches its end: elections, mandate, recall with by-election, leave', async () => {
    let out = '';
    const sink = { write: (s: string) => (out += s) };
    const { deps, table } = createPlenary({ store: new FakeStore(), clock: new FakeClock(), log: silentLogger, senders: new Map([['console', new ConsoleSender(sink)]]) });
    const session = new ConsoleSession(deps, table, sink);
    const script = readFileSync(new URL('../../../docs/examples/federation-walkthrough.txt', import.meta.url), 'utf8');
    for (const [i, line] of script.split('\n').entries()) {
      const r = await session.line(line);
      expect(r.parsed, `line ${i + 1}: ${line}`).toBe(true);
    }
    expect(out).toContain('North joined Valley Transport');
    expect(out).toContain('North elected its delegate to Valley Transport delegates');
    expect(out).toContain('ana was recalled by North');
    expect(out).toContain('A by-election is open');
    expect(out).toContain('BROKE the mandate');
    expect(out).toContain('South left Valley Transport');
    expect(out).not.toContain('Something went wrong');
  });
});
