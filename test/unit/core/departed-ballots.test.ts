import { describe } from 'vitest';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { pairKey } from '../../../src/core/testing/fake-store-state.js';
import { departedBallotCases } from '../../support/departed-ballots.cases.js';
import { federationScenario } from '../../support/federation-scenario.js';

describe('GIVEN members who leave while motions are open (FakeStore)', () => {
  departedBallotCases(() => {
    const store = new FakeStore();
    return Promise.resolve({
      s: federationScenario(store),
      store,
      departWithoutVoiding: (assemblyId, personId) => {
        const m = store.raw.memberships.get(pairKey(assemblyId, personId));
        if (m) store.raw.memberships.set(pairKey(assemblyId, personId), { ...m, status: 'left' });
        return Promise.resolve();
      },
    });
  });
});
