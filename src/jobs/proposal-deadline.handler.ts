import { expireIfDue } from '../core/relay/index.js';
import type { CoreDeps } from '../core/services/deps.js';
import { asProposalId } from '../core/shared/ids.js';
import { handleJob } from './job-handler.js';
import { proposalDeadlineJob } from './proposal-deadline.job.js';

/** Expires the proposal if it is due and still live (an early or repeated timer does nothing). */
export function proposalDeadlineHandler(deps: CoreDeps) {
  return handleJob(proposalDeadlineJob, async (job) => {
    await expireIfDue(deps, asProposalId(job.payload.proposalId));
    await deps.store.finishOutbox(job.payload.dedupeKey, { ok: true });
  });
}
