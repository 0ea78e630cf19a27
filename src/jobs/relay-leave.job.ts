import { z } from 'zod';
import { defineJob } from './define-job.js';
import { dedupeKeySchema as dedupeKey } from './job-ids.js';
import { relayLane } from './relay-lanes.js';

const id = z.string().min(1).max(100);

/** End a page of the branch below an assembly that left the federation (src/core/relay/leave-branch.ts). */
export const relayLeaveJob = defineJob({
  name: 'relay.leave',
  version: 1,
  lane: relayLane,
  payload: z.object({ proposalId: id, version: z.number().int().min(1), left: z.string().max(200), referralIds: z.array(id).min(1).max(50), after: id.nullable(), dedupeKey }),
});
