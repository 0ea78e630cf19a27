import { tellUnoffered } from '../core/relay/index.js';
import type { CoreDeps } from '../core/services/deps.js';
import { asAssemblyId, asProposalId } from '../core/shared/ids.js';
import { handleJob } from './job-handler.js';
import { relayUnofferedJob } from './relay-unoffered.job.js';

/** Idempotent: the step takes its outbox row in its own transaction; each message has a key of its own. */
export function relayUnofferedHandler(deps: CoreDeps) {
  return handleJob(relayUnofferedJob, async (job) => {
    const p = job.payload;
    const after = p.after ? { parentAssemblyId: asAssemblyId(p.after.parentAssemblyId), assemblyId: asAssemblyId(p.after.assemblyId) } : null;
    await tellUnoffered(deps, { proposalId: asProposalId(p.proposalId), version: p.version, branchReferralId: p.branchReferralId, parents: p.parents.map(asAssemblyId), after, hops: p.hops }, { outboxKey: p.dedupeKey });
  });
}
