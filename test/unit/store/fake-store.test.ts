import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { describeStoreConformance } from '../../support/store.conformance.js';

describeStoreConformance('FakeStore', () => {
  const store = new FakeStore();
  return Promise.resolve({
    store,
    probe: {
      outbox: () => Promise.resolve([...store.raw.outbox].map(([dedupeKey, { kind, payload, availableAt }]) => ({ kind, dedupeKey, payload, availableAt }))),
      ballotHistory: (motionId) => Promise.resolve(store.raw.ballotHistory.filter((h) => h.motionId === motionId)),
    },
    close: () => Promise.resolve(),
  });
}, { enforcesUniqueIndexes: false });
