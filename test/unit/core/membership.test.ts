import { describe, expect, it } from 'vitest';
import { describeAssembly } from '../../../src/core/testing/scenario.js';
import { closeDueMotions } from '../../../src/core/services/closing.service.js';

const HOUR = 3_600_000;

describe('GIVEN an assembly admitting by approval', () => {
  it('THEN a request waits until a facilitator approves it', async () => {
    const { s, room } = await describeAssembly({ name: 'Approvals', members: ['fac'], policy: { admission: 'approval' } });
    expect((await s.run('newbie', room, 'join')).first.title).toBe('Request sent');
    expect((await s.run('newbie', room, 'motion propose "Hi"')).first.title).toBe('Members only');
    expect((await s.run('someone', room, 'member approve newbie')).first.title).toBe('Members only');
    expect((await s.run('fac', room, 'member approve newbie')).ok).toBe(true);
    expect((await s.run('newbie', room, 'motion propose "Hi"')).ok).toBe(true);
  });
});

describe('GIVEN an assembly with a statement of values', () => {
  it('THEN joining shows the statement and requires accepting it', async () => {
    const { s, room } = await describeAssembly({ name: 'Valued', members: ['fac'], policy: { values: 'Equality and mutual aid' } });
    const first = await s.run('newbie', room, 'join');
    expect(first.ok).toBe(false);
    expect(first.first.body).toContain('Equality and mutual aid');
    expect((await s.run('newbie', room, 'join --accept-values')).ok).toBe(true);
  });
});

describe('GIVEN an exclusion motion', () => {
  it('THEN when it passes by two thirds the member can no longer vote or move motions', async () => {
    const { s, room } = await describeAssembly({ name: 'Excluding', members: ['ana', 'ben', 'cy', 'troll'] });
    await s.run('ana', room, 'motion propose "Exclude troll" --kind exclusion --person troll');
    await s.run('ana', room, 'motion propose "Another matter"');
    for (const who of ['ana', 'ben', 'cy']) await s.run(who, room, 'vote 1 yes');
    await s.run('troll', room, 'vote 1 no');
    expect((await s.run('troll', room, 'motion propose "Revenge"')).first.title).toBe('Excluded');
    expect((await s.run('troll', room, 'vote 2 yes')).first.title).toBe('Excluded');
    expect((await s.run('troll', room, 'join')).first.title).toBe('Excluded');
  });

  it('THEN it fails below two thirds and the member stays', async () => {
    const { s, room } = await describeAssembly({ name: 'Keeping', members: ['ana', 'ben', 'cy'] });
    await s.run('ana', room, 'motion propose "Exclude cy" --kind exclusion --person cy');
    await s.run('ana', room, 'vote 1 yes');
    await s.run('ben', room, 'vote 1 no');
    s.clock.advance(73 * HOUR);
    await closeDueMotions(s.deps);
    expect((await s.run('cy', room, 'motion propose "Still here"')).ok).toBe(true);
  });
});

describe('GIVEN a policy motion', () => {
  it('THEN passing it changes the setting', async () => {
    const { s, room } = await describeAssembly({ name: 'Policies', members: ['ana', 'ben'] });
    await s.run('ben', room, 'motion propose "Require a second" --kind policy --key seconds --value 1');
    await s.run('ana', room, 'vote 1 yes');
    await s.run('ben', room, 'vote 1 yes');
    expect((await s.run('ana', room, 'assembly show')).text).toContain('Seconds required: 1');
  });

  it('THEN an invalid value is refused when moved', async () => {
    const { s, room } = await describeAssembly({ name: 'BadPolicy', members: ['ana'] });
    const r = await s.run('ana', room, 'motion propose "Bad" --kind policy --key seconds --value lots');
    expect(r.first.body).toContain('whole number');
  });
});

describe('GIVEN a person with a Discord and a Matrix account', () => {
  it('THEN after linking they have one vote across platforms', async () => {
    const { s, room } = await describeAssembly({ name: 'Linked', members: ['ana', 'ben', 'cy'] }, { platform: 'discord' });
    // ana links her Matrix account to her Discord person.
    const code = (await s.run('ana', room, 'link start')).first.body?.match(/Code: (\w+)/)?.[1];
    expect(code).toBeDefined();
    expect((await s.run('@ana:example.org', 'dm', `link redeem ${code!}`, 'matrix')).first.title).toBe('Accounts linked');
    await s.run('ana', room, 'motion propose "One vote"');
    await s.run('ana', room, 'vote 1 yes');
    const fromMatrix = await s.run('@ana:example.org', 'dm', 'vote Linked#1 no', 'matrix');
    expect(fromMatrix.first.title).toContain('Vote changed');
    expect((await s.run('ana', room, 'motion show 1')).text).toContain('Ballots so far: 1');
    expect((await s.run('@ana:example.org', 'dm', `link redeem ${code!}`, 'matrix')).ok).toBe(false);
  });
});

describe('GIVEN an assembly that removes excluded members from its rooms', () => {
  it('THEN a passed exclusion queues the removal from the rooms, and without the setting nothing is queued', async () => {
    for (const remove of [true, false]) {
      const { s, room } = await describeAssembly({ name: `Strict${String(remove)}`, members: ['ana', 'ben', 'cy', 'troll'], policy: { 'remove-excluded': String(remove) } });
      await s.run('ana', room, 'motion propose "Exclude troll" --kind exclusion --person troll');
      for (const who of ['ana', 'ben', 'cy', 'troll']) await s.run(who, room, `vote 1 ${who === 'troll' ? 'no' : 'yes'}`);
      const store = s.deps.store as unknown as { raw: { outbox: Map<string, { kind: string; payload: { reason: string } }> } };
      const removals = [...store.raw.outbox.values()].filter((o) => o.kind === 'access.remove');
      expect(removals.length).toBe(remove ? 1 : 0);
      if (remove) expect(removals[0]!.payload.reason).toContain('Excluded by');
    }
  });
});
