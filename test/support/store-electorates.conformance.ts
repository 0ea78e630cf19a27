import { describe, expect, it } from 'vitest';
import type { Assembly } from '../../src/core/model/entities.js';
import { policySchema } from '../../src/core/model/policy.js';
import { assembly } from './store-fixtures.js';
import type { ConformanceContext } from './store.conformance.js';

export function describeStoreElectorateConformance(ctx: ConformanceContext): void {
  describe('role electorates', () => {
    const setRole = (a: Assembly, role: string | undefined) =>
      ctx.store.transaction((tx) => tx.updatePolicy(a.id, policySchema.parse({ ...a.policy, electorateRole: role })));

    it('GIVEN assemblies with and without an electorate role THEN only those with one are listed, in id order; dropping the role drops it', async () => {
      const [follows, other, none, dropped] = await Promise.all([1, 2, 3, 4].map(() => assembly(ctx.store)));
      await setRole(follows!, '123456789012345678');
      await setRole(other!, '9');
      await setRole(dropped!, '42');
      await setRole(dropped!, undefined);
      const mine = new Set<string>([follows!.id, other!.id, none!.id, dropped!.id]);
      const listed = (await ctx.store.read.roleElectorateAssemblyIds()).filter((id) => mine.has(id));
      expect(listed).toEqual([follows!.id, other!.id].sort());
    });
  });
}
