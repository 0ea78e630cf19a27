import { describe, expect, it } from 'vitest';
import { InProcessJobQueue } from '../../../src/adapters/queue/in-process-job-queue.js';
import { requestAccess } from '../../../src/core/federation/delegates.js';
import { node } from '../../../src/core/i18n/index.js';
import type { RoomRef } from '../../../src/core/model/entities.js';
import type { Seat } from '../../../src/core/model/federation.js';
import { defaultPolicy } from '../../../src/core/model/policy.js';
import type { AccessOutcome, RoomAccess } from '../../../src/core/ports/room-access.port.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { accessHandler } from '../../../src/jobs/access.handler.js';
import { OutboxDispatcher } from '../../../src/jobs/outbox-dispatcher.js';

/** A platform that records the reason each change shows in the room (a Matrix kick reason, a Discord audit entry). */
class ReasonsSeen implements RoomAccess {
  readonly platform = 'console' as const;
  readonly seen: string[] = [];
  private record(room: RoomRef, reason: string): Promise<AccessOutcome> {
    this.seen.push(`${room.roomId}: ${reason}`);
    return Promise.resolve({ ok: true, changed: true });
  }
  grant(room: RoomRef, _user: string, reason: string) {
    return this.record(room, reason);
  }
  revoke(room: RoomRef, _user: string, reason: string) {
    return this.record(room, reason);
  }
  remove(room: RoomRef, _user: string, reason: string) {
    return this.record(room, reason);
  }
  missingPermissions() {
    return Promise.resolve([]);
  }
}

async function run(store: FakeStore): Promise<ReasonsSeen> {
  const queue = new InProcessJobQueue({ prefix: 'access-i18n', log: silentLogger });
  const access = new ReasonsSeen();
  const worker = await queue.work([accessHandler(store, new Map([['console', access]]), silentLogger)], { concurrency: 1 });
  await new OutboxDispatcher(store, queue, silentLogger).dispatchOnce();
  await queue.whenIdle({ timeoutMs: 5000 });
  await worker.close();
  await queue.close();
  access.seen.sort();
  return access;
}

describe('GIVEN a delegate recalled by an English town from a Spanish and an English assembly of delegates', () => {
  it('THEN each room shows the reason in its own assembly’s language; the outbox keeps the English; an older job without its message shows the English', async () => {
    const store = new FakeStore();
    await store.transaction(async (tx) => {
      const person = await tx.createPerson('Ana', { platform: 'console', externalId: 'ana', displayName: 'Ana' });
      const home = await tx.createAssembly({ kind: 'local', name: 'Town', level: 0, parentAssemblyId: null, policy: defaultPolicy() });
      for (const [name, language] of [['Arriba', 'es'], ['Up', 'en'], ['Old', 'es']] as const) {
        const parent = await tx.createAssembly({ kind: 'delegates', name, level: 1, parentAssemblyId: null, policy: { ...defaultPolicy(), language } });
        await tx.bindRoom({ platform: 'console', roomId: name, assemblyId: parent.id, purpose: 'delegates' });
        const seat = { id: `seat-${name}`, edgeId: 'e', homeAssemblyId: home.id, parentAssemblyId: parent.id, personId: person.id } as Seat;
        if (name === 'Old') await tx.enqueue('access.revoke', 'access-revoke-old', { action: 'revoke', assemblyId: parent.id, homeAssemblyId: home.id, personId: person.id, reason: 'Recalled by Town (motion #3)' });
        else await requestAccess(tx, 'revoke', seat, node('fed.access.reason.recalled', { assembly: 'Town', number: 3 }));
      }
    });
    expect(store.raw.outbox.get('access-revoke-seat-Arriba')?.payload.reason).toBe('Recalled by Town (motion #3)');
    const access = await run(store);
    expect(access.seen).toEqual(['Arriba: Revocación por Town (moción n.º 3)', 'Old: Recalled by Town (motion #3)', 'Up: Recalled by Town (motion #3)']);
  });
});
