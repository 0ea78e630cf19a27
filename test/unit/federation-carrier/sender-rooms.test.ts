import { describe, expect, it } from 'vitest';
import { FederationSender } from '../../../src/adapters/matrix/federation/sender.js';
import type { FederationHomeserver } from '../../../src/adapters/matrix/federation/client.js';
import { ed25519Signer, generateDeploymentKey } from '../../../src/core/federation-protocol/index.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';

/** A homeserver whose sends take a while and that records what was in flight at once. */
function slowHomeserver(failRoom?: string): FederationHomeserver & { order: Map<string, number[]>; maxPerRoom: number; maxAll: number } {
  const inFlight = new Map<string, number>();
  let all = 0;
  const hs = {
    userId: '@plenary:a.example',
    order: new Map<string, number[]>(),
    maxPerRoom: 0,
    maxAll: 0,
    async send(roomId: string, _type: string, content: Readonly<Record<string, unknown>>): Promise<string> {
      inFlight.set(roomId, (inFlight.get(roomId) ?? 0) + 1);
      all++;
      hs.maxPerRoom = Math.max(hs.maxPerRoom, inFlight.get(roomId) ?? 0);
      hs.maxAll = Math.max(hs.maxAll, all);
      await new Promise((r) => setTimeout(r, 5));
      inFlight.set(roomId, (inFlight.get(roomId) ?? 1) - 1);
      all--;
      const seq = content.seq as number;
      if (roomId === failRoom && seq === 3) throw new Error('homeserver down for this room');
      hs.order.set(roomId, [...(hs.order.get(roomId) ?? []), seq]);
      return `$${roomId}-${String(seq)}`;
    },
    putState: () => Promise.reject(new Error('no state here')),
    createRoom: () => Promise.reject(new Error('unused')),
    join: () => Promise.resolve(),
    leave: () => Promise.resolve(),
    invite: () => Promise.resolve(),
    roomState: () => Promise.resolve([]),
    sync: () => Promise.reject(new Error('unused')),
    history: () => Promise.resolve([]),
    membership: () => Promise.resolve('join' as const),
  };
  return hs;
}

async function queued(store: FakeStore, rooms: number, perRoom: number): Promise<void> {
  const events = [];
  for (let i = 1; i <= perRoom; i++) for (let r = 0; r < rooms; r++) events.push({ roomId: `!r${String(r)}:a.example`, type: 'org.plenary.heartbeat' as const, body: { heads: [], last_seq_received: i }, idempotencyKey: `hb/${String(r)}/${String(i)}` });
  await store.peerOutbox.enqueue(events, new Date('2026-12-07T00:00:00Z'));
}

const identity = { deployment: 'dep_a', botUserId: '@plenary:a.example', signer: ed25519Signer(generateDeploymentKey('a')) };

describe('GIVEN events queued for many link rooms', () => {
  it('WHEN the sender drains THEN rooms go out side by side, one event at a time per room, each room in seq order', async () => {
    const store = new FakeStore();
    await queued(store, 12, 6);
    const hs = slowHomeserver();
    const sender = new FederationSender({ outbox: store.peerOutbox, homeserver: hs, identity, now: () => new Date(), log: silentLogger, roomsInFlight: 4 });
    expect(await sender.drain()).toBe(72);
    expect(hs.maxPerRoom).toBe(1);
    expect(hs.maxAll).toBe(4);
    for (const seqs of hs.order.values()) expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await store.peerOutbox.pending(100)).toEqual([]);
  });

  it('WHEN one room\'s send fails THEN that room stops at its gap (later events wait) and every other room is sent', async () => {
    const store = new FakeStore();
    await queued(store, 3, 5);
    const hs = slowHomeserver('!r1:a.example');
    const sender = new FederationSender({ outbox: store.peerOutbox, homeserver: hs, identity, now: () => new Date(), log: silentLogger });
    expect(await sender.drain()).toBe(12);
    expect(hs.order.get('!r1:a.example')).toEqual([1, 2]);
    expect(hs.order.get('!r0:a.example')).toEqual([1, 2, 3, 4, 5]);
    expect((await store.peerOutbox.pending(100)).map((e) => `${e.roomId}#${String(e.seq)}`)).toEqual(['!r1:a.example#3', '!r1:a.example#4', '!r1:a.example#5']);
  });
});
