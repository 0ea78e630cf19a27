import { describe, it } from 'vitest';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { twoDeployments } from '../../support/two-deployments.js';
import { ignoringRecalls, inflatedCountFlow, lyingDigestFlow, recallConfirmedFlow, recallIgnoredFlow } from '../../support/recall-flows.js';

const fakes = () => ({ a: new FakeStore(), b: new FakeStore() });

describe('a recall sent to a remote parent is confirmed, or shown at home (issue 19 threat model)', () => {
  it('GIVEN a parent that applies the recall THEN it confirms it signed, home records the confirmation and shows nothing after the policy time', async () => {
    await recallConfirmedFlow(await twoDeployments(21, fakes()));
  });

  it('GIVEN a parent that ignores the recall THEN home shows it as not confirmed once the policy time has passed, once, and flags the delegate’s later votes there', async () => {
    await recallIgnoredFlow(await twoDeployments(23, fakes(), ignoringRecalls));
  });

  it('GIVEN a parent that confirms the recall but later reports the delegate voting THEN home flags that digest, and not one from before the recall', async () => {
    await lyingDigestFlow(await twoDeployments(29, fakes()));
  });
});

describe('a remote child’s inflated member count is shown to the parent’s facilitators, not only stored', () => {
  it('GIVEN a decision whose member count outgrows the child’s committed history THEN the parent counts the allowed figure, records and posts the flag, and `federation show` lists it', async () => {
    await inflatedCountFlow(await twoDeployments(31, fakes()));
  });
});
