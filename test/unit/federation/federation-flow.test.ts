import { describe, expect, it } from 'vitest';
import { closeDueMotions } from '../../../src/core/services/closing.service.js';
import type { Scenario } from '../../../src/core/testing/scenario.js';
import { federationScenario, ok } from '../../support/federation-scenario.js';

const HOUR = 3_600_000;

/** Sets up a local assembly with members in `room`; the first member is facilitator. */
async function local(s: Scenario, name: string, room: string, members: string[]): Promise<void> {
  await ok(s.run(members[0]!, room, `assembly setup "${name}"`));
  for (const m of members.slice(1)) await ok(s.run(m, room, 'join'));
}

/** Every member votes the same way on motion n (the last vote closes it early). */
async function allVote(s: Scenario, room: string, members: string[], n: number, choice: string): Promise<void> {
  for (const m of members) await ok(s.run(m, room, `vote ${n} ${choice}`));
}

async function inviteCode(s: Scenario, who: string, room: string): Promise<string> {
  const text = await ok(s.run(who, room, 'federation invite'));
  return /Code: (\S+)/.exec(text)![1]!;
}

describe('GIVEN a three-level federation and a second federation sharing a local assembly', () => {
  it('THEN joins, elections, upstairs votes, a recall with voided ballots, a by-election and a leave all follow the rules', async () => {
    const s = federationScenario();
    const north = ['ana', 'ben', 'cy'];
    const south = ['dan', 'eve', 'fay'];
    await local(s, 'North', '#north', north);
    await local(s, 'South', '#south', south);

    // Level 2 (top) and level 1 (district), both in "Valley".
    await ok(s.run('founder', '#valley', 'federation create Valley --purpose "Shared transport"'));
    await ok(s.run('founder', '#district', 'federation assembly "District One" --federation Valley'));

    // Joining without the parent's code is refused.
    expect((await s.run('ana', '#north', 'federation join NOPE-123')).text).toContain('unknown');

    // North and South join District One, each by its own vote.
    for (const [room, people] of [['#north', north], ['#south', south]] as [string, string[]][]) {
      const code = await inviteCode(s, 'founder', '#district');
      await ok(s.run(people[0]!, room, `federation join ${code}`));
      await allVote(s, room, people, 1, 'yes');
      expect(await ok(s.run(people[0]!, room, 'federation show'))).toContain('parent District One');
    }

    // Elections: North elects ana, South elects dan (self-nominations, RON on the ballot).
    await ok(s.run('ana', '#north', 'nominate Valley'));
    await ok(s.run('ben', '#north', 'nominate Valley --person cy'));
    expect(await ok(s.run('ana', '#north', 'seats'))).toContain('cy (not yet accepted)');
    await ok(s.run('cy', '#north', 'nomination accept Valley'));
    await ok(s.run('ana', '#north', 'election call Valley'));
    await allVote(s, '#north', north, 2, '1>2');
    expect(await ok(s.run('ana', '#north', 'seats'))).toContain('1/1 seat held by ana');
    await ok(s.run('dan', '#south', 'nominate Valley'));
    await ok(s.run('eve', '#south', 'election call Valley'));
    await allVote(s, '#south', south, 2, '1');

    // District One (its members are exactly ana and dan) joins Valley's top assembly by its own motion.
    expect((await s.run('zed', '#district', 'join')).text).toContain('exactly its delegates');
    const top = await inviteCode(s, 'founder', '#valley');
    await ok(s.run('ana', '#district', `federation join ${top}`));
    await allVote(s, '#district', ['ana', 'dan'], 1, 'yes');
    expect(await ok(s.run('x', '#valley', 'federation show Valley'))).toMatch(/Valley delegates[\s\S]*District One[\s\S]*North[\s\S]*South/);

    // A second federation that North also joins, with a different parent.
    await ok(s.run('founder2', '#food', 'federation create "Food Network" --purpose "Shared kitchens"'));
    await ok(s.run('ana', '#north', `federation join ${await inviteCode(s, 'founder2', '#food')}`));
    await allVote(s, '#north', north, 3, 'yes');
    expect(await ok(s.run('ana', '#north', 'federation show'))).toMatch(/Valley[\s\S]*Food Network/);

    // Upstairs: ana and dan vote on a District motion; North mandated "no".
    await ok(s.run('dan', '#district', 'motion propose "Buy two buses"'));
    await ok(s.run('ben', '#north', 'mandate "District One#2" no'));
    await allVote(s, '#north', north, 4, 'yes');
    await ok(s.run('ana', '#district', 'vote 2 yes'));

    // Recall: a non-member cannot move it; North recalls ana; her open ballot upstairs is voided at once.
    expect((await s.run('dan', '#north', 'recall ana')).text).toContain('Members only');
    await ok(s.run('ben', '#north', 'recall ana'));
    s.chat.delivered.length = 0;
    await allVote(s, '#north', north, 5, 'yes');
    expect((await s.run('ana', '#district', 'vote 2 no')).text).toContain('Members only');
    expect(await ok(s.run('dan', '#district', 'motion show 2'))).toContain('Ballots so far: 0');
    expect(s.chat.titles('#north')).toContain('ana was recalled by North');
    expect(s.chat.titles('#district')).toContain('ana was recalled by North');
    // cy accepted earlier and was not elected: the by-election opens with cy.
    expect(s.chat.titles('#north').some((t) => t.includes('Motion #6 is open'))).toBe(true);
    const store = s.deps.store as unknown as { raw: { outbox: Map<string, { kind: string }> } };
    expect([...store.raw.outbox.values()].map((o) => o.kind)).toEqual(expect.arrayContaining(['access.grant', 'access.revoke']));

    // ana's record shows her (voided) vote against the mandate; the digest goes home after close.
    expect(await ok(s.run('ben', '#north', 'delegate record ana'))).toContain('(void: recalled) — BROKE the mandate');
    await allVote(s, '#north', north, 6, '1');
    await ok(s.run('cy', '#district', 'vote 2 no'));
    s.clock.advance(73 * HOUR);
    await closeDueMotions(s.deps);
    const digest = s.chat.in('#north').find((m) => m.title.startsWith('Your delegates on District One motion #2'));
    expect(digest?.body).toContain('cy: no — followed the mandate');

    // South leaves Valley by its own vote: dan's seat ends.
    await ok(s.run('dan', '#south', 'federation leave Valley'));
    await allVote(s, '#south', south, 3, 'yes');
    expect((await s.run('dan', '#district', 'motion propose "Still here?"')).text).toContain('Members only');
  });
});

