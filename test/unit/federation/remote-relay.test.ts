import { describe, it } from 'vitest';
import fc from 'fast-check';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { adoptionFlow, seatFlow, threatFlow, twoDeployments } from '../../support/two-deployments.js';

const fakes = () => ({ a: new FakeStore(), b: new FakeStore() });

describe('federation across two deployments on FakeStores (loopback carrier, shuffled and duplicated delivery)', () => {
  it('joins by remote invitation, relays a proposal to the remote locals, counts their decisions and adopts at the parent', async () => {
    await adoptionFlow(await twoDeployments(7, fakes()));
  });

  it('refuses a forged decision for an assembly the sender does not host, records a replay and a superseded version without counting them', async () => {
    await threatFlow(await twoDeployments(11, fakes()));
  });

  it('seats a remote delegate with access when the child elects them, and ends the seat and access when it recalls them', async () => {
    await seatFlow(await twoDeployments(13, fakes()));
  });
});

describe('federation across two deployments under any delivery order (property)', () => {
  it('GIVEN any shuffle and duplication of the link rooms’ events THEN the join, relay, count and adoption end the same', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        await adoptionFlow(await twoDeployments(seed, fakes()));
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});
