import { cascade } from '../core/relay/index.js';
import type { CoreDeps } from '../core/services/deps.js';
import { asAssemblyId, asProposalId } from '../core/shared/ids.js';
import { handleJob } from './job-handler.js';
import { relayCascadeJob } from './relay-cascade.job.js';

/** Idempotent: the step takes its outbox row in its own transaction; ending what has ended changes nothing. */
export function relayCascadeHandler(deps: CoreDeps) {
  return handleJob(relayCascadeJob, async (job) => {
    const p = job.payload;
    await cascade(deps, { action: p.action, proposalId: asProposalId(p.proposalId), version: p.version, referralIds: p.referralIds, after: p.after === null ? null : asAssemblyId(p.after) }, { outboxKey: p.dedupeKey });
  });
}
