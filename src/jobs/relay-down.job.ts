import { z } from 'zod';
import { defineJob } from './define-job.js';
import { dedupeKeySchema as dedupeKey } from './job-ids.js';
import { relayLane } from './relay-lanes.js';

const id = z.string().min(1).max(100);

/** Offer the current version to the members of these accepted referrals (src/core/relay/relay-down.ts). */
export const relayDownJob = defineJob({ name: 'relay.down', version: 1, lane: relayLane, payload: z.object({ referralIds: z.array(id).min(1).max(50), dedupeKey }) });
