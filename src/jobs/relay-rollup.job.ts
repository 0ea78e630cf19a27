import { z } from 'zod';
import { defineJob } from './define-job.js';
import { dedupeKeySchema as dedupeKey } from './job-ids.js';
import { rollupLane } from './relay-lanes.js';

const id = z.string().min(1).max(100);

/** Carry decisions up one version's tree and check adoption (src/core/relay/rollup.ts). */
export const relayRollupJob = defineJob({ name: 'relay.rollup', version: 1, lane: rollupLane, payload: z.object({ proposalId: id, version: z.number().int().min(1), dedupeKey }) });
