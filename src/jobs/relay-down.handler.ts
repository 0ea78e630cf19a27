import { relayDown } from '../core/relay/index.js';
import type { CoreDeps } from '../core/services/deps.js';
import { handleJob } from './job-handler.js';
import { relayDownJob } from './relay-down.job.js';

/** Idempotent: the step takes its outbox row in its own transaction, and members already offered the version are skipped. */
export function relayDownHandler(deps: CoreDeps) {
  return handleJob(relayDownJob, async (job) => {
    const r = await relayDown(deps, job.payload.referralIds, { outboxKey: job.payload.dedupeKey });
    if (r.referred > 0) deps.log.debug({ referred: r.referred, continued: r.continued }, 'relay: offered a version');
  });
}
