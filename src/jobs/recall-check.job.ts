import { z } from 'zod';
import { defineJob } from './define-job.js';
import { dedupeKeySchema as dedupeKey } from './job-ids.js';
import { relayLane } from './relay-lanes.js';

/** A recall sent to a remote parent: once its policy time has passed, home shows it if no confirmation came (src/core/federation/remote/recall-watch.ts). */
export const recallCheckJob = defineJob({ name: 'federation.recall-check', version: 1, lane: relayLane, payload: z.object({ key: z.string().min(1).max(400), dedupeKey }) });
