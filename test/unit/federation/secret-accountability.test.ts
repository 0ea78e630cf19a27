import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../../src/core/testing/scenario.js';
import { federationScenario, ok } from '../../support/federation-scenario.js';

async function local(s: Scenario, name: string, room: string, members: readonly string[]): Promise<void> {
  await ok(s.run(members[0]!, room, `assembly setup "${name}"`));
  for (const m of members.slice(1)) await ok(s.run(m, room, 'join'));
}

async function allVote(s: Scenario, room: string, members: readonly string[], n: number, choice: string): Promise<void> {
  for (const m of members) await ok(s.run(m, room, `vote ${n} ${choice}`));
}

/**
 * North (ana, ben, cy) and South (dan, eve) each send one delegate (ana, dan)
 * to District One; North mandates "no" on a motion upstairs.
 */
async function districtWithMandate(secret: boolean): Promise<Scenario> {
  const s = federationScenario();
  const north = ['ana', 'ben', 'cy'];
  const south = ['dan', 'eve'];
  await local(s, 'North', '#north', north);
  await local(s, 'South', '#south', south);
  await ok(s.run('founder', '#district', 'federation create District --purpose "Shared transport"'));
  for (const [room, people] of [['#north', north], ['#south', south]] as const) {
    const first = people[0]!;
    const code = /Code: (\S+)/.exec(await ok(s.run('founder', '#district', 'federation invite')))![1]!;
    await ok(s.run(first, room, `federation join ${code}`));
    await allVote(s, room, people, 1, 'yes');
    await ok(s.run(first, room, 'nominate District'));
    await ok(s.run(first, room, 'election call District'));
    await allVote(s, room, people, 2, '1');
  }
  await ok(s.run('dan', '#district', `motion propose "Buy two buses"${secret ? ' --secret' : ''}`));
  const moved = await ok(s.run('ben', '#north', 'mandate "District delegates#1" no'));
  expect(moved.includes('reports will say only whether each delegate voted')).toBe(secret);
  await allVote(s, '#north', north, 3, 'yes');
  return s;
}

const MANDATE_WORDS = /mandate|followed|BROKE/i;

describe('GIVEN a secret motion upstairs and a mandate at home', () => {
  it('WHEN the delegate has voted and the motion is still open THEN `delegate record` says only that they voted, never how or against the mandate', async () => {
    const s = await districtWithMandate(true);
    await ok(s.run('ana', '#district', 'vote 1 yes'));
    const record = await ok(s.run('cy', '#north', 'delegate record ana'));
    expect(record).toContain('#1 Buy two buses: voted (secret ballot)');
    expect(record).not.toMatch(MANDATE_WORDS);
    expect(record).not.toMatch(/\byes\b/);
  });

  it('WHEN the motion has closed THEN neither the record nor the digest tells how the delegate voted or whether that followed the mandate', async () => {
    const s = await districtWithMandate(true);
    await ok(s.run('ana', '#district', 'vote 1 no'));
    await ok(s.run('dan', '#district', 'vote 1 yes'));
    const record = await ok(s.run('cy', '#north', 'delegate record ana'));
    expect(record).toContain('voted (secret ballot)');
    expect(record).not.toMatch(MANDATE_WORDS);
    const digest = s.chat.in('#north').find((m) => m.title.startsWith('Your delegates on District delegates motion #1'));
    expect(digest?.body).toContain('ana: voted (secret ballot)');
    expect(digest?.body).not.toMatch(MANDATE_WORDS);
  });
});

describe('GIVEN an open (public) motion upstairs and a mandate at home', () => {
  it('THEN `delegate record` shows the vote and whether it followed the mandate', async () => {
    const s = await districtWithMandate(false);
    await ok(s.run('ana', '#district', 'vote 1 yes'));
    expect(await ok(s.run('cy', '#north', 'delegate record ana'))).toContain('#1 Buy two buses: yes — BROKE the mandate');
  });
});
