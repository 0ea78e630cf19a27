import { z } from 'zod';
import { defineJob } from './define-job.js';

/** Grant or revoke a delegate's access to an assembly's rooms on every platform (outbox kinds access.grant / access.revoke). */
export const accessJob = defineJob({
  name: 'access.change',
  version: 1,
  payload: z.object({
    action: z.enum(['grant', 'revoke', 'remove']),
    assemblyId: z.string().min(1),
    homeAssemblyId: z.string().min(1),
    personId: z.string().min(1),
    reason: z.string().max(1000),
    /** The reason as a message (core i18n/stored.ts), worded in the room's assembly's language when the job runs; absent in older jobs. */
    message: z.unknown().optional(),
    /** The outbox row this job carries, to record its outcome. */
    dedupeKey: z.string().min(1),
  }),
});
