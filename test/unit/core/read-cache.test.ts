import { describe, expect, it } from 'vitest';
import type { Assembly } from '../../../src/core/model/entities.js';
import { defaultPolicy } from '../../../src/core/model/policy.js';
import { FakeClock } from '../../../src/core/ports/clock.port.js';
import { ReadCache } from '../../../src/core/services/read-cache.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';

/** A store with one assembly, and a cache over its reads that counts how often it went to the store. */
async function setUp(): Promise<{ store: FakeStore; cache: ReadCache; loads: () => number; a: Assembly }> {
  const store = new FakeStore();
  const a = await store.transaction((tx) => tx.createAssembly({ kind: 'local', name: 'Cached', level: 0, parentAssemblyId: null, policy: defaultPolicy() }));
  let n = 0;
  const reads = new Proxy(store.read, {
    get(target, prop, receiver) {
      if (prop === 'assembly') n++;
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return { store, cache: new ReadCache(reads, new FakeClock()), loads: () => n, a };
}

describe('GIVEN the vote path read cache', () => {
  it('WHEN live THEN a second lookup is served from memory, and clear() makes the next one read the store', async () => {
    const { cache, loads, a } = await setUp();
    await cache.assembly(a.id);
    await cache.assembly(a.id);
    expect(loads()).toBe(1);
    cache.clear();
    await cache.assembly(a.id);
    expect(loads()).toBe(2);
  });

  it('WHEN not live (changes could go unheard) THEN every lookup reads the store, and going live again starts caching', async () => {
    const { store, cache, loads, a } = await setUp();
    await cache.assembly(a.id);
    cache.setLive(false);
    await store.transaction((tx) => tx.updatePolicy(a.id, { ...a.policy, earlyClose: false }));
    expect((await cache.assembly(a.id))?.policy.earlyClose).toBe(false);
    await cache.assembly(a.id);
    expect(loads()).toBe(3);
    cache.setLive(true);
    await cache.assembly(a.id);
    await cache.assembly(a.id);
    expect(loads()).toBe(4);
  });

  it('WHEN a change is heard while a lookup is in flight THEN the value loaded before it is not kept', async () => {
    const { store, cache, a } = await setUp();
    const inFlight = cache.assembly(a.id); // reads the store on a later turn
    await store.transaction((tx) => tx.updatePolicy(a.id, { ...a.policy, earlyClose: false }));
    cache.clear();
    await inFlight;
    expect((await cache.assembly(a.id))?.policy.earlyClose).toBe(false);
  });
});
