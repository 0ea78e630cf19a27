import type { OutboxWrite } from '../ports/relay-store.port.js';

/** The outbox kind of a motion deadline (src/jobs/motion-deadline.job.ts turns it into a delayed job). */
export const MOTION_DEADLINE_KIND = 'motion.deadline';

/**
 * How long before its time a deadline goes onto the queue as a delayed job.
 * Until then it waits in the outbox (PostgreSQL), so a deadline weeks away is
 * not a delayed job that the reconciler would keep re-checking, and a Redis
 * that lost its jobs loses no deadline: the row is still there.
 */
export const DEADLINE_LEAD_MS = 60_000;

/**
 * The timer that closes motions at their closing time: one per second of
 * closing time, however many motions close in it (a relay opens 100,000
 * response motions in a minute, which makes about 60 timers). Its job closes
 * every motion due by then; the periodic sweep stays as the safety net.
 */
export function motionDeadlineRow(closesAt: Date): OutboxWrite {
  const at = Math.ceil(closesAt.getTime() / 1000) * 1000;
  return { kind: MOTION_DEADLINE_KIND, dedupeKey: `motion-deadline.${at}`, payload: { at }, availableAt: new Date(at - DEADLINE_LEAD_MS) };
}