describe('GIVEN a circle inside a local assembly', () => {
  it('THEN only local members join it, and a forwarded motion lands on the local agenda', async () => {
    const s = federationScenario();
    await local(s, 'Town', '#town', ['ana', 'ben', 'cy']);
    await ok(s.run('ana', '#bakery', 'circle create "Bakery Workers" --assembly Town'));
    expect((await s.run('stranger', '#bakery', 'join')).text).toContain('join that assembly first');
    await ok(s.run('ben', '#bakery', 'join'));
    await ok(s.run('ben', '#bakery', 'motion propose "Ovens on at 5"'));
    await allVote(s, '#bakery', ['ana', 'ben'], 1, 'yes');
    await ok(s.run('ben', '#bakery', 'circle forward 1'));
    await allVote(s, '#bakery', ['ana', 'ben'], 2, 'yes');
    expect(await ok(s.run('cy', '#town', 'motion list'))).toContain('Ovens on at 5');
  });
});

describe('GIVEN the principle that higher bodies write proposals, not laws', () => {
  it('THEN no command lets an assembly of delegates move a motion inside a lower assembly', () => {
    const s = federationScenario();
    const paths = s.table.map((c) => c.path.join(' '));
    expect(paths.filter((p) => /impose|bind|enforce|law|decree/.test(p))).toEqual([]);
    // Every motion-moving command acts on the room's own assembly; none takes a target assembly.
    for (const c of s.table) expect(c.args.map((a) => a.name)).not.toContain('target-assembly');
  });
});
