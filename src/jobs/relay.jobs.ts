import { z } from 'zod';
import { defineJob, defineLane } from './define-job.js';

/**
 * The relay's jobs (src/core/relay does the work). They share one lane with
 * no platform limit: they only touch PostgreSQL; what they send to chat
 * platforms leaves through the paced platform lanes (platform-send.job.ts).
 * Every payload carries the outbox row it came from: the step marks it done
 * in its own transaction, so a duplicate delivery finds it done and does nothing.
 */
export const relayLane = defineLane({ name: 'relay' });
/** Rollups have a lane of their own, so counts keep moving up while a backlog of relay steps waits. */
export const rollupLane = defineLane({ name: 'relay.rollup' });

const id = z.string().min(1).max(100);
const dedupeKey = z.string().min(1).max(500);

/** Offer the current version to the members of these accepted referrals. */
export const relayDownJob = defineJob({ name: 'relay.down', version: 1, lane: relayLane, payload: z.object({ referralIds: z.array(id).min(1).max(50), dedupeKey }) });

/** Carry decisions up one version's tree and check adoption. */
export const relayRollupJob = defineJob({ name: 'relay.rollup', version: 1, lane: rollupLane, payload: z.object({ proposalId: id, version: z.number().int().min(1), dedupeKey }) });

/** Tell a level of the tree that the version was adopted, superseded, withdrawn or expired. */
export const relayCascadeJob = defineJob({
  name: 'relay.cascade',
  version: 1,
  lane: relayLane,
  payload: z.object({ action: z.enum(['adopted', 'superseded', 'withdrawn', 'expired']), proposalId: id, version: z.number().int().min(1), referralIds: z.array(id).min(1).max(50), after: id.nullable(), dedupeKey }),
});

/** A proposal's deadline (a delayed job; the periodic sweep catches any that was lost). */
export const proposalDeadlineJob = defineJob({ name: 'proposal.deadline', version: 1, lane: relayLane, payload: z.object({ proposalId: id, dedupeKey }) });
