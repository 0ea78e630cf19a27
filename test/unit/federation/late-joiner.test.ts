import { describe, it } from 'vitest';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { twoDeployments } from '../../support/two-deployments.js';
import { lateJoinFlow } from '../../support/late-joiners.js';

const fakes = () => ({ a: new FakeStore(), b: new FakeStore() });

describe('a late joiner is offered the version already travelling, locally and across deployments', () => {
  it('GIVEN P-1 v1 relayed THEN a local assembly joining the council and a remote one joining it by invitation each get it, and their acceptances count', async () => {
    await lateJoinFlow(await twoDeployments(47, fakes()));
  }, 60_000);
});
