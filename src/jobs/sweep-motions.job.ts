import { z } from 'zod';
import { defineJob } from './define-job.js';

/**
 * Closes every motion past its deadline (and ends delegates' terms and committees past theirs, expires proposals,
 * posts due record checkpoints, sends due motion reminders). One job per time slot (deterministic
 * id = the slot), so however many worker processes run, each slot sweeps once;
 * each run schedules the next slot, and every process start adds the current one.
 */
export const sweepMotionsJob = defineJob({
  name: 'motions.sweep',
  version: 1,
  payload: z.object({ slot: z.number().int().nonnegative(), intervalMs: z.number().int().positive() }),
});
