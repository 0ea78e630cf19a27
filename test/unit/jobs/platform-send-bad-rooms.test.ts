import { describe, expect, it } from 'vitest';
import { publicMessage } from '../../../src/core/messages/message.js';
import type { RoomRef } from '../../../src/core/model/entities.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { RoomUnreachableError, type RoomFaultReason, type RoomSender } from '../../../src/core/ports/room-sender.port.js';
import { ROOM_PROBE_MS, RoomHealth } from '../../../src/core/services/room-health.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { defaultPolicy } from '../../../src/core/model/policy.js';
import type { ReceivedJob } from '../../../src/jobs/job-queue.port.js';
import { MemoryDeliveryStore } from '../../../src/jobs/memory-delivery-store.js';
import { platformSendHandlers } from '../../../src/jobs/platform-send.handler.js';

const T0 = new Date('2026-11-27T10:00:00Z');

/** Posts to any room except those `refuse` names, which answer like Discord's 10003 / 50001. */
class Rooms implements RoomSender {
  readonly platform = 'discord' as const;
  readonly posted: string[] = [];
  readonly tried: string[] = [];
  readonly refuse = new Map<string, RoomFaultReason>();
  send(room: RoomRef, _m: unknown, key: string): Promise<void> {
    this.tried.push(room.roomId);
    const reason = this.refuse.get(room.roomId);
    if (reason) return Promise.reject(new RoomUnreachableError(reason, reason === 'gone' ? 'Unknown Channel (10003)' : 'Missing Access (50001)'));
    this.posted.push(key);
    return Promise.resolve();
  }
}

let jobs = 0;
function job(rooms: readonly string[], attempt = 1, maxAttempts = 5): ReceivedJob<unknown> {
  const n = ++jobs;
  const items = rooms.map((r, i) => ({ key: `m${n}.${i}.${r}`, room: { platform: 'discord', roomId: r }, message: publicMessage(`message ${n}`) }));
  return { id: `send-${n}`, name: 'platform.send.discord', version: 1, payload: { dedupeKey: `send-${n}`, platform: 'discord', items }, attempt, maxAttempts };
}

async function setup() {
  const store = new FakeStore();
  const sender = new Rooms();
  const deliveries = new MemoryDeliveryStore();
  let now = T0;
  const rooms = new RoomHealth(store, silentLogger, () => now);
  // One assembly bound to the gone room and to a healthy one, so its facilitators can be told there.
  const assemblyId = await store.transaction(async (tx) => {
    const a = await tx.createAssembly({ kind: 'local', name: 'Valley', level: 0, parentAssemblyId: null, policy: defaultPolicy() });
    for (const roomId of ['gone', 'r0']) await tx.bindRoom({ platform: 'discord', roomId, assemblyId: a.id, purpose: 'main' });
    return a.id;
  });
  const handler = platformSendHandlers({ store, deliveries, senders: new Map([['discord', sender]]), log: silentLogger, rooms, now: () => now }).discord;
  return { store, sender, deliveries, handler, assemblyId, setNow: (d: Date) => void (now = d) };
}

const ten = ['r0', 'r1', 'gone', 'r3', 'r4', 'shut', 'r6', 'r7', 'r8', 'r9'];

