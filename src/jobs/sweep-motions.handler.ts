import { closeDueMotions } from '../core/services/closing.service.js';
import { endExpiredTerms } from '../core/federation/terms.js';
import { endDueCommittees } from '../core/laws/committee-terms.js';
import { expireDueProposals, reconcileRollups } from '../core/relay/index.js';
import { postDueCheckpoints } from '../core/services/checkpoint.service.js';
import { sendDueReminders } from '../core/services/reminder.service.js';
import type { CoreDeps } from '../core/services/deps.js';
import type { JobQueue } from './job-queue.port.js';
import { handleJob } from './job-handler.js';
import { sweepMotionsJob } from './sweep-motions.job.js';

export function scheduleSweep(queue: JobQueue, intervalMs: number, now: number): Promise<void> {
  const slot = Math.floor(now / intervalMs);
  return queue.add(sweepMotionsJob, { slot, intervalMs }, { jobId: `slot-${slot}`, delayMs: Math.max(0, slot * intervalMs - now) });
}

export function sweepMotionsHandler(deps: CoreDeps, queue: JobQueue) {
  return handleJob(sweepMotionsJob, async (job) => {
    const closed = await closeDueMotions(deps);
    if (closed > 0) deps.log.info({ closed, slot: job.payload.slot }, 'closed due motions');
    const terms = await endExpiredTerms(deps);
    if (terms > 0) deps.log.info({ terms, slot: job.payload.slot }, 'ended delegate terms');
    const committees = await endDueCommittees(deps);
    if (committees > 0) deps.log.info({ committees, slot: job.payload.slot }, 'ended committees past their term');
    const expired = await expireDueProposals(deps);
    if (expired > 0) deps.log.info({ expired, slot: job.payload.slot }, 'expired proposals past their deadline');
    const rollups = await reconcileRollups(deps);
    if (rollups > 0) deps.log.info({ rollups, slot: job.payload.slot }, 'rescheduled rollups of unsettled proposal counts');
    const checkpoints = await postDueCheckpoints(deps);
    if (checkpoints > 0) deps.log.info({ checkpoints, slot: job.payload.slot }, 'posted record checkpoints');
    const reminders = await sendDueReminders(deps);
    if (reminders > 0) deps.log.info({ reminders, slot: job.payload.slot }, 'sent motion reminders');
    const next = job.payload.slot + 1;
    await queue.add(sweepMotionsJob, { slot: next, intervalMs: job.payload.intervalMs }, { jobId: `slot-${next}`, delayMs: Math.max(0, next * job.payload.intervalMs - deps.clock.now().getTime()) });
  });
}
