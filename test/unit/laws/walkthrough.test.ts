import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConsoleSender } from '../../../src/adapters/console/console-sender.js';
import { ConsoleSession } from '../../../src/adapters/console/console-session.js';
import { FakeClock } from '../../../src/core/ports/clock.port.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { createPlenary } from '../../../src/core/plenary.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { drainRelay, type Sent } from '../../support/relay-drain.js';

describe('GIVEN the law walkthrough console script (docs/examples/law-walkthrough.txt)', () => {
  it('THEN every line parses and the town passes and amends laws, takes in and repeals an adopted proposal (the counts change), annuls a circle decision, and elects, hears and recalls a committee', async () => {
    let out = '';
    const sink = { write: (s: string) => (out += s) };
    const clock = new FakeClock();
    const { deps, table } = createPlenary({ store: new FakeStore(), clock, log: silentLogger, senders: new Map([['console', new ConsoleSender(sink)]]) });
    const session = new ConsoleSession(deps, table, sink);
    const sent: Sent[] = [];
    const script = readFileSync(new URL('../../../docs/examples/law-walkthrough.txt', import.meta.url), 'utf8');
    for (const [i, line] of script.split('\n').entries()) {
      const r = await session.line(line);
      expect(r.parsed, `line ${i + 1}: ${line}`).toBe(true);
      // The relay's jobs, as the console's workers would run them.
      await drainRelay(deps, sent, clock);
    }
    const relayed = JSON.stringify(sent.map((x) => x.message));
    expect(out).toContain('North · Law 1 is in force: Quiet hours');
    expect(out).toContain('North · Law 2 is in force: No pesticides');
    expect(out).toContain('North · Law 1 amended (version 2)');
    expect(out).toContain('+ No amplified music after 21:00.');
    expect(out).toContain("Law 1 is North's: only North changes its laws");
    expect(out).toContain('3. Night buses (P-1 of Valley Transport, accepted by motion #6 and adopted)');
    expect(out).toContain("P-1 v1 of Valley Transport, accepted by North's motion #6 (`motion show 6`)");
    expect(relayed).toContain('North · Proposal P-1 v1 is adopted');
    expect(out).toContain('1 accepted · 0 rejected · 0 asked to amend · 1 pending');
    expect(out).toContain('North · Law 3 repealed');
    expect(out).toContain('Valley Transport hears that North withdrew its acceptance of P-1');
    expect(out).toContain('0 accepted · 1 rejected · 0 asked to amend · 1 pending');
    expect(out).toContain('[repealed by motion #7]');
    expect(out).toContain('annul motions are moved in a local assembly; Garden is a circle');
    expect(out).toContain('Garden · Motion #1 annulled by North');
    expect(out).toContain('Annulled: by North (motion #8): it conflicts with law 2 there');
    expect(out).toContain('North · Committee Common Land created');
    expect(out).toContain('ben is nominated for Common Land');
    expect(out).toContain('ben must accept: `nomination accept "Common Land"`');
    expect(out).toContain('Nominated: ben (not yet accepted), cy (not yet accepted), ana');
    expect(out).toContain('cy accepts the nomination for Common Land');
    expect(out).toContain('ana withdraws from the nominations for Common Land');
    expect(out).toContain('Candidates (each accepted the nomination): ben, cy.');
    expect(out).toContain('North elected Common Land');
    expect(out).toContain('Members: ben, cy');
    expect(out).toContain('North · Report of Common Land');
    expect(out).toContain('Common Land is a committee: it has no law-making power');
    expect(out).toContain('Signs on the common land (resolution');
    expect(out).toContain('cy was recalled from Common Land by North');
    expect(out).toContain('Members: ben');
    expect(out).toContain('report: Common Land (ben): No spraying seen this month.');
    expect(out).toContain('record verified');
    expect(out).not.toContain('Something went wrong');
  }, 60_000);
});
