import { describe, expect, it } from 'vitest';
import { InProcessJobQueue } from '../../../src/adapters/queue/in-process-job-queue.js';
import { publicMessage } from '../../../src/core/messages/message.js';
import type { Platform, RoomRef } from '../../../src/core/model/entities.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { RoomRateLimitedError, type RoomSender } from '../../../src/core/ports/room-sender.port.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { RateLimitedJobError } from '../../../src/jobs/errors.js';
import type { JobHandler, ReceivedJob } from '../../../src/jobs/job-queue.port.js';
import { MemoryDeliveryStore } from '../../../src/jobs/memory-delivery-store.js';
import { OutboxDispatcher } from '../../../src/jobs/outbox-dispatcher.js';
import { DEFAULT_MARK_WINDOW_MS, platformSendHandlers, type PlatformSendDeps } from '../../../src/jobs/platform-send.handler.js';
import { platformSendDefinition } from '../../../src/jobs/platform-send.job.js';
import { ManualQueueClock } from '../../support/manual-queue-clock.js';

const LEASE_MS = 60_000;
const T0 = new Date('2026-11-27T10:00:00Z');

/** A sender that records what it posted; `fail` may refuse the n-th call (1-based) before anything is posted. */
class RecordingSender implements RoomSender {
  readonly posted: string[] = [];
  calls = 0;
  constructor(
    readonly platform: Platform,
    private readonly fail: (call: number) => Error | undefined = () => undefined,
    private readonly pause: () => Promise<void> = () => Promise.resolve(),
  ) {}

  async send(_room: RoomRef, _message: unknown, key: string): Promise<void> {
    const call = ++this.calls;
    await this.pause();
    const error = this.fail(call);
    if (error) throw error;
    this.posted.push(key);
  }
}

function items(n: number, platform: Platform = 'discord') {
  return Array.from({ length: n }, (_, i) => ({ key: `relay:r1:${platform}:room-${i}`, room: { platform, roomId: `room-${i}` }, message: publicMessage('Proposal P-1', `to room ${i}`) }));
}

function job(n: number, attempt = 1): ReceivedJob<unknown> {
  return { id: 'relay-r1-discord', name: 'platform.send.discord', version: 1, payload: { dedupeKey: 'relay-r1-discord', platform: 'discord', items: items(n) }, attempt, maxAttempts: 30 };
}

function setup(sender: RecordingSender, overrides: Partial<PlatformSendDeps> = {}) {
  const finished: { dedupeKey: string; ok: boolean }[] = [];
  const deliveries = new MemoryDeliveryStore();
  let now = T0;
  const deps: PlatformSendDeps = {
    store: { finishOutbox: (dedupeKey, result) => Promise.resolve(void finished.push({ dedupeKey, ok: result.ok })) },
    deliveries,
    senders: new Map([[sender.platform, sender]]),
    log: silentLogger,
    leaseMs: LEASE_MS,
    now: () => now,
    ...overrides,
  };
  const handler = platformSendHandlers(deps).discord;
  return { handler, deliveries, finished, setNow: (d: Date) => void (now = d) };
}

const once = (keys: readonly string[]) => expect(new Set(keys).size).toBe(keys.length);

