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
      // Many runs may overlap (one per second of decisions); each recomputes from the level below, so they agree.
      const r = await rollup(deps, asProposalId(job.payload.proposalId), job.payload.version);
      if (r.adopted) deps.log.info({ proposalId: job.payload.proposalId, version: job.payload.version, accepted: r.root?.accepted }, 'relay: proposal adopted');
      await deps.store.finishOutbox(job.payload.dedupeKey, { ok: true });
    }),
    handleJob(proposalDeadlineJob, async (job) => {
      await expireIfDue(deps, asProposalId(job.payload.proposalId));
      await deps.store.finishOutbox(job.payload.dedupeKey, { ok: true });
    }),
  ];
}
