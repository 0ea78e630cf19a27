import { rollup } from '../core/relay/index.js';
import type { CoreDeps } from '../core/services/deps.js';
import { asProposalId } from '../core/shared/ids.js';
import { handleJob } from './job-handler.js';
import { relayRollupJob } from './relay-rollup.job.js';

export function relayRollupHandler(deps: CoreDeps) {
  return handleJob(relayRollupJob, async (job) => {
    // The row is marked done as a run starts: a decision after that re-arms it (src/core/relay/outbox.ts),
    // and this job runs again while it finds it re-armed, rather than leave it to a job the queue
    // would not add while this one is still active. Runs may overlap; each recomputes from the
    // level below, so they agree.
    const { dedupeKey, proposalId, version } = job.payload;
    // No cap on the runs: a job that stopped while its row was re-armed and taken would leave that
    // decision to the sweep. Each run is short, and the job ends as soon as decisions stop coming.
    await deps.store.transaction((tx) => tx.relay.takeOutbox(dedupeKey));
    for (;;) {
      const r = await rollup(deps, asProposalId(proposalId), version);
      if (r.adopted) deps.log.info({ proposalId, version, accepted: r.root?.accepted }, 'relay: proposal adopted');
      if (!(await deps.store.transaction((tx) => tx.relay.takeOutbox(dedupeKey)))) return;
    }
  });
}
