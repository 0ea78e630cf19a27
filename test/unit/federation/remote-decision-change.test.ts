import { describe, it } from 'vitest';
import fc from 'fast-check';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { twoDeployments } from '../../support/two-deployments.js';
import { decisionChangeFlow, repealFlow, type ChangeOp } from '../../support/decision-changes.js';

const fakes = () => ({ a: new FakeStore(), b: new FakeStore() });

const op: fc.Arbitrary<ChangeOp> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('accept', 'reject', 'amend').map((response) => ({ kind: 'respond' as const, response })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'replay' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'version' as const }) },
);

describe('a remote child changing its decision counts at the parent as a local one does (docs/FEDERATION-PROTOCOL.md §6)', () => {
  it('GIVEN reject then accept at home THEN the parent counts the acceptance in place of the rejection; a replay changes nothing', async () => {
    await decisionChangeFlow(await twoDeployments(41, fakes()), [{ kind: 'respond', response: 'reject' }, { kind: 'respond', response: 'accept' }, { kind: 'replay' }, { kind: 'respond', response: 'amend' }]);
  }, 60_000);

  it('GIVEN an accepted, adopted proposal THEN repealing its law at home withdraws the acceptance at the parent too (a decision without a response motion of its own)', async () => {
    await repealFlow(await twoDeployments(59, fakes()));
  }, 60_000);

  it('GIVEN any sequence of decisions, re-decisions, replays and new versions THEN the remote child counts exactly as a local child at every step (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.array(op, { minLength: 1, maxLength: 5 }), async (seed, ops) => {
        await decisionChangeFlow(await twoDeployments(seed, fakes()), ops);
      }),
      { numRuns: 20 },
    );
  }, 240_000);
});
