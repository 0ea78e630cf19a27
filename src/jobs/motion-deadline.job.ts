import { z } from 'zod';
import { defineJob } from './define-job.js';
import { dedupeKeySchema as dedupeKey } from './job-ids.js';


/**
 * Closes the motions due at a second of closing time: a delayed job made from
 * a `motion.deadline` outbox row (src/core/services/motion-deadline.ts), one
 * per second however many motions close in it. The periodic sweep
 * (`motions.sweep`) catches any that was lost.
 */
export const motionDeadlineJob = defineJob({ name: 'motion.deadline', version: 1, payload: z.object({ at: z.number().int().nonnegative(), dedupeKey }) });
