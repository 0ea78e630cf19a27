import { describe, expect, it } from 'vitest';
import { isTransientConflict, storeLanes } from '../../../src/core/federation-protocol/lanes.js';
import type { Store } from '../../../src/core/ports/store.port.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';

/** A store whose first `failures` transactions die as PostgreSQL's deadlock victim would (after running `fn`: rolled back). */
function flaky(failures: number, message = 'Raw query failed. Code: `40P01`. Message: `deadlock detected`'): { store: Store; runs: () => number } {
  const inner = new FakeStore();
  let runs = 0;
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop !== 'transaction') return Reflect.get(target, prop, receiver) as unknown;
      return async <T>(fn: (tx: never) => Promise<T>): Promise<T> => {
        runs++;
        if (runs <= failures) throw new Error(message);
        return target.transaction<T>(fn as never);
      };
    },
  }) as unknown as Store;
  return { store, runs: () => runs };
}

describe('GIVEN a lane drained in a store transaction that loses a deadlock', () => {
  it('WHEN the first two attempts die with 40P01 THEN the drain runs again and its result comes back', async () => {
    const { store, runs } = flaky(2);
    expect(await storeLanes(store).withLane('!r:a', 'dep_a', () => Promise.resolve('drained'))).toBe('drained');
    expect(runs()).toBe(3);
  });

  it('WHEN every attempt dies THEN the fourth failure is thrown (the carrier leaves the event for a resend)', async () => {
    const { store, runs } = flaky(10);
    await expect(storeLanes(store).withLane('!r:a', 'dep_a', () => Promise.resolve('x'))).rejects.toThrow(/40P01/);
    expect(runs()).toBe(4);
  });

  it('WHEN the failure is anything else THEN it is thrown at once, not retried', async () => {
    const { store, runs } = flaky(1, 'unique constraint violated (23505)');
    await expect(storeLanes(store).withLane('!r:a', 'dep_a', () => Promise.resolve('x'))).rejects.toThrow(/23505/);
    expect(runs()).toBe(1);
    expect(isTransientConflict(new Error('could not serialize access (40001)'))).toBe(true);
    expect(isTransientConflict(new Error('code 140P011'))).toBe(false);
  });
});
