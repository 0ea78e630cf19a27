import { describe, expect, it } from 'vitest';
import { describeAssembly } from '../../../src/core/testing/scenario.js';

/*
 * Defect 9 of issue 12: the vote path read the assembly's settings from a
 * 30-second cache, so motions kept closing early right after early close was
 * switched off. Caches never decide: the closer reads the rule under the
 * assembly's lock. Every step here runs at the same instant (the fake clock
 * never moves), so any cached copy is still "fresh" by its TTL.
 */
describe('GIVEN an assembly whose members have voted (so its settings sit in the vote path cache)', () => {
  it('WHEN early close is switched off and the last member votes at once THEN the motion stays open', async () => {
    const { s, room } = await describeAssembly({ name: 'Cached Rules', members: ['ana', 'ben', 'cy'] });
    for (const line of ['motion propose "First"', 'motion propose "Second"']) expect((await s.run('ana', room, line)).ok).toBe(true);
    // A first round of ballots fills the cache with the assembly as it is now (early close on).
    for (const who of ['ana', 'ben']) expect((await s.run(who, room, 'vote 1 yes')).ok).toBe(true);
    expect((await s.run('ana', room, 'vote 2 yes')).ok).toBe(true);

    expect((await s.run('ana', room, 'assembly policy early-close false')).ok).toBe(true);
    const last = await s.run('cy', room, 'vote 1 no');
    expect(last.text).not.toContain('now closed');
    expect((await s.run('cy', room, 'motion show 1')).text).toContain('Ballots so far: 3');
    expect((await s.deps.store.read.motionByNumber((await s.deps.store.read.assemblyByName('Cached Rules'))!.id, 1))?.status).toBe('open');
  });

  it('WHEN early close is switched back on THEN the next ballot that completes a motion closes it at once', async () => {
    const { s, room } = await describeAssembly({ name: 'Back On', members: ['ana', 'ben'], policy: { 'early-close': 'false' } });
    expect((await s.run('ana', room, 'motion propose "First"')).ok).toBe(true);
    expect((await s.run('ana', room, 'vote 1 yes')).ok).toBe(true);
    expect((await s.run('ana', room, 'assembly policy early-close true')).ok).toBe(true);
    expect((await s.run('ben', room, 'vote 1 yes')).text).toContain('now closed');
  });

  it('WHEN a policy motion switches early close off THEN a ballot completing another motion right after does not close it', async () => {
    const { s, room } = await describeAssembly({ name: 'By Motion', members: ['ana', 'ben'] });
    expect((await s.run('ana', room, 'motion propose "Keep going"')).ok).toBe(true);
    expect((await s.run('ana', room, 'vote 1 yes')).ok).toBe(true);
    const moved = await s.run('ana', room, 'motion propose "No early close" --kind policy --key early-close --value false');
    expect(moved.ok, moved.text).toBe(true);
    for (const who of ['ana', 'ben']) expect((await s.run(who, room, 'vote 2 yes')).ok).toBe(true);
    expect((await s.run('ana', room, 'motion show 2')).text).toMatch(/passed/i);
    expect((await s.run('ben', room, 'vote 1 yes')).text).not.toContain('now closed');
  });
});
