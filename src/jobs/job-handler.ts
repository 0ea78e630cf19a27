import type { z } from 'zod';
import type { JobDefinition, JobSchema } from './define-job.js';
import { UnrecoverableJobError } from './errors.js';
import type { JobHandler, ReceivedJob } from './job-queue.port.js';
import { describeIssues } from './job-policy.js';

/**
 * Binds a handler to its definition. The payload is parsed again here, in the
 * worker: a job may have been enqueued by an older deploy or by hand, and a
 * payload that no longer fits can never succeed, so it fails without retries.
 */
export function handleJob<S extends JobSchema>(definition: JobDefinition<S>, handle: (job: ReceivedJob<z.output<S>>) => Promise<void> | void): JobHandler {
  return {
    definition,
    async run(job) {
      const parsed = definition.payload.safeParse(job.payload);
      if (!parsed.success) {
        throw new UnrecoverableJobError(`payload does not match ${definition.key}: ${describeIssues(parsed.error.issues).join('; ')}`);
      }
      await handle({ ...job, payload: parsed.data });
    },
  };
}
