import { describe, expect, it } from 'vitest';
import { InProcessJobQueue } from '../../../src/adapters/queue/in-process-job-queue.js';
import type { RoomRef } from '../../../src/core/model/entities.js';
import type { AccessOutcome, RoomAccess } from '../../../src/core/ports/room-access.port.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { accessHandler } from '../../../src/jobs/access.handler.js';
import { OutboxDispatcher } from '../../../src/jobs/outbox-dispatcher.js';
import { asAssemblyId, asPersonId } from '../../../src/core/shared/ids.js';
import { defaultPolicy } from '../../../src/core/model/policy.js';

/** A platform whose grants fail `failures` times (as a missing permission would), then succeed. */
class FlakyAccess implements RoomAccess {
  readonly platform = 'console' as const;
  readonly calls: string[] = [];
  constructor(private failures: number) {}
  private outcome(what: string, room: RoomRef, user: string): Promise<AccessOutcome> {
    this.calls.push(`${what} ${user} ${room.roomId}`);
    if (this.failures-- > 0) return Promise.resolve({ ok: false, retry: true, reason: 'missing permission Manage Roles' });
    return Promise.resolve({ ok: true, changed: true });
  }
  grant(room: RoomRef, user: string) {
    return this.outcome('grant', room, user);
  }
  revoke(room: RoomRef, user: string) {
    return this.outcome('revoke', room, user);
  }
  remove(room: RoomRef, user: string) {
    return this.outcome('remove', room, user);
  }
  missingPermissions() {
    return Promise.resolve([]);
  }
}

async function seeded() {
  const store = new FakeStore();
  const ids = await store.transaction(async (tx) => {
    const parent = await tx.createAssembly({ kind: 'delegates', name: 'Up', level: 1, parentAssemblyId: null, policy: defaultPolicy() });
    await tx.bindRoom({ platform: 'console', roomId: 'up-room', assemblyId: parent.id, purpose: 'delegates' });
    const person = await tx.createPerson('Ana', { platform: 'console', externalId: 'ana', displayName: 'Ana' });
    await tx.enqueue('access.grant', 'access-grant-s1', { action: 'grant', assemblyId: parent.id, homeAssemblyId: 'home', personId: person.id, reason: 'elected' });
    return { parent: parent.id, person: person.id };
  });
  return { store, ...ids };
}

describe('GIVEN an access grant written to the outbox', () => {
  it('THEN the dispatcher queues it once, failures are visible and retried, and it ends done', async () => {
    const { store } = await seeded();
    const queue = new InProcessJobQueue({ prefix: 'outbox-test', log: silentLogger, retry: { attempts: 5, backoffBaseMs: 5, maxBackoffMs: 20, jitter: 0 } });
    const access = new FlakyAccess(2);
    const worker = await queue.work([accessHandler(store, new Map([['console', access]]), silentLogger)], { concurrency: 2 });
    const dispatcher = new OutboxDispatcher(store, queue, silentLogger);
    expect(await dispatcher.dispatchOnce()).toBe(1);
    expect(await dispatcher.dispatchOnce()).toBe(0);
    await queue.whenIdle({ timeoutMs: 5000 });
    expect(access.calls).toEqual(['grant ana up-room', 'grant ana up-room', 'grant ana up-room']);
    expect(store.raw.outbox.get('access-grant-s1')?.status).toBe('done');
    await worker.close();
    await queue.close();
  });

  it('THEN a crash between claim and enqueue is healed by reclaiming stale items', async () => {
    const { store } = await seeded();
    await store.claimOutbox(new Date(), 10); // claimed, then the process died
    const later = new Date(Date.now() + 120_000);
    expect(await store.reclaimStaleOutbox(new Date(later.getTime() - 60_000))).toBe(1);
    expect(store.raw.outbox.get('access-grant-s1')?.status).toBe('pending');
  });

  it('THEN a failing grant shows up in outboxFailed with its reason', async () => {
    const { store, person, parent } = await seeded();
    expect(parent).toBe(asAssemblyId(parent));
    await store.finishOutbox('access-grant-s1', { ok: false, error: 'missing permission Manage Roles' });
    const failed = await store.read.outboxFailed(10);
    expect(failed.map((f) => [f.payload.personId, f.lastError])).toEqual([[asPersonId(person), 'missing permission Manage Roles']]);
  });
});
