import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCommand } from '../../../src/core/commands/dispatch.js';
import { MAX_SUGGESTIONS, suggest } from '../../../src/core/commands/suggest.js';
import { closest, distance } from '../../../src/core/shared/did-you-mean.js';
import { describeAssembly, type Scenario } from '../../../src/core/testing/scenario.js';

async function picks(s: Scenario, user: string, room: string, command: string, arg: string, typed: string, given: Record<string, unknown> = {}) {
  const spec = findCommand(s.table, command.split(' '))!;
  return suggest({ deps: s.deps, actor: { platform: 'console', externalId: user, displayName: user }, room: { platform: 'console', roomId: room }, spec, arg, typed, given: { ...given, [arg]: typed } });
}

describe('GIVEN an assembly with motions, open and closed', () => {
  async function world() {
    const { s, room } = await describeAssembly({ name: 'Valley', members: ['ana', 'ben'], policy: { 'flood-member-commands': '500', 'flood-member-motions': '500', 'flood-room-commands': '500', 'flood-room-motions': '500' } });
    for (let n = 1; n <= 30; n++) await s.run('ana', room, `motion propose "Motion number ${n}" --hours 24`);
    await s.run('ana', room, 'motion withdraw 2');
    await s.run('ana', room, 'motion propose "Pick a colour" --method approval --option Red --option Green --option Blue');
    return { s, room };
  }

  it('WHEN a member types a motion argument THEN open motions come first, at most 25, and a number or a word narrows them', async () => {
    const { s, room } = await world();
    const all = await picks(s, 'ben', room, 'vote', 'motion', '');
    expect(all).toHaveLength(MAX_SUGGESTIONS);
    expect(all.every((p) => !p.label.includes('(withdrawn)'))).toBe(true);
    expect((await picks(s, 'ben', room, 'vote', 'motion', '12')).map((p) => p.value)[0]).toBe('12');
    expect((await picks(s, 'ben', room, 'vote', 'motion', '#2')).map((p) => p.value)).toContain('2');
    expect((await picks(s, 'ben', room, 'vote', 'motion', 'colour')).map((p) => p.value)).toEqual(['31']);
  });

  it('WHEN the motion is named THEN its options are offered for the choice, yes/no/abstain for a yes-no motion', async () => {
    const { s, room } = await world();
    expect((await picks(s, 'ben', room, 'vote', 'choice', '', { motion: '31' })).map((p) => p.value)).toEqual(['Red', 'Green', 'Blue']);
    expect((await picks(s, 'ben', room, 'vote', 'choice', 'gr', { motion: '31' })).map((p) => p.value)).toEqual(['Green']);
    expect((await picks(s, 'ben', room, 'vote', 'choice', '', { motion: '1' })).map((p) => p.value)).toEqual(['yes', 'no', 'abstain']);
  });

  it('WHEN someone asks from another assembly, or about a motion of an assembly they do not belong to THEN nothing of it is offered', async () => {
    const { s, room } = await world();
    await s.run('zed', '#hidden', 'assembly setup "Hidden"');
    await s.run('zed', '#hidden', 'motion propose "Secret plan" --method approval --option Alpha --option Beta');
    expect(await picks(s, 'ben', room, 'vote', 'choice', '', { motion: 'Hidden#1' })).toEqual([]);
    expect((await picks(s, 'zed', '#hidden', 'vote', 'motion', '')).map((p) => p.label)).toEqual(['#1 Secret plan (open)']);
    expect(await picks(s, 'ben', '#nowhere', 'vote', 'motion', '')).toEqual([]);
  });
});

describe('GIVEN a typo', () => {
  it('WHEN a command is mistyped THEN the grammar names the command meant', async () => {
    const { s, room } = await describeAssembly({ name: 'Typo', members: ['ana'] });
    expect((await s.run('ana', room, 'motoin propose "x"')).text).toContain('Did you mean: `motion propose`');
    expect((await s.run('ana', room, 'motion propse "x"')).text).toContain('`motion propose`');
    expect((await s.run('ana', room, 'vtoe 1 yes')).text).toContain('`vote`');
    expect((await s.run('ana', room, 'motion propose "x" --optoin A')).text).toContain('Did you mean: --option?');
    expect((await s.run('ana', room, 'motion propose "x" --method aproval --option A')).text).toContain('Did you mean: approval?');
    await s.run('ana', room, 'motion propose "Rota"');
    expect((await s.run('ana', room, 'vote 1 yse')).text).toContain('Did you mean: yes?');
    expect((await s.run('ana', room, 'xyzzy')).text).toContain('Type `help` for the list');
  });

  it('THEN the distance is symmetric, zero only for equal words, and a swap of neighbours counts one', () => {
    expect(distance('vote', 'vtoe')).toBe(1);
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        expect(distance(a, b)).toBe(distance(b, a));
        expect(distance(a, b) === 0).toBe(a === b);
        expect(closest(a, [a])).toEqual([a]);
      }),
    );
  });
});
