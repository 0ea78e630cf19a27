import { InProcessJobQueue } from '../../../src/adapters/queue/in-process-job-queue.js';
import { describeJobQueueConformance } from '../../support/job-queue.conformance.js';

describeJobQueueConformance({
  implementation: 'in process',
  create: (options) => new InProcessJobQueue(options),
});
