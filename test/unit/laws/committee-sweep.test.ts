import { describe, expect, it } from 'vitest';
import { InProcessJobQueue } from '../../../src/adapters/queue/in-process-job-queue.js';
import { endDueCommittees } from '../../../src/core/laws/committee-terms.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import type { Scenario } from '../../../src/core/testing/scenario.js';
import { scheduleSweep, sweepMotionsHandler } from '../../../src/jobs/sweep-motions.handler.js';
import { ManualQueueClock } from '../../support/manual-queue-clock.js';
import type { Sent } from '../../support/relay-drain.js';
import { lawScenario, runScript } from './law-script.js';

const DAY = 86_400_000;
const SWEEP_MS = 60_000;

/** North (ana, ben, cy) with Fridge Committee (2 seats, `days` days) seated with ben and cy, and a room. */
const TOWN = (days: number) => `
/in north
/as ana
assembly setup North
/as ben
join
/as cy
join
/as ana
motion propose "Fridge committee" --kind committee --name "Fridge Committee" --mandate "Keep the fridge clean" --seats 2 --term-days ${days}
vote 1 yes
/as ben
vote 1 yes
/as cy
vote 1 yes
/as ana
/in fridge
/as ana
committee room Fridge Committee
/in north
nominate "Fridge Committee" --person ben
nominate "Fridge Committee" --person cy
/as ben
nomination accept "Fridge Committee"
/as cy
nomination accept "Fridge Committee"
/as ana
committee elect "Fridge Committee"
vote 2 1>2>3
/as ben
vote 2 1>2>3
/as cy
vote 2 2>1>3
`;

type Outbox = { raw: { outbox: Map<string, { kind: string; payload: Record<string, unknown> }> } };
const revokes = (s: Scenario, id: string) => [...(s.deps.store as unknown as Outbox).raw.outbox.values()].filter((o) => o.kind === 'access.revoke' && o.payload.assemblyId === id);
const ends = (s: Scenario) => s.chat.titles('north').filter((t) => t === 'North · Committee Fridge Committee ended');

async function town(days = 1) {
  const s = lawScenario();
  const sent: Sent[] = [];
  await runScript(s, sent, TOWN(days));
  const committee = (await s.deps.store.read.assemblyByName('Fridge Committee'))!;
  expect((await s.deps.store.read.members(committee.id, 'active')).length).toBe(2);
  return { s, sent, committee };
}

describe('GIVEN a committee whose term passes while nobody acts on it', () => {
  it('WHEN the sweep job runs THEN it ends it: seats gone, room access revoked, recorded in both records, announced in North; the next sweep does nothing', async () => {
    const { s, sent, committee } = await town(1);
    const clock = new ManualQueueClock();
    const queue = new InProcessJobQueue({ prefix: 'committee-sweep', log: silentLogger, clock });
    const sweep = sweepMotionsHandler(s.deps, queue);
    await queue.work([sweep], { concurrency: 1 });
    const runSlot = async () => {
      s.clock.advance(SWEEP_MS);
      await scheduleSweep(queue, SWEEP_MS, s.clock.now().getTime() + SWEEP_MS);
      await clock.advance(2 * SWEEP_MS);
    };

    // Before the term ends the sweep leaves it alone.
    await runSlot();
    expect((await s.deps.store.read.members(committee.id, 'active')).length).toBe(2);
    expect(ends(s)).toHaveLength(0);

    s.clock.advance(DAY);
    await runSlot();
    expect(await s.deps.store.read.members(committee.id, 'active')).toEqual([]);
    expect(revokes(s, committee.id)).toHaveLength(2);
    expect(ends(s)).toHaveLength(1);
    // The date in the Speech's one format (the assembly's zone: UTC here), never ISO.
    const ended = s.chat.in('north').find((m) => m.title === 'North · Committee Fridge Committee ended');
    expect(ended?.body).toMatch(/^Its term ended on \w{3} \d{1,2} \w{3}, \d\d:\d\d UTC\. Its members' seats and room access end now\.$/);
    const types = (await s.deps.store.read.events(committee.id)).map((e) => e.type);
    expect(types.filter((t) => t === 'committee.unseated')).toHaveLength(2);
    expect(types.filter((t) => t === 'committee.ended')).toHaveLength(1);
    const north = (await s.deps.store.read.assemblyByName('North'))!;
    expect((await s.deps.store.read.events(north.id)).filter((e) => e.type === 'committee.ended')).toHaveLength(1);

    await runSlot();
    expect(await endDueCommittees(s.deps)).toBe(0);
    expect(revokes(s, committee.id)).toHaveLength(2);
    expect(ends(s)).toHaveLength(1);
    expect((await s.deps.store.read.events(committee.id)).filter((e) => e.type === 'committee.ended')).toHaveLength(1);
    // A former member's act after the sweep is refused (the seat is gone) and changes nothing.
    const out = await runScript(s, sent, '/in fridge\n/as ben\n!refused committee report "Late"\n/in north\n/as ana\naudit verify');
    expect(out).toContain('Members only');
    expect(out).toContain('record verified');
    expect((await s.deps.store.read.events(committee.id)).filter((e) => e.type === 'committee.ended')).toHaveLength(1);
    await queue.close();
  });

  it('WHEN two sweeps race THEN it is ended once (one announcement, one revoke per seat)', async () => {
    const { s, committee } = await town(3);
    s.clock.advance(3 * DAY);
    const counts = await Promise.all([endDueCommittees(s.deps), endDueCommittees(s.deps), endDueCommittees(s.deps)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(revokes(s, committee.id)).toHaveLength(2);
    expect(ends(s)).toHaveLength(1);
    expect((await s.deps.store.read.events(committee.id)).filter((e) => e.type === 'committee.ended')).toHaveLength(1);
  });

  it('WHEN a member acts first and then the sweep runs THEN it is ended once, by the member\'s act', async () => {
    const { s, sent, committee } = await town(1);
    s.clock.advance(DAY);
    await runScript(s, sent, '/in fridge\n/as ben\n!refused committee report "Late"');
    expect(await endDueCommittees(s.deps)).toBe(0);
    expect(revokes(s, committee.id)).toHaveLength(2);
    expect((await s.deps.store.read.events(committee.id)).filter((e) => e.type === 'committee.ended')).toHaveLength(1);
  });

  it('THEN the store lists it as due from the end of its term on, never before, and at most `limit`', async () => {
    const { s } = await town(1);
    s.clock.advance(DAY);
    expect(await s.deps.store.read.laws.dueCommittees(s.deps.clock.now(), 10)).toHaveLength(1);
    expect(await s.deps.store.read.laws.dueCommittees(new Date(s.deps.clock.now().getTime() - 1), 10)).toHaveLength(1);
    expect(await s.deps.store.read.laws.dueCommittees(new Date(s.deps.clock.now().getTime() - DAY), 10)).toHaveLength(0);
    expect(await s.deps.store.read.laws.dueCommittees(s.deps.clock.now(), 0)).toHaveLength(0);
  });
});
