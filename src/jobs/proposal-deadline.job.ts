import { z } from 'zod';
import { defineJob } from './define-job.js';
import { dedupeKeySchema as dedupeKey } from './job-ids.js';
import { relayLane } from './relay-lanes.js';

const id = z.string().min(1).max(100);

/** A proposal's deadline: a delayed job (the periodic sweep catches any that was lost). */
export const proposalDeadlineJob = defineJob({ name: 'proposal.deadline', version: 1, lane: relayLane, payload: z.object({ proposalId: id, dedupeKey }) });