describe('GIVEN a send job of ten messages where one room is gone and one forbids the bot', () => {
  it('WHEN it runs THEN the eight others are posted, the two are marked failed with their rooms, and the job finishes at once', async () => {
    const s = await setup();
    s.sender.refuse.set('gone', 'gone').set('shut', 'forbidden');
    const j = job(ten);
    await s.handler.run(j);
    expect(s.sender.posted).toHaveLength(8);
    const keys = (j.payload as { items: { key: string; room: { roomId: string } }[] }).items;
    for (const i of keys) expect(s.deliveries.rows.get(i.key)?.status).toBe(['gone', 'shut'].includes(i.room.roomId) ? 'failed' : 'sent');
    const faults = await s.store.roomFaults('discord', ten);
    expect(faults.map((f) => [f.roomId, f.reason]).sort()).toEqual([['gone', 'gone'], ['shut', 'forbidden']]);
    // Told once, in the assembly's other room; the forbidden room is bound to no assembly, so no one to tell.
    const notices = [...s.store.raw.outbox.values()].filter((o) => o.kind === 'platform.send');
    expect(notices).toHaveLength(1);
    expect(JSON.stringify(notices[0]!.payload)).toMatch(/"roomId":"r0".*Facilitators of Valley/);
    expect(s.assemblyId).toBeTruthy();
  });

  it('WHEN the room refuses again in later probes THEN its facilitators are not told again', async () => {
    const s = await setup();
    s.sender.refuse.set('gone', 'gone');
    await s.handler.run(job(['gone']));
    s.setNow(new Date(T0.getTime() + ROOM_PROBE_MS + 1));
    await s.handler.run(job(['gone']));
    expect(s.sender.tried).toEqual(['gone', 'gone']);
    expect([...s.store.raw.outbox.values()].filter((o) => o.kind === 'platform.send')).toHaveLength(1);
    const [fault] = await s.store.roomFaults('discord', ['gone']);
    expect(fault?.since).toEqual(T0);
    expect(fault?.checkedAt.getTime()).toBe(T0.getTime() + ROOM_PROBE_MS + 1);
  });

  it('WHEN the next job names the same rooms THEN no request goes to them; after the probe interval one does, and a fixed room is cleared', async () => {
    const s = await setup();
    s.sender.refuse.set('gone', 'gone').set('shut', 'forbidden');
    await s.handler.run(job(ten));
    s.sender.tried.length = 0;
    await s.handler.run(job(ten));
    expect(s.sender.tried.filter((r) => r === 'gone' || r === 'shut')).toEqual([]);
    expect(s.sender.tried).toHaveLength(8);
    // The permission is given back; a probe is due.
    s.sender.refuse.delete('shut');
    s.setNow(new Date(T0.getTime() + ROOM_PROBE_MS + 1));
    s.sender.tried.length = 0;
    await s.handler.run(job(['gone', 'shut']));
    expect(s.sender.tried).toEqual(['gone', 'shut']);
    expect((await s.store.roomFaults('discord', ten)).map((f) => f.roomId)).toEqual(['gone']);
    // Still gone: marked again as of now, so skipped for another interval.
    s.sender.tried.length = 0;
    await s.handler.run(job(['gone', 'shut']));
    expect(s.sender.tried).toEqual(['shut']);
  });

  it('WHEN a room refuses the first of its two messages in one job THEN the second is given up without a request', async () => {
    const s = await setup();
    s.sender.refuse.set('gone', 'gone');
    const j = job(['gone', 'r1', 'gone']);
    await s.handler.run(j);
    expect(s.sender.tried).toEqual(['gone', 'r1']);
    const items = (j.payload as { items: { key: string }[] }).items;
    expect(items.map((i) => s.deliveries.rows.get(i.key)?.status)).toEqual(['failed', 'sent', 'failed']);
  });

  it('WHEN a job that gave up on a room is delivered again THEN nothing is sent twice and it finishes (a failed message is settled, not held)', async () => {
    const s = await setup();
    s.sender.refuse.set('gone', 'gone');
    const j = job(['r0', 'gone', 'r2']);
    await s.handler.run(j);
    await s.store.clearRoomFault('discord', 'gone');
    s.sender.tried.length = 0;
    await s.handler.run({ ...j, attempt: 2 });
    expect(s.sender.tried).toEqual([]);
  });

  it('WITHOUT room health THEN a refused message is still given up on its own and the others are posted', async () => {
    const sender = new Rooms();
    sender.refuse.set('gone', 'gone');
    const deliveries = new MemoryDeliveryStore();
    const finished: boolean[] = [];
    const handler = platformSendHandlers({ store: { finishOutbox: (_k, r) => Promise.resolve(void finished.push(r.ok)) }, deliveries, senders: new Map([['discord', sender]]), log: silentLogger }).discord;
    await handler.run(job(['gone', 'r1', 'r2']));
    expect(sender.posted).toHaveLength(2);
    expect(finished).toEqual([true]);
  });
});