describe('GIVEN a platform.send job', () => {
  it('WHEN the same job runs twice concurrently THEN each message is posted once, and the loser retries to a no-op finish', async () => {
    const sender = new RecordingSender('discord', undefined, () => new Promise((r) => setImmediate(r)));
    const { handler, finished } = setup(sender);
    const [a, b] = await Promise.allSettled([handler.run(job(10)), handler.run(job(10))]);
    expect([a.status, b.status].sort()).toEqual(['fulfilled', 'rejected']);
    const lost = [a, b].find((r) => r.status === 'rejected');
    expect(String(lost?.reason)).toMatch(/claimed by another worker/);
    expect(sender.posted).toHaveLength(10);
    once(sender.posted);
    await handler.run(job(10, 2));
    expect(sender.posted).toHaveLength(10);
    expect(finished).toEqual([{ dedupeKey: 'relay-r1-discord', ok: true }, { dedupeKey: 'relay-r1-discord', ok: true }]);
  });

  it('WHEN the platform rate-limits the 3rd send THEN the job fails with RateLimitedJobError(300), the rest are released, and a later run posts only those', async () => {
    const sender = new RecordingSender('discord', (call) => (call === 3 ? new RoomRateLimitedError(300) : undefined));
    const { handler, deliveries, finished } = setup(sender);
    const first = handler.run(job(5));
    await expect(first).rejects.toBeInstanceOf(RateLimitedJobError);
    await expect(first).rejects.toMatchObject({ retryAfterMs: 300 });
    expect(sender.posted).toEqual(items(2).map((i) => i.key));
    expect(finished).toEqual([]);
    // Released, not held for the lease: the retry needs no clock change.
    await handler.run(job(5));
    expect(sender.posted).toEqual(items(5).map((i) => i.key));
    expect(await deliveries.sent(items(5).map((i) => i.key))).toEqual(new Set(items(5).map((i) => i.key)));
    expect(finished).toEqual([{ dedupeKey: 'relay-r1-discord', ok: true }]);
  });

  it('WHEN a send fails for another reason THEN what was posted is marked, the rest released, the error rethrown, and the row not failed before the last attempt', async () => {
    const sender = new RecordingSender('discord', (call) => (call === 2 ? new Error('500 Internal Server Error') : undefined));
    const { handler, deliveries, finished } = setup(sender);
    await expect(handler.run(job(3))).rejects.toThrow('500 Internal Server Error');
    expect(deliveries.rows.get(items(3)[0]!.key)?.status).toBe('sent');
    expect(finished).toEqual([]);
    await handler.run(job(3, 2));
    expect(sender.posted).toEqual(items(3).map((i) => i.key));
  });

  it('WHEN the last attempt fails THEN the outbox row is marked failed', async () => {
    const sender = new RecordingSender('discord', () => new Error('403 Missing Access'));
    const { handler, finished } = setup(sender);
    await expect(handler.run({ ...job(1), attempt: 30 })).rejects.toThrow('403 Missing Access');
    expect(finished).toEqual([{ dedupeKey: 'relay-r1-discord', ok: false }]);
  });

  it('WHEN no bot of the platform runs in this process THEN it fails clearly (retried) and claims nothing', async () => {
    const { handler, deliveries } = setup(new RecordingSender('matrix'));
    await expect(handler.run(job(2))).rejects.toThrow(/no discord bot runs in this process/);
    expect(deliveries.rows.size).toBe(0);
  });
});

describe('GIVEN a platform.send job with direct messages (reminders)', () => {
  const direct = (platform: Platform) => ({ dedupeKey: 'dm-1', platform, items: [{ key: 'remind.m1.24.discord.u1', room: { platform, roomId: 'u1' }, message: publicMessage('Vote', 'soon'), direct: true as const }, ...items(1, platform)] });
  const run = (platform: Platform): ReceivedJob<unknown> => ({ id: 'dm-1', name: `platform.send.${platform}`, version: 1, payload: direct(platform), attempt: 1, maxAttempts: 30 });

  it('WHEN the platform has direct messages THEN a direct item goes to the account, a room item to the room, each once', async () => {
    const sender = new RecordingSender('discord');
    const dms: string[] = [];
    const withDm: RoomSender = Object.assign(sender, { sendDirect: (userId: string, _m: unknown, key: string) => Promise.resolve(void dms.push(`${userId}:${key}`)) });
    const { handler, finished } = setup(sender, { senders: new Map([['discord', withDm]]) });
    await handler.run(run('discord'));
    await handler.run(run('discord'));
    expect(dms).toEqual(['u1:remind.m1.24.discord.u1']);
    expect(sender.posted).toEqual(['relay:r1:discord:room-0']);
    expect(finished.every((f) => f.ok)).toBe(true);
  });

  it('WHEN the platform has none THEN the direct item is dropped (never posted in a room) and the rest is sent', async () => {
    const sender = new RecordingSender('discord');
    const { handler, finished } = setup(sender);
    await handler.run(run('discord'));
    expect(sender.posted).toEqual(['relay:r1:discord:room-0']);
    expect(finished).toEqual([{ dedupeKey: 'dm-1', ok: true }]);
  });
});

