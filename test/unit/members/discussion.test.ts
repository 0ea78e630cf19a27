import { describe, expect, it } from 'vitest';
import { describeAssembly } from '../../../src/core/testing/scenario.js';
import { outMessageSchema } from '../../../src/jobs/platform-send.job.js';

describe('GIVEN an assembly deciding whether motions open a discussion', () => {
  it('THEN an open motion\'s announcement asks for one only with threads on, and a queued announcement keeps the request', async () => {
    const { s, room } = await describeAssembly({ name: 'Riverside', members: ['ana', 'ben'] });
    await s.run('ana', room, 'motion propose "Without"');
    expect(s.chat.in(room).find((m) => m.title.includes('Motion #1 is open'))?.discussion).toBeUndefined();
    expect((await s.run('ana', room, 'assembly policy threads maybe')).ok).toBe(false);
    expect((await s.run('ana', room, 'assembly policy threads on')).ok).toBe(true);
    expect((await s.run('ana', room, 'assembly show')).text).toContain('Discussion threads: on');
    await s.run('ben', room, 'motion propose "With a thread"');
    const announced = s.chat.in(room).find((m) => m.title.includes('Motion #2 is open'))!;
    expect(announced.discussion).toEqual({ title: '#2 With a thread' });
    // What a worker queues for another process's platform lane is parsed again there: the request survives.
    expect(outMessageSchema.parse(JSON.parse(JSON.stringify(announced))).discussion).toEqual({ title: '#2 With a thread' });
  });

  it('THEN a motion waiting for seconds asks for none until it opens', async () => {
    const { s, room } = await describeAssembly({ name: 'Careful', members: ['ana', 'ben', 'cy'], policy: { seconds: '1', threads: 'on' } });
    await s.run('ana', room, 'motion propose "Needs a second"');
    expect(s.chat.in(room).find((m) => m.title.includes('needs 1 second'))?.discussion).toBeUndefined();
    await s.run('ben', room, 'motion second 1');
    expect(s.chat.in(room).find((m) => m.title.includes('Motion #1 is open'))?.discussion).toEqual({ title: '#1 Needs a second' });
  });
});
