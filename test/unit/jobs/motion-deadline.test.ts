import { describe, expect, it } from 'vitest';
import { InProcessJobQueue } from '../../../src/adapters/queue/in-process-job-queue.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { DEADLINE_LEAD_MS, motionDeadlineRow } from '../../../src/core/services/motion-deadline.js';
import { describeAssembly } from '../../../src/core/testing/scenario.js';
import type { JobHandler } from '../../../src/jobs/job-queue.port.js';
import { motionDeadlineHandler } from '../../../src/jobs/motion-deadline.handler.js';
import { OutboxDispatcher } from '../../../src/jobs/outbox-dispatcher.js';
import { ManualQueueClock } from '../../support/manual-queue-clock.js';

describe('motion deadlines as delayed jobs', () => {
  it('GIVEN closing times in one second THEN they share one timer, due at the end of that second and queued a minute before', () => {
    const a = motionDeadlineRow(new Date('2026-11-30T18:00:00.120Z'));
    const b = motionDeadlineRow(new Date('2026-11-30T18:00:00.980Z'));
    const c = motionDeadlineRow(new Date('2026-11-30T18:00:01.000Z'));
    expect(a.dedupeKey).toBe(b.dedupeKey);
    expect(a.payload).toEqual({ at: Date.parse('2026-11-30T18:00:01.000Z') });
    expect(c.dedupeKey).toBe(a.dedupeKey);
    expect(motionDeadlineRow(new Date('2026-11-30T18:00:01.001Z')).dedupeKey).not.toBe(a.dedupeKey);
    expect(a.availableAt?.getTime()).toBe(Date.parse('2026-11-30T18:00:01.000Z') - DEADLINE_LEAD_MS);
  });

  it('GIVEN a motion open for 72 hours WHEN its closing time comes THEN its delayed job closes it then, without waiting for a sweep', async () => {
    const { s, room } = await describeAssembly({ name: 'Riverside', members: ['ana', 'ben', 'cy'] });
    await s.run('ana', room, 'motion propose "Fix the fridge rota"');
    await s.run('ana', room, 'vote 1 yes');
    await s.run('ben', room, 'vote 1 yes');
    const binding = await s.deps.store.read.bindingByRoom(s.chat.platform, room);
    if (!binding) throw new Error('a bound room');
    const motion = await s.deps.store.read.motionByNumber(binding.assemblyId, 1);
    if (!motion?.closesAt) throw new Error('an open motion with a closing time');
    const at = Math.ceil(motion.closesAt.getTime() / 1000) * 1000;

    // The queue's time and the core's move together; the queue starts at the core's "now".
    const clock = new ManualQueueClock();
    const start = s.clock.now().getTime();
    const advance = async (ms: number) => {
      s.clock.advance(ms);
      await clock.advance(ms);
    };
    const queue = new InProcessJobQueue({ prefix: 'deadlines', log: silentLogger, clock });
    const runs: number[] = [];
    const handler = motionDeadlineHandler(s.deps);
    const timed: JobHandler = { definition: handler.definition, run: (j) => (runs.push(start + clock.now()), handler.run(j)) };
    await queue.work([timed], { concurrency: 1 });
    const dispatcher = new OutboxDispatcher(s.deps.store, queue, silentLogger, () => s.clock.now());

    // Days ahead, the timer waits in the outbox, not on the queue.
    expect(await dispatcher.dispatchOnce()).toBe(0);
    await advance(at - DEADLINE_LEAD_MS - start);
    expect(await dispatcher.dispatchOnce()).toBe(1);
    expect(await queue.counts()).toMatchObject({ delayed: 1 });
    await advance(DEADLINE_LEAD_MS - 1);
    expect(runs).toEqual([]);
    expect((await s.deps.store.read.motion(motion.id))?.status).toBe('open');
    await advance(1_000);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toBeGreaterThanOrEqual(at);
    expect((await s.deps.store.read.motion(motion.id))?.status).toBe('passed');
    expect(s.chat.in(room).some((m) => m.title.includes('Motion #1 passed'))).toBe(true);
    await queue.close();
  });
});
