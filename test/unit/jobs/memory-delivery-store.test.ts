import { describe } from 'vitest';
import { MemoryDeliveryStore } from '../../../src/jobs/memory-delivery-store.js';
import { describeDeliveryStoreConformance } from '../../support/delivery-store.conformance.js';

describe('MemoryDeliveryStore', () => {
  const store = new MemoryDeliveryStore();
  describeDeliveryStoreConformance(() => ({
    store,
    row: (key) => {
      const r = store.rows.get(key);
      return Promise.resolve(r && { status: r.status, attempts: r.attempts, roomId: r.roomId, claimedAt: new Date(r.claimedAt), sentAt: r.sentAt === null ? null : new Date(r.sentAt) });
    },
  }));
});
