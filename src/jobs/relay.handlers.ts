import { cascade, expireIfDue, relayDown, rollup } from '../core/relay/index.js';
import type { CoreDeps } from '../core/services/deps.js';
import { asAssemblyId, asProposalId } from '../core/shared/ids.js';
import { handleJob } from './job-handler.js';
import type { JobHandler } from './job-queue.port.js';
import { proposalDeadlineJob, relayCascadeJob, relayDownJob, relayRollupJob } from './relay.jobs.js';

/** The relay's job handlers over the core; each is idempotent (see src/core/relay). */
export function relayHandlers(deps: CoreDeps): JobHandler[] {
  return [
    handleJob(relayDownJob, async (job) => {
      const r = await relayDown(deps, job.payload.referralIds, { outboxKey: job.payload.dedupeKey });
      if (r.referred > 0) deps.log.debug({ referred: r.referred, continued: r.continued }, 'relay: offered a version');
    }),
    handleJob(relayCascadeJob, async (job) => {
      const p = job.payload;
      await cascade(deps, { action: p.action, proposalId: asProposalId(p.proposalId), version: p.version, referralIds: p.referralIds, after: p.after === null ? null : asAssemblyId(p.after) }, { outboxKey: p.dedupeKey });
    }),
    handleJob(relayRollupJob, async (job) => {
      // The row is marked done as a run starts: a decision after that re-arms it (src/core/relay/outbox.ts),
      // and this job runs again while it finds it re-armed, rather than leave it to a job the queue
      // would not add while this one is still active. Runs may overlap; each recomputes from the
      // level below, so they agree.
      const { dedupeKey, proposalId, version } = job.payload;
      await deps.store.transaction((tx) => tx.relay.takeOutbox(dedupeKey));
      for (let run = 0; run < 20; run++) {
        const r = await rollup(deps, asProposalId(proposalId), version);
        if (r.adopted) deps.log.info({ proposalId, version, accepted: r.root?.accepted }, 'relay: proposal adopted');
        if (!(await deps.store.transaction((tx) => tx.relay.takeOutbox(dedupeKey)))) return;
      }
    }),
    handleJob(proposalDeadlineJob, async (job) => {
      await expireIfDue(deps, asProposalId(job.payload.proposalId));
      await deps.store.finishOutbox(job.payload.dedupeKey, { ok: true });
    }),
  ];
}
