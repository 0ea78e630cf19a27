import { z } from 'zod';
import type { OutMessage } from '../core/messages/message.js';
import type { Platform } from '../core/model/entities.js';
import { METHODS } from '../core/model/policy.js';
import { defineJob, defineLane, type JobDefinition, type LaneDefinition } from './define-job.js';

/** The most messages one job carries: one job start per lane slot paces up to this many sends. */
/** The most messages one send job carries (the console takes this many; paced platforms fewer, see src/core/relay/outbox.ts). */
export const MAX_ITEMS_PER_SEND = 50;
export const MAX_DELIVERY_KEY_LENGTH = 1000;

// exactOptional: the parsed message must be an `OutMessage` under
// exactOptionalPropertyTypes (a field is absent, never `undefined`).
// readonly arrays: an `OutMessage` built by the core can be passed as it is.
const fieldSchema = z.object({ name: z.string(), value: z.string(), inline: z.boolean().exactOptional() });

const controlsSchema = z.object({
  motionId: z.string().min(1),
  motionNumber: z.number().int().nonnegative(),
  assemblyId: z.string().min(1),
  method: z.enum(METHODS),
  options: z.array(z.string()).readonly(),
  seats: z.number().int().positive(),
  secret: z.boolean(),
  closed: z.boolean(),
});

/**
 * `OutMessage` as stored JSON: a queued message is re-checked in the worker
 * before it reaches a renderer. Typed as the model itself, so the compiler
 * refuses a schema that parses to something else; a field added to
 * `OutMessage` must still be added here, or parsing strips it.
 */
export const outMessageSchema: z.ZodType<OutMessage, OutMessage> = z.object({
  title: z.string(),
  body: z.string().exactOptional(),
  fields: z.array(fieldSchema).readonly().exactOptional(),
  tone: z.enum(['info', 'success', 'warning', 'error']).exactOptional(),
  visibility: z.enum(['personal', 'public']),
  controls: controlsSchema.exactOptional(),
  ref: z.string().exactOptional(),
  attachment: z.object({ filename: z.string().min(1), content: z.string() }).exactOptional(),
  chainHead: z.object({ assembly: z.string(), seq: z.number().int().nonnegative(), hash: z.string().regex(/^[0-9a-f]{64}$/) }).exactOptional(),
  discussion: z.object({ title: z.string() }).exactOptional(),
});

function platformSendSchema<P extends Platform>(platform: P) {
  const item = z.object({
    /** Unique per message and room; also the platform-side idempotency key (Discord nonce, Matrix txn id). */
    key: z.string().min(1).max(MAX_DELIVERY_KEY_LENGTH),
    room: z.object({ platform: z.literal(platform), roomId: z.string().min(1), serverId: z.string().exactOptional() }),
    message: outMessageSchema,
    /** `room.roomId` is an account, not a room: a direct message to that person. */
    direct: z.literal(true).exactOptional(),
  });
  return z.object({
    /** The outbox row this job carries, finished once every item is sent. */
    dedupeKey: z.string().min(1),
    platform: z.literal(platform),
    // Distinct keys: one claim statement cannot take the same key twice.
    items: z
      .array(item)
      .min(1)
      .max(MAX_ITEMS_PER_SEND)
      .refine((items) => new Set(items.map((i) => i.key)).size === items.length, 'item keys must be distinct')
      .readonly(),
  });
}

export type PlatformSendSchema<P extends Platform = Platform> = ReturnType<typeof platformSendSchema<P>>;
export type PlatformSendPayload<P extends Platform = Platform> = z.output<PlatformSendSchema<P>>;
export type PlatformSendItem = PlatformSendPayload['items'][number];
export type PlatformSendDefinition<P extends Platform = Platform> = JobDefinition<PlatformSendSchema<P>>;

/**
 * One lane per platform, because each platform's limit is its own: a Discord
 * 429 must not hold back Matrix. BullMQ's limiter counts job starts across
 * every worker process of a lane, so the limit holds for the whole fleet.
 */
export const platformLanes: Readonly<Record<Platform, LaneDefinition>> = Object.freeze({
  // 5 jobs x 10 items = 50 requests/s, Discord's global budget per bot token.
  discord: defineLane({ name: 'platform.discord', rateLimit: { max: 5, durationMs: 1000 } }),
  // Homeservers limit sends per user (Synapse by default 0.2/s, burst 10; bot accounts are usually
  // exempted by the admin). 2 jobs/s is modest for an exempted bot; any 429 pauses the lane as asked.
  matrix: defineLane({ name: 'platform.matrix', rateLimit: { max: 2, durationMs: 1000 } }),
  // Printing has no limit.
  console: defineLane({ name: 'platform.console' }),
});

function platformSendJob<P extends Platform>(platform: P): PlatformSendDefinition<P> {
  return defineJob({ name: `platform.send.${platform}`, version: 1, payload: platformSendSchema(platform), lane: platformLanes[platform] });
}

const definitions: { readonly [P in Platform]: PlatformSendDefinition<P> } = {
  discord: platformSendJob('discord'),
  matrix: platformSendJob('matrix'),
  console: platformSendJob('console'),
};

/** The job that posts up to ten messages in rooms of one platform (outbox kind `platform.send`). */
export function platformSendDefinition<P extends Platform>(platform: P): PlatformSendDefinition<P> {
  return definitions[platform];
}
