import type { OutboxItem } from '../core/model/federation.js';
import { RECALL_CHECK_KIND } from '../core/federation/remote/index.js';
import { RELAY_KINDS } from '../core/relay/index.js';
import { recallCheckJob } from './recall-check.job.js';
import { jobIdFor } from './job-ids.js';
import { jobToAdd, type JobToAdd } from './job-queue.port.js';
import { proposalDeadlineJob } from './proposal-deadline.job.js';
import { relayCascadeJob } from './relay-cascade.job.js';
import { relayDownJob } from './relay-down.job.js';
import { relayLeaveJob } from './relay-leave.job.js';
import { relayUnofferedJob } from './relay-unoffered.job.js';
import { relayRollupJob } from './relay-rollup.job.js';


/** The job an outbox row of the relay becomes, or null for kinds that are not the relay's. */
export function relayJobFor(item: OutboxItem, now: number): JobToAdd | null {
  const p = item.payload;
  const jobId = jobIdFor(item.dedupeKey);
  const dedupeKey = item.dedupeKey;
  switch (item.kind) {
    case RELAY_KINDS.down:
      return jobToAdd(relayDownJob, { referralIds: p.referralIds as string[], dedupeKey }, { jobId, attempts: 20, backoffBaseMs: 1000 });
    case RELAY_KINDS.cascade:
      return jobToAdd(relayCascadeJob, { action: p.action as 'adopted', proposalId: String(p.proposalId), version: Number(p.version), referralIds: p.referralIds as string[], after: typeof p.after === 'string' ? p.after : null, dedupeKey }, { jobId, attempts: 20, backoffBaseMs: 1000 });
    case RELAY_KINDS.leave:
      return jobToAdd(relayLeaveJob, { proposalId: String(p.proposalId), version: Number(p.version), left: String(p.left), referralIds: p.referralIds as string[], after: typeof p.after === 'string' ? p.after : null, dedupeKey }, { jobId, attempts: 20, backoffBaseMs: 1000 });
    case RELAY_KINDS.unoffered:
      return jobToAdd(relayUnofferedJob, { proposalId: String(p.proposalId), version: Number(p.version), branchReferralId: String(p.branchReferralId), parents: p.parents as string[], after: (p.after as { parentAssemblyId: string; assemblyId: string } | null) ?? null, hops: Number(p.hops ?? 0), dedupeKey }, { jobId, attempts: 20, backoffBaseMs: 1000 });
    case RELAY_KINDS.rollup:
      // The row's availableAt held it back a second; it may run again later under the same id (re-armed).
      return jobToAdd(relayRollupJob, { proposalId: String(p.proposalId), version: Number(p.version), dedupeKey }, { jobId, attempts: 20, backoffBaseMs: 1000 });
    case RELAY_KINDS.deadline:
      return jobToAdd(proposalDeadlineJob, { proposalId: String(p.proposalId), dedupeKey }, { jobId, delayMs: Math.max(0, Number(p.at) - now), attempts: 20, backoffBaseMs: 5000 });
    case RECALL_CHECK_KIND:
      return jobToAdd(recallCheckJob, { key: String(p.key), dedupeKey }, { jobId, delayMs: Math.max(0, Number(p.at) - now), attempts: 20, backoffBaseMs: 5000 });
    default:
      return null;
  }
}
