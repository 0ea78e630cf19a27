import { describe, expect, it } from 'vitest';
import { InProcessJobQueue } from '../../../src/adapters/queue/in-process-job-queue.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { describeAssembly } from '../../../src/core/testing/scenario.js';
import { MemoryDeliveryStore } from '../../../src/jobs/memory-delivery-store.js';
import { OutboxDispatcher } from '../../../src/jobs/outbox-dispatcher.js';
import { platformSendHandlers } from '../../../src/jobs/platform-send.handler.js';
import { scheduleSweep, sweepMotionsHandler } from '../../../src/jobs/sweep-motions.handler.js';
import { ManualQueueClock } from '../../support/manual-queue-clock.js';

const HOUR = 3_600_000;
const SWEEP_MS = 60_000;

describe('the sweep job posts record checkpoints through the platform lanes', () => {
  it('GIVEN a worker with only the console lane WHEN the sweep slot runs THEN the checkpoint reaches the room, and `audit verify` reads it back and agrees', async () => {
    const { s, room } = await describeAssembly({ name: 'Orchard', members: ['ana', 'ben'] });
    const clock = new ManualQueueClock();
    const queue = new InProcessJobQueue({ prefix: 'checkpoints', log: silentLogger, clock });
    const send = platformSendHandlers({ store: s.deps.store, deliveries: new MemoryDeliveryStore(), senders: new Map([[s.chat.platform, s.chat]]), log: silentLogger });
    const dispatcher = new OutboxDispatcher(s.deps.store, queue, silentLogger, () => s.clock.now());
    const sweeps: number[] = [];
    const sweep = sweepMotionsHandler(s.deps, queue);
    const checkpoints = () => s.chat.in(room).filter((m) => m.title === 'Orchard · record checkpoint');
    await queue.work([{ definition: sweep.definition, run: (j) => (sweeps.push((j.payload as { slot: number }).slot), sweep.run(j)) }, send.console], { concurrency: 1 });
    // Each call runs a slot of its own (the core's time moves on by one slot).
    const runSlot = async () => {
      s.clock.advance(SWEEP_MS);
      await scheduleSweep(queue, SWEEP_MS, s.clock.now().getTime() + SWEEP_MS);
      await clock.advance(2 * SWEEP_MS);
      await dispatcher.dispatchOnce();
      await clock.advance(0);
    };

    await runSlot();
    expect(checkpoints()).toHaveLength(1);
    const a = (await s.deps.store.read.assemblyByName('Orchard'))!;
    expect(checkpoints()[0]!.chainHead).toEqual({ assembly: 'Orchard', ...(await s.deps.store.read.chainHead(a.id))! });
    const verify = await s.run('ben', room, 'audit verify');
    expect(verify.first.title).toBe('Orchard: record verified');
    expect(verify.text).toContain('Posted heads: all 1 found in 1 room agree with the record.');

    // The record moves; the next checkpoint waits for its interval, however many slots run meanwhile.
    await s.run('ana', room, 'motion propose "Prune the apple trees"');
    await runSlot();
    expect(checkpoints()).toHaveLength(1);
    expect(new Set(sweeps).size).toBeGreaterThanOrEqual(2);
    s.clock.advance(24 * HOUR);
    await runSlot();
    expect(checkpoints()).toHaveLength(2);
    expect(checkpoints()[1]!.chainHead?.seq).toBe((await s.deps.store.read.chainHead(a.id))!.seq);
    await queue.close();
  });
});
