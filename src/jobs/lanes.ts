import { defaultLane, type LaneDefinition } from './define-job.js';
import { platformLanes } from './platform-send.job.js';
import { relayLane, rollupLane } from './relay-lanes.js';

/**
 * Every lane a Plenary job can run in (one BullMQ queue each): the queue
 * dashboard lists them all, also in a process that runs no worker
 * (`plenary web`), where no worker's lane list exists to ask.
 */
export const ALL_LANES: readonly LaneDefinition[] = Object.freeze([defaultLane, relayLane, rollupLane, ...Object.values(platformLanes)]);
