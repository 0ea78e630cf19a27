import { afterAll, beforeAll, describe } from 'vitest';
import { PrismaDeliveryStore } from '../../../src/adapters/persistence/prisma-delivery-store.js';
import { prismaRunner } from '../../../src/adapters/persistence/sql-runner.js';
import { describeDeliveryStoreConformance, type DeliveryStoreContext } from '../../support/delivery-store.conformance.js';
import { testDatabase, testPgliteDatabase } from '../../support/test-database.js';
import type { TestDatabase } from '../../support/test-database.js';

describe.each([
  ['PostgreSQL', testDatabase],
  ['PGlite', testPgliteDatabase],
] as const)('PrismaDeliveryStore on %s', (_label, open) => {
  let db: TestDatabase;
  let ctx: DeliveryStoreContext;
  beforeAll(async () => {
    db = await open({ poolSize: 20 });
    ctx = {
      store: new PrismaDeliveryStore(prismaRunner(db.prisma)),
      row: async (key) => (await db.prisma.delivery.findUnique({ where: { key } })) ?? undefined,
    };
  });
  afterAll(() => db.close());

  describeDeliveryStoreConformance(() => ctx);
});
