import { describe, expect, it } from 'vitest';
import { endExpiredTerms } from '../../../src/core/federation/terms.js';
import type { Scenario } from '../../../src/core/testing/scenario.js';
import { federationScenario, ok } from '../../support/federation-scenario.js';

const DAY = 86_400_000;

async function joined(s: Scenario, members: string[], seatsPolicy?: string): Promise<void> {
  await ok(s.run(members[0]!, '#town', 'assembly setup Town'));
  for (const m of members.slice(1)) await ok(s.run(m, '#town', 'join'));
  await ok(s.run('f', '#fed', 'federation create Fed --purpose "Test"'));
  if (seatsPolicy) {
    // The root has no delegates yet, so its founder's facilitator powers do not reach policy: set it by the store, as a policy motion would.
    const root = (await s.deps.store.read.assemblyByName('Fed delegates'))!;
    await s.deps.store.transaction((tx) => tx.updatePolicy(root.id, { ...root.policy, seats: { mode: 'proportional', count: 1, membersPerSeat: 2, max: 3 } }));
  }
  const code = /Code: (\S+)/.exec(await ok(s.run('f', '#fed', 'federation invite')))![1]!;
  await ok(s.run(members[0]!, '#town', `federation join ${code}`));
  for (const m of members) await ok(s.run(m, '#town', 'vote 1 yes'));
}

describe('GIVEN a proportional seat rule in the parent', () => {
  it('THEN a town of five holds ceil(5/2) = 3 seats, capped at the maximum', async () => {
    const s = federationScenario();
    await joined(s, ['a', 'b', 'c', 'd', 'e'], 'proportional');
    expect(await ok(s.run('a', '#town', 'seats'))).toContain('0/3 seats');
  });

  it('THEN the policy key validates its value', async () => {
    const s = federationScenario();
    await ok(s.run('a', '#x', 'assembly setup X'));
    expect((await s.run('a', '#x', 'assembly policy delegate-seats lots')).text).toContain('proportional <members per seat>');
    await ok(s.run('a', '#x', 'assembly policy delegate-seats "proportional 50 4"'));
  });
});

describe('GIVEN a delegate elected for a 30-day term', () => {
  it('THEN when the term ends the seat, the vote upstairs and access end, and the next election opens with the waiting nominee', async () => {
    const s = federationScenario();
    await joined(s, ['a', 'b', 'c']);
    await ok(s.run('a', '#town', 'nominate Fed'));
    await ok(s.run('b', '#town', 'nominate Fed'));
    await ok(s.run('a', '#town', 'election call Fed --term-days 30'));
    for (const m of ['a', 'b', 'c']) await ok(s.run(m, '#town', 'vote 2 1>2'));
    expect(await ok(s.run('a', '#town', 'seats'))).toContain('held by a');
    s.clock.advance(29 * DAY);
    expect(await endExpiredTerms(s.deps)).toBe(0);
    s.clock.advance(2 * DAY);
    expect(await endExpiredTerms(s.deps)).toBe(1);
    expect(await ok(s.run('a', '#town', 'seats'))).toContain('0/1 seat');
    expect((await s.run('a', '#fed', 'motion propose "Still a delegate?"')).text).toContain('Members only');
    expect(s.chat.titles('#town')).toContain("a's term as delegate of Town has ended");
    expect(s.chat.titles('#town').some((t) => t.includes('Motion #3 is open'))).toBe(true);
  });
});
