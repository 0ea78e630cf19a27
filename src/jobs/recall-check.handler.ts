import { checkRecall } from '../core/federation/remote/index.js';
import type { CoreDeps } from '../core/services/deps.js';
import { handleJob } from './job-handler.js';
import { recallCheckJob } from './recall-check.job.js';

/** Idempotent: a recall is shown once (its mirror says so); an early run leaves the row pending for the sweep of lost jobs. */
export function recallCheckHandler(deps: CoreDeps) {
  return handleJob(recallCheckJob, async (job) => {
    const r = await checkRecall(deps, job.payload.key);
    if (r === 'not-due') throw new Error('recall check ran before its time; it runs again');
    await deps.store.finishOutbox(job.payload.dedupeKey, { ok: true });
  });
}
