import { defineLane } from './define-job.js';

/**
 * The relay's lanes (src/core/relay does the work). Its jobs only touch
 * PostgreSQL, so the lanes have no platform limit; what they send to chat
 * platforms leaves through the paced platform lanes (platform-send.job.ts).
 * Every relay payload carries the outbox row it came from: a step marks it
 * done in its own transaction, so a duplicate delivery finds it done and does nothing.
 */
export const relayLane = defineLane({ name: 'relay' });
/** Rollups have a lane of their own, so counts keep moving up while a backlog of relay steps waits. */
export const rollupLane = defineLane({ name: 'relay.rollup' });
