import { describe, expect, it } from 'vitest';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { allLocal, decide, draft, rootTally, threeLevels } from '../../support/three-levels.js';

describe('a remote child that is an assembly of delegates (three levels over two deployments)', () => {
  it('counts the remote subtree at B as the same tree built all-local counts it', async () => {
    const shape = { extra: [0, 2, 1] };
    const d = await threeLevels(5, shape, { a: new FakeStore(), b: new FakeStore() });
    await draft(d.B.s, d.council, '3', 1);
    await d.settle();
    const L = await allLocal(shape, new FakeStore());
    await draft(L.X.s, L.council, '3', 1);
    await L.settle();
    expect(await rootTally(d.B.s.deps, 1)).toEqual(await rootTally(L.X.s.deps, 1));
    await decide(d.A.s.deps, 1, [[d.valley.id, 'accepted']]);
    await d.settle();
    await decide(L.X.s.deps, 1, [[L.valley.id, 'accepted']]);
    await L.settle();
    expect(await rootTally(d.B.s.deps, 1)).toEqual(await rootTally(L.X.s.deps, 1));
    const ds = ['accepted', 'rejected', 'amend-requested'] as const;
    await decide(d.A.s.deps, 1, d.locals.map((l, i) => [l.id, ds[i % 3]!] as const));
    await d.settle();
    await decide(L.X.s.deps, 1, L.locals.map((l, i) => [l.id, ds[i % 3]!] as const));
    await L.settle();
    expect(await rootTally(d.B.s.deps, 1)).toEqual(await rootTally(L.X.s.deps, 1));
  });
});
