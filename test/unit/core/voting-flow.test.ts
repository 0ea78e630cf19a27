import { describe, expect, it } from 'vitest';
import { describeAssembly, Scenario } from '../../../src/core/testing/scenario.js';
import { closeDueMotions } from '../../../src/core/services/closing.service.js';

const HOUR = 3_600_000;

describe('GIVEN an open assembly of five', () => {
  const setup = () => describeAssembly({ name: 'Riverside', members: ['ana', 'ben', 'cy', 'dee', 'eli'] });

  it('THEN a resolution opens at once, is announced with vote controls, and passes with a majority', async () => {
    const { s, room } = await setup();
    const moved = await s.run('ana', room, 'motion propose "Fix the fridge rota" --body "Weekly, alphabetical."');
    expect(moved.ok).toBe(true);
    const announcement = s.chat.in(room).find((m) => m.title.includes('Motion #1 is open'));
    expect(announcement?.controls?.method).toBe('yes-no-abstain');
    for (const [who, how] of [['ana', 'yes'], ['ben', 'yes'], ['cy', 'no'], ['dee', 'abstain']] as const) {
      expect((await s.run(who, room, `vote 1 ${how}`)).ok).toBe(true);
    }
    s.clock.advance(73 * HOUR);
    expect(await closeDueMotions(s.deps)).toBe(1);
    const result = s.chat.in(room).find((m) => m.title.includes('Motion #1 passed'));
    expect(result?.fields?.find((f) => f.name === 'Tally')?.value).toBe('Yes 2 · No 1 · Abstain 1');
    expect(result?.fields?.find((f) => f.name === 'Turnout')?.value).toBe('4 of 5 (80%)');
  });

  it('THEN a changed ballot replaces the earlier one and only the last counts', async () => {
    const { s, room } = await setup();
    await s.run('ana', room, 'motion propose "Paint the hall"');
    expect((await s.run('ben', room, 'vote 1 no')).first.title).toContain('Vote recorded');
    expect((await s.run('ben', room, 'vote 1 yes')).first.title).toContain('Vote changed');
    expect((await s.run('ben', room, 'ballot 1')).first.body).toBe('yes');
    s.clock.advance(73 * HOUR);
    await closeDueMotions(s.deps);
    expect((await s.run('ana', room, 'results 1')).text).toContain('Yes 1 · No 0 · Abstain 0');
  });

  it('THEN the motion closes early once every member has voted', async () => {
    const { s, room } = await setup();
    await s.run('ana', room, 'motion propose "Open on Sundays"');
    for (const who of ['ana', 'ben', 'cy', 'dee']) await s.run(who, room, 'vote 1 yes');
    const last = await s.run('eli', room, 'vote 1 no');
    expect(last.first.body).toContain('now closed');
    expect((await s.run('eli', room, 'vote 1 yes')).first.title).toBe('Closed');
  });

  it('THEN a late ballot is refused with a clear message', async () => {
    const { s, room } = await setup();
    await s.run('ana', room, 'motion propose "Late motion" --hours 1');
    s.clock.advance(2 * HOUR);
    const late = await s.run('ben', room, 'vote 1 yes');
    expect(late.ok).toBe(false);
    expect(late.first.body).toContain('closed');
  });

  it('THEN a non-member cannot vote or move motions', async () => {
    const { s, room } = await setup();
    await s.run('ana', room, 'motion propose "Members only"');
    const vote = await s.run('zed', room, 'vote 1 yes');
    expect(vote.first.title).toBe('Members only');
    const propose = await s.run('zed', room, 'motion propose "Hello"');
    expect(propose.first.title).toBe('Members only');
  });

  it('THEN without quorum a motion fails even if every ballot is yes', async () => {
    const { s, room } = await describeAssembly({ name: 'Quorate', members: ['ana', 'ben', 'cy', 'dee', 'eli'], policy: {} });
    await s.run('ana', room, 'assembly policy quorum 1/2 --kind resolution');
    await s.run('ana', room, 'motion propose "Needs half"');
    await s.run('ana', room, 'vote 1 yes');
    await s.run('ben', room, 'vote 1 abstain');
    s.clock.advance(73 * HOUR);
    await closeDueMotions(s.deps);
    const text = (await s.run('ana', room, 'results 1')).text;
    expect(text).toContain('FAILED');
    expect(text).toContain('not met');
  });
});

describe('GIVEN an assembly that requires two seconds', () => {
  it('THEN a motion waits for seconds, refuses the mover, and opens on the second second', async () => {
    const { s, room } = await describeAssembly({ name: 'Careful', members: ['ana', 'ben', 'cy'], policy: { seconds: '2' } });
    await s.run('ana', room, 'motion propose "Buy a kettle"');
    expect((await s.run('ben', room, 'vote 1 yes')).first.body).toContain('not open yet');
    expect((await s.run('ana', room, 'motion second 1')).first.body).toContain('cannot second their own');
    expect((await s.run('ben', room, 'motion second 1')).first.title).toContain('(1/2)');
    expect((await s.run('ben', room, 'motion second 1')).first.title).toBe('Already done');
    expect((await s.run('cy', room, 'motion second 1')).first.body).toContain('now open');
    expect((await s.run('ben', room, 'vote 1 yes')).ok).toBe(true);
  });

  it('THEN an unseconded motion lapses as expired after the voting period', async () => {
    const { s, room } = await describeAssembly({ name: 'Lapsing', members: ['ana', 'ben'], policy: { seconds: '1' } });
    await s.run('ana', room, 'motion propose "Nobody cares"');
    s.clock.advance(73 * HOUR);
    await closeDueMotions(s.deps);
    expect((await s.run('ana', room, 'motion show 1')).text).toContain('expired');
  });
});

describe('GIVEN the mover withdraws', () => {
  it('THEN only the mover can, and the motion no longer takes ballots', async () => {
    const { s, room } = await describeAssembly({ name: 'Withdrawals', members: ['ana', 'ben'] });
    await s.run('ana', room, 'motion propose "Oops"');
    expect((await s.run('ben', room, 'motion withdraw 1')).first.title).toBe('Not allowed');
    expect((await s.run('ana', room, 'motion withdraw 1')).ok).toBe(true);
    expect((await s.run('ben', room, 'vote 1 yes')).first.title).toBe('Closed');
  });
});

describe('GIVEN a room that is not an assembly', () => {
  it('THEN commands explain how to set one up', async () => {
    const s = new Scenario();
    const r = await s.run('ana', 'nowhere', 'join');
    expect(r.first.body).toContain('assembly setup');
  });
});
