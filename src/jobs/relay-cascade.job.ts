import { z } from 'zod';
import { defineJob } from './define-job.js';
import { dedupeKeySchema as dedupeKey } from './job-ids.js';
import { relayLane } from './relay-lanes.js';

const id = z.string().min(1).max(100);

/** Tell a level of the tree that the version was adopted, superseded, withdrawn or expired (src/core/relay/cascade.ts). */
export const relayCascadeJob = defineJob({
  name: 'relay.cascade',
  version: 1,
  lane: relayLane,
  payload: z.object({ action: z.enum(['adopted', 'superseded', 'withdrawn', 'expired']), proposalId: id, version: z.number().int().min(1), referralIds: z.array(id).min(1).max(50), after: id.nullable(), dedupeKey }),
});
