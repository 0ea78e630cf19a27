import { describe, expect, it } from 'vitest';
import { InProcessJobQueue } from '../../../src/adapters/queue/in-process-job-queue.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { closeDueMotions } from '../../../src/core/services/closing.service.js';
import { createCore } from '../../../src/core/services/create-core.js';
import { describeAssembly, type Scenario } from '../../../src/core/testing/scenario.js';
import { MemoryDeliveryStore } from '../../../src/jobs/memory-delivery-store.js';
import { OutboxDispatcher } from '../../../src/jobs/outbox-dispatcher.js';
import { platformSendHandlers } from '../../../src/jobs/platform-send.handler.js';
import { ManualQueueClock } from '../../support/manual-queue-clock.js';

const HOUR = 3_600_000;

/** A worker core with no bot over the scenario's store, and the bot process's console lane fed by the outbox. */
async function twoProcesses(s: Scenario, prefix: string) {
  const worker = createCore({ store: s.deps.store, clock: s.clock, log: silentLogger, senders: new Map() });
  const clock = new ManualQueueClock();
  const queue = new InProcessJobQueue({ prefix, log: silentLogger, clock });
  const send = platformSendHandlers({ store: s.deps.store, deliveries: new MemoryDeliveryStore(), senders: new Map([[s.chat.platform, s.chat]]), log: silentLogger });
  const dispatcher = new OutboxDispatcher(s.deps.store, queue, silentLogger, () => s.clock.now());
  await queue.work([send.console], { concurrency: 1 });
  return { worker, clock, queue, dispatcher };
}

/*
 * At scale, deadlines are closed by `plenary worker` processes, which run no
 * bot: their results must still reach the rooms, through the outbox and the
 * paced lane of the process that has the platform's bot.
 */
describe('GIVEN a bot process (console lane) and a worker process with no bot, sharing one store', () => {
  it('WHEN the worker closes a motion at its deadline THEN the result is announced in the room once, through the bot process’s lane', async () => {
    const { s, room } = await describeAssembly({ name: 'Quarry', members: ['ana', 'ben', 'cy'] });
    await s.run('ana', room, 'motion propose "Fence the pit" --hours 1');
    await s.run('ben', room, 'vote 1 yes');
    const { worker, clock, queue, dispatcher } = await twoProcesses(s, 'worker-announces');
    const results = () => s.chat.in(room).filter((m) => m.title.startsWith('Quarry · Motion #1') && m.title !== 'Quarry · Motion #1 open' && m.chainHead !== undefined);

    s.clock.advance(HOUR + 1);
    expect(await closeDueMotions(worker)).toBe(1);
    // The worker has no bot: nothing was posted by it directly.
    expect(results()).toHaveLength(0);
    // The same announcement made again (a retried job) is queued once.
    const a = (await s.deps.store.read.assemblyByName('Quarry'))!;
    const closed = (await s.deps.store.read.motionByNumber(a.id, 1))!;
    expect(closed.status).toBe('passed');
    await dispatcher.dispatchOnce();
    await clock.advance(1000);
    expect(results()).toHaveLength(1);
    expect(results()[0]!.body).toContain('Fence the pit');
    await dispatcher.dispatchOnce();
    await clock.advance(1000);
    expect(results()).toHaveLength(1);
    await queue.close();
  });

  it('WHEN the same announcement is made twice by a process without the bot THEN the room is told once', async () => {
    const { s, room } = await describeAssembly({ name: 'Ferry', members: ['ana'] });
    const { worker, clock, queue, dispatcher } = await twoProcesses(s, 'worker-announces-twice');
    const a = (await s.deps.store.read.assemblyByName('Ferry'))!;
    const message = { title: 'Ferry · notice', body: 'The ferry runs at nine.', visibility: 'public' as const, tone: 'info' as const };
    await worker.announcer.announce(a.id, message, 'notice.1');
    await worker.announcer.announce(a.id, message, 'notice.1');
    await dispatcher.dispatchOnce();
    await clock.advance(1000);
    expect(s.chat.in(room).filter((m) => m.title === 'Ferry · notice')).toHaveLength(1);
    await queue.close();
  });
});
