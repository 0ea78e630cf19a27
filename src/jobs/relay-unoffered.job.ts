import { z } from 'zod';
import { defineJob } from './define-job.js';
import { dedupeKeySchema as dedupeKey } from './job-ids.js';
import { relayLane } from './relay-lanes.js';

const id = z.string().min(1).max(100);

/** Tell a page of the assemblies below a branch that did not take an adopted proposal on (src/core/relay/unoffered.ts). */
export const relayUnofferedJob = defineJob({
  name: 'relay.unoffered',
  version: 1,
  lane: relayLane,
  payload: z.object({ proposalId: id, version: z.number().int().min(1), branchReferralId: id, parents: z.array(id).min(1).max(50), after: z.object({ parentAssemblyId: id, assemblyId: id }).nullable(), hops: z.number().int().min(0).max(1000).default(0), dedupeKey }),
});
