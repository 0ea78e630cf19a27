import { describe, expect, it } from 'vitest';
import { FLOOD_EXEMPT, MOVES_MOTION } from '../../../src/core/services/flood.js';
import { plenaryCommandTable } from '../../../src/core/plenary.js';
import { describeAssembly, Scenario } from '../../../src/core/testing/scenario.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe('GIVEN an assembly with the default flood limits', () => {
  it('WHEN a member moves a 21st motion within the hour THEN it is refused as rate-limited with the wait, and allowed once the hour is over', async () => {
    const { s, room } = await describeAssembly({ name: 'Riverside', members: ['ana', 'ben'] });
    s.clock.advance(10 * MINUTE);
    for (let i = 1; i <= 20; i++) {
      expect((await s.run('ana', room, `motion propose "Motion ${String(i)}"`)).ok).toBe(true);
      s.clock.advance(MINUTE);
    }
    const r = await s.run('ana', room, 'motion propose "One too many"');
    expect(r.ok).toBe(false);
    expect(r.first.title).toBe('Slow down');
    // 12:00 + 10 min + 20 × 1 min = 12:30; the hour's window ends at 13:00.
    expect(r.text).toContain('You have moved 20 motions this hour');
    expect(r.text).toContain('Try again in 1800 s.');
    expect((await s.deps.store.read.motionByNumber((await s.deps.store.read.assemblyByName('Riverside'))!.id, 21))).toBeNull();
    expect((await s.run('ben', room, 'motion propose "Ben may still"')).ok).toBe(true);
    s.clock.advance(30 * MINUTE);
    expect((await s.run('ana', room, 'motion propose "Next hour"')).ok).toBe(true);
  });

  it('WHEN a member sends a 31st command within one minute THEN it is refused with the seconds left, others are not, and the next minute it works', async () => {
    const { s, room } = await describeAssembly({ name: 'Riverside', members: ['ana', 'ben'] });
    s.clock.advance(MINUTE + 15 * SECOND);
    for (let i = 0; i < 30; i++) expect((await s.run('ana', room, 'members')).ok).toBe(true);
    const r = await s.run('ana', room, 'members');
    expect(r.first.title).toBe('Slow down');
    expect(r.text).toContain('Try again in 45 s.');
    expect((await s.run('ben', room, 'members')).ok).toBe(true);
    s.clock.advance(45 * SECOND);
    expect((await s.run('ana', room, 'members')).ok).toBe(true);
  });

  it('WHEN a member of two assemblies uses up one assembly\'s minute THEN the other assembly still answers them, under its own limit', async () => {
    const { s, room } = await describeAssembly({ name: 'Riverside', members: ['ana'] });
    await s.run('bo', '#other', 'assembly setup Hillside');
    await s.run('ana', '#other', 'join');
    await s.run('bo', '#other', 'assembly policy flood-member-commands 5');
    s.clock.advance(MINUTE);
    for (let i = 0; i < 30; i++) expect((await s.run('ana', room, 'members')).ok).toBe(true);
    expect((await s.run('ana', room, 'members')).first.title).toBe('Slow down');
    // Busy in Riverside is no reason to be slowed in Hillside, whose own limit is 5.
    for (let i = 0; i < 5; i++) expect((await s.run('ana', '#other', 'members')).ok).toBe(true);
    expect((await s.run('ana', '#other', 'members')).first.title).toBe('Slow down');
  });

  it('WHEN a member sends commands with bad arguments THEN those count too: the 31st in a minute is refused before it is read', async () => {
    const { s, room } = await describeAssembly({ name: 'Riverside', members: ['ana'] });
    s.clock.advance(MINUTE);
    for (let i = 0; i < 30; i++) expect((await s.run('ana', room, 'motion second')).first.title).toBe('That command needs different arguments');
    expect((await s.run('ana', room, 'motion second')).first.title).toBe('Slow down');
  });

  it('WHEN a stranger sends 1,000 help commands in an unbound room THEN the bot answers 30 of them in that minute', async () => {
    const s = new Scenario();
    let answered = 0;
    for (let i = 0; i < 1000; i++) if ((await s.run('spammer', '#lobby', 'help')).ok) answered++;
    expect(answered).toBe(30);
  });
});

describe('GIVEN an assembly whose policy lowers the limits', () => {
  it('WHEN members together exceed the room limit THEN the next command from anyone in that room is refused', async () => {
    const { s, room } = await describeAssembly({ name: 'Riverside', members: ['ana', ...Array.from({ length: 12 }, (_, i) => `m${String(i)}`)] });
    s.clock.advance(MINUTE);
    expect((await s.run('ana', room, 'assembly policy flood-room-commands 10')).ok).toBe(true);
    for (let i = 0; i < 9; i++) expect((await s.run(`m${String(i)}`, room, 'members')).ok).toBe(true);
    const r = await s.run('m9', room, 'members');
    expect(r.text).toContain('This room is sending commands faster than its assembly allows');
  });

  it('WHEN the member motion limit is 2 THEN the third motion in the hour is refused', async () => {
    const { s, room } = await describeAssembly({ name: 'Riverside', members: ['ana'], policy: { 'flood-member-motions': '2' } });
    expect((await s.run('ana', room, 'motion propose "One"')).ok).toBe(true);
    expect((await s.run('ana', room, 'motion propose "Two"')).ok).toBe(true);
    expect((await s.run('ana', room, 'motion propose "Three"')).text).toContain('You have moved 2 motions this hour');
  });

  it('WHEN a limit is set out of range THEN the change is refused and nothing changes', async () => {
    const { s, room } = await describeAssembly({ name: 'Riverside', members: ['ana'] });
    expect((await s.run('ana', room, 'assembly policy flood-member-commands 0')).text).toContain('from 1 to 100000');
    expect((await s.run('ana', room, 'assembly policy flood-member-commands lots')).ok).toBe(false);
  });

  it('WHEN 300 members vote on one motion within the same second and the room limit is 10 THEN every vote counts (votes are not limited)', async () => {
    const members = Array.from({ length: 300 }, (_, i) => `v${String(i)}`);
    const { s, room } = await describeAssembly({ name: 'Plenary', members: ['chair', ...members] });
    s.clock.advance(HOUR);
    await s.run('chair', room, 'assembly policy flood-room-commands 10');
    await s.run('chair', room, 'assembly policy early-close false');
    expect((await s.run('chair', room, 'motion propose "Adopt the budget"')).ok).toBe(true);
    const results = await Promise.all(members.map((m) => s.run(m, room, 'vote 1 yes')));
    expect(results.filter((r) => !r.ok).map((r) => r.text)).toEqual([]);
    expect((await s.run('chair', room, 'vote 1 yes')).ok).toBe(true);
  });
});

describe('GIVEN the command table', () => {
  it('THEN every command the flood rules name exists (a renamed command cannot silently escape its bucket)', () => {
    const paths = new Set(plenaryCommandTable().map((c) => c.path.join(' ')));
    for (const p of [...MOVES_MOTION, ...FLOOD_EXEMPT]) expect(paths, p).toContain(p);
  });
});
