import { closeDueMotions } from '../core/services/closing.service.js';
import type { CoreDeps } from '../core/services/deps.js';
import { handleJob } from './job-handler.js';
import { motionDeadlineJob } from './motion-deadline.job.js';

/** A job that starts before its second (a dispatcher whose clock runs ahead, like the console's) waits at most this long for it. */
const MAX_EARLY_WAIT_MS = 5_000;

/** Closes every motion due by now (repeated or late, it closes exactly what is due), then marks its outbox row done. */
export function motionDeadlineHandler(deps: CoreDeps) {
  return handleJob(motionDeadlineJob, async (job) => {
    const early = job.payload.at - deps.clock.now().getTime();
    if (early > 0 && early <= MAX_EARLY_WAIT_MS) await new Promise((r) => setTimeout(r, early));
    const closed = await closeDueMotions(deps);
    if (closed > 0) deps.log.info({ closed, at: new Date(job.payload.at).toISOString() }, 'closed motions at their deadline');
    await deps.store.finishOutbox(job.payload.dedupeKey, { ok: true });
  });
}
