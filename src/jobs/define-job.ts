import type { z } from 'zod';
import { InvalidJobIdError } from './errors.js';

/** Payload schemas describe JSON data: the parsed form is stored and must parse again in the worker. */
export type JobSchema = z.ZodType;

/** At most `max` job starts per `durationMs` window in a lane, across every worker of that lane. */
export interface RateLimit {
  readonly max: number;
  readonly durationMs: number;
}

/**
 * A lane is one queue with its own workers and pacing. Jobs that hit the same
 * platform limit (Discord REST, one Matrix homeserver) share a lane, so one
 * 429 pauses exactly the work that would hit the same limit again.
 */
export interface LaneDefinition {
  readonly name: string;
  readonly rateLimit?: RateLimit;
}

/** A job type: a stable name, a version bumped whenever the payload changes shape, and its schema. */
export interface JobDefinition<S extends JobSchema = JobSchema> {
  readonly name: string;
  readonly version: number;
  readonly payload: S;
  readonly lane: LaneDefinition;
  /** `name@version`: workers route by it, so a v1 job is never handed to a v2 handler. */
  readonly key: string;
}

export type AnyJobDefinition = JobDefinition;
export type JobPayloadInput<D extends AnyJobDefinition> = z.input<D['payload']>;
export type JobPayload<D extends AnyJobDefinition> = z.output<D['payload']>;

// Lowercase words with dashes and dots: safe as BullMQ queue names, Redis key
// parts and log fields; no ':' (Redis key separator) and no '/' (our id separator).
const NAME = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/;

export const defaultLane: LaneDefinition = Object.freeze({ name: 'default' });

export function defineLane(lane: LaneDefinition): LaneDefinition {
  if (!NAME.test(lane.name)) throw new InvalidJobIdError(`lane name ${JSON.stringify(lane.name)} must match ${NAME}`);
  const limit = lane.rateLimit;
  if (limit !== undefined && !(Number.isInteger(limit.max) && limit.max > 0 && Number.isInteger(limit.durationMs) && limit.durationMs > 0)) {
    throw new RangeError(`lane ${lane.name}: rateLimit needs positive integer max and durationMs`);
  }
  return Object.freeze({ ...lane, ...(limit ? { rateLimit: Object.freeze({ ...limit }) } : {}) });
}

export function defineJob<S extends JobSchema>(spec: { name: string; version: number; payload: S; lane?: LaneDefinition }): JobDefinition<S> {
  if (!NAME.test(spec.name)) throw new InvalidJobIdError(`job name ${JSON.stringify(spec.name)} must match ${NAME}`);
  if (!Number.isInteger(spec.version) || spec.version < 1) throw new RangeError(`job ${spec.name}: version must be an integer >= 1`);
  return Object.freeze({
    name: spec.name,
    version: spec.version,
    payload: spec.payload,
    lane: spec.lane ?? defaultLane,
    key: `${spec.name}@${spec.version}`,
  });
}

/** Splits a `name@version` key back into its parts (for failed-job reports). */
export function parseJobKey(key: string): { name: string; version: number } {
  const at = key.lastIndexOf('@');
  if (at < 0) return { name: key, version: 0 };
  return { name: key.slice(0, at), version: Number(key.slice(at + 1)) || 0 };
}
