import { leaveBranch } from '../core/relay/index.js';
import type { CoreDeps } from '../core/services/deps.js';
import { asAssemblyId, asProposalId } from '../core/shared/ids.js';
import { handleJob } from './job-handler.js';
import { relayLeaveJob } from './relay-leave.job.js';

/** Idempotent: the step takes its outbox row in its own transaction; ending what has ended changes nothing. */
export function relayLeaveHandler(deps: CoreDeps) {
  return handleJob(relayLeaveJob, async (job) => {
    const p = job.payload;
    await leaveBranch(deps, { proposalId: asProposalId(p.proposalId), version: p.version, left: p.left, referralIds: p.referralIds, after: p.after === null ? null : asAssemblyId(p.after) }, { outboxKey: p.dedupeKey });
  });
}
