import { describe, expect, it } from 'vitest';
import { describeAssembly } from '../../../src/core/testing/scenario.js';

describe('GIVEN a mover who withdraws an open motion', () => {
  it('THEN the room gets one message about it (the announcement), and the mover a personal confirmation', async () => {
    const { s, room } = await describeAssembly({ name: 'Withdrawals', members: ['ana', 'ben', 'cy'] });
    await s.run('ana', room, 'motion propose "Oops"');
    const before = s.chat.in(room).length;
    const r = await s.run('ana', room, 'motion withdraw 1');
    expect(r.ok).toBe(true);
    expect(r.messages.filter((m) => m.visibility === 'public')).toEqual([]);
    expect(r.first.visibility).toBe('personal');
    const posted = s.chat.in(room).slice(before);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.title).toBe('Withdrawals · Motion #1 withdrawn');
    expect(posted[0]?.body).toBe('Oops\n\nWithdrawn by its mover before it closed: no ballot is counted.');
  });

  it('THEN a ballot cast afterwards, also by someone who voted before it (cached as open), is refused as withdrawn, not as arriving late', async () => {
    const { s, room } = await describeAssembly({ name: 'Late Ballots', members: ['ana', 'ben', 'cy'] });
    await s.run('ana', room, 'motion propose "Oops"');
    expect((await s.run('ben', room, 'vote 1 yes')).ok).toBe(true);
    expect((await s.run('ana', room, 'motion withdraw 1')).ok).toBe(true);
    for (const [who, choice] of [['ben', 'no'], ['cy', 'yes']] as const) {
      const late = await s.run(who, room, `vote 1 ${choice}`);
      expect(late.first.title).toBe('Closed');
      expect(late.first.body).toBe('Motion #1 was withdrawn by its mover; it takes no more ballots.');
    }
  });

  it('THEN withdrawing it again is refused as already withdrawn', async () => {
    const { s, room } = await describeAssembly({ name: 'Twice', members: ['ana', 'ben'] });
    await s.run('ana', room, 'motion propose "Oops"');
    await s.run('ana', room, 'motion withdraw 1');
    expect((await s.run('ana', room, 'motion withdraw 1')).first.body).toContain('already withdrawn');
  });
});
