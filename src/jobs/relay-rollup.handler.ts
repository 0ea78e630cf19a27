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
    await deps.store.transaction((tx) => tx.relay.takeOutbox(dedupeKey));
    for (let run = 0; run < 20; run++) {
      const r = await rollup(deps, asProposalId(proposalId), version);
      if (r.adopted) deps.log.info({ proposalId, version, accepted: r.root?.accepted }, 'relay: proposal adopted');
      if (!(await deps.store.transaction((tx) => tx.relay.takeOutbox(dedupeKey)))) return;
    }
  });
}
