import { describe, it } from 'vitest';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { leaveWhileDormantFlow, silentParentFlow } from '../../support/remote-dormancy-flows.js';
import { twoDeployments } from '../../support/two-deployments.js';

describe('a remote parent whose deployment goes silent, seen from the child (issue 19)', () => {
  it('GIVEN B silent past the threshold THEN A’s assemblies see it dormant once, referrals stay undecided, it clears when B is back, and after the longer policy A is sovereign and B’s return does not revive the edge', async () => {
    await silentParentFlow(await twoDeployments(5, { a: new FakeStore(), b: new FakeStore() }));
  }, 60_000);

  it('GIVEN the assembly’s own leave motion while its remote parent is dormant THEN the link is closed as left and the parent’s later referrals are not taken', async () => {
    await leaveWhileDormantFlow(await twoDeployments(9, { a: new FakeStore(), b: new FakeStore() }));
  }, 60_000);
});