describe('GIVEN a worker that crashed after claiming', () => {
  it('THEN its claims block others until the lease ends, and only its unsent messages are taken over', async () => {
    const sender = new RecordingSender('discord');
    const { handler, deliveries, finished, setNow } = setup(sender);
    const claims = items(4).map((i) => ({ key: i.key, platform: 'discord' as const, roomId: i.room.roomId }));
    await deliveries.claim(claims, LEASE_MS, T0);
    await deliveries.markSent([{ key: claims[0]!.key, token: 1 }], T0); // it posted one message, then died
    setNow(new Date(T0.getTime() + LEASE_MS - 1));
    await expect(handler.run(job(4))).rejects.toThrow(/3 of 4 messages .* claimed by another worker/);
    expect(sender.posted).toEqual([]);
    setNow(new Date(T0.getTime() + LEASE_MS + 1));
    await handler.run(job(4, 2));
    expect(sender.posted).toEqual(items(4).slice(1).map((i) => i.key));
    expect(deliveries.rows.get(claims[1]!.key)?.attempts).toBe(2);
    expect(finished).toEqual([{ dedupeKey: 'relay-r1-discord', ok: true }]);
  });
});

describe('GIVEN the in-process queue on a manual clock', () => {
  it('WHEN a send is rate-limited for 300 ms THEN the Discord lane waits 300 ms, the job keeps its attempt, and every message is posted once', async () => {
    const clock = new ManualQueueClock();
    const queue = new InProcessJobQueue({ prefix: 'platform-send', log: silentLogger, clock, random: () => 0 });
    const sender = new RecordingSender('discord', (call) => (call === 3 ? new RoomRateLimitedError(300) : undefined));
    const { handler } = setup(sender, { now: () => new Date(clock.now()) });
    const runs: { at: number; attempt: number }[] = [];
    const timed: JobHandler = { definition: handler.definition, run: (j) => (runs.push({ at: clock.now(), attempt: j.attempt }), handler.run(j)) };
    await queue.work([timed], { concurrency: 1 });
    await queue.add(platformSendDefinition('discord'), { dedupeKey: 'relay-r1-discord', platform: 'discord', items: items(5) }, { jobId: 'relay-r1-discord' });
    await clock.advance(299);
    expect(runs).toEqual([{ at: 0, attempt: 1 }]);
    expect(sender.posted).toHaveLength(2);
    await clock.advance(1);
    expect(runs).toEqual([{ at: 0, attempt: 1 }, { at: 300, attempt: 1 }]);
    expect(sender.posted).toEqual(items(5).map((i) => i.key));
    expect(await queue.counts('platform.discord')).toMatchObject({ completed: 1, failed: 0 });
    await queue.close();
  });
});

describe('GIVEN platform.send rows in the outbox', () => {
  it('THEN the dispatcher queues each on its platform lane with the dedupe key, and a malformed row fails alone', async () => {
    const store = new FakeStore();
    const matrixItems = items(2, 'matrix');
    await store.transaction(async (tx) => {
      await tx.enqueue('platform.send', 'relay:r1:matrix', { platform: 'matrix', items: matrixItems });
      await tx.enqueue('platform.send', 'relay:r1:irc', { platform: 'irc', items: [] });
    });
    const queue = new InProcessJobQueue({ prefix: 'platform-dispatch', log: silentLogger });
    const matrix = new RecordingSender('matrix');
    const handlers = platformSendHandlers({ store, deliveries: new MemoryDeliveryStore(), senders: new Map([['matrix', matrix]]), log: silentLogger });
    const seen: { id: string; name: string; payload: unknown }[] = [];
    const spy: JobHandler = { definition: handlers.matrix.definition, run: (j) => (seen.push({ id: j.id, name: j.name, payload: j.payload }), handlers.matrix.run(j)) };
    const worker = await queue.work([spy, handlers.discord, handlers.console], { concurrency: 1 });
    expect(await new OutboxDispatcher(store, queue, silentLogger).dispatchOnce()).toBe(2);
    await queue.whenIdle({ timeoutMs: 5000 });
    expect(seen).toEqual([{ id: 'relay_r1_matrix', name: 'platform.send.matrix', payload: { dedupeKey: 'relay:r1:matrix', platform: 'matrix', items: matrixItems } }]);
    expect(await queue.counts('platform.matrix')).toMatchObject({ completed: 1 });
    expect(matrix.posted).toEqual(matrixItems.map((i) => i.key));
    expect(store.raw.outbox.get('relay:r1:matrix')?.status).toBe('done');
    expect(store.raw.outbox.get('relay:r1:irc')).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/unknown platform "irc"/) as unknown });
    await worker.close();
    await queue.close();
  });
});

describe('GIVEN a worker frozen past its lease in the middle of a job', () => {
  /** Worker A freezes as its 4th request leaves (before the platform posts it); each request takes `perSendMs` of A's clock. */
  async function freezeAndTakeOver(perSendMs: number) {
    let resume: () => void = () => undefined;
    let frozen: () => void = () => undefined;
    const isFrozen = new Promise<void>((r) => (frozen = r));
    let now = T0;
    const a: RecordingSender = new RecordingSender('discord', undefined, (): Promise<void> => {
      now = new Date(now.getTime() + perSendMs);
      return a.calls === 4 ? (frozen(), new Promise<void>((r) => (resume = r))) : Promise.resolve();
    });
    const b = new RecordingSender('discord');
    const deliveries = new MemoryDeliveryStore();
    const depsOf = (sender: RecordingSender): PlatformSendDeps => ({ store: { finishOutbox: () => Promise.resolve() }, deliveries, senders: new Map([['discord', sender]]), log: silentLogger, leaseMs: LEASE_MS, now: () => now });
    const runA = platformSendHandlers(depsOf(a)).discord.run(job(10));
    await isFrozen;
    now = new Date(T0.getTime() + LEASE_MS + 1);
    await platformSendHandlers(depsOf(b)).discord.run(job(10, 2));
    const postedByABeforeResume = a.posted.length;
    resume();
    await runA.catch(() => undefined);
    const all = [...a.posted, ...b.posted];
    const twice = items(10).map((i) => i.key).filter((k) => all.filter((p) => p === k).length > 1);
    expect(new Set(all)).toEqual(new Set(items(10).map((i) => i.key)));
    return { twice, deliveries, postedByAAfterResume: a.posted.length - postedByABeforeResume };
  }

  it('WHEN each request takes longer than the mark window (a real platform) and another worker takes the job over THEN only the message in flight at the freeze can be posted twice', async () => {
    const { twice, deliveries, postedByAAfterResume } = await freezeAndTakeOver(DEFAULT_MARK_WINDOW_MS + 5);
    expect(twice).toEqual([items(10)[3]!.key]);
    // A, resumed, posts only the message it had in flight; its late mark-sent is refused: the row is B's, marked by B.
    expect(postedByAAfterResume).toBe(1);
    expect(deliveries.rows.get(items(10)[3]!.key)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('WHEN requests are faster than the mark window (a loopback platform) THEN what can be posted twice is the messages of that window and the one in flight; the resumed worker posts nothing else', async () => {
    const { twice, postedByAAfterResume } = await freezeAndTakeOver(0);
    expect(twice).toEqual(items(4).map((i) => i.key));
    expect(postedByAAfterResume).toBe(1);
  });
});

describe('GIVEN a fast platform', () => {
  it('WHEN a job of ten messages is sent THEN they are marked sent in one statement; with a slow platform, one by one', async () => {
    for (const [perSendMs, statements] of [[0, 1], [DEFAULT_MARK_WINDOW_MS, 10]] as const) {
      let now = T0;
      const sender = new RecordingSender('discord', undefined, () => Promise.resolve(void (now = new Date(now.getTime() + perSendMs))));
      const inner = new MemoryDeliveryStore();
      let marks = 0;
      const deliveries = Object.assign(Object.create(inner) as MemoryDeliveryStore, { markSent: (claims: Parameters<MemoryDeliveryStore['markSent']>[0], at: Date) => (marks++, inner.markSent(claims, at)) });
      await platformSendHandlers({ store: { finishOutbox: () => Promise.resolve() }, deliveries, senders: new Map([['discord', sender]]), log: silentLogger, leaseMs: LEASE_MS, now: () => now }).discord.run(job(10));
      expect({ perSendMs, marks, sent: [...inner.rows.values()].filter((r) => r.status === 'sent').length }).toEqual({ perSendMs, marks: statements, sent: 10 });
    }
  });
});
