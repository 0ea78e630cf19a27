import { z } from 'zod';

/**
 * A room event as the bot sees it, parsed at the edge: homeservers relay
 * events from any server in the federation, so nothing raw goes further in.
 */
export interface RoomEvent {
  readonly eventId: string;
  readonly roomId: string;
  readonly type: string;
  readonly sender: string;
  readonly content: Readonly<Record<string, unknown>>;
  readonly originServerTs: number;
  readonly stateKey?: string;
  /**
   * Set on an `m.room.encrypted` event the bot's crypto could not decrypt:
   * why, in words for the sender. Never set by the homeserver (E2eeMatrixApi
   * strips the field from what arrives before it decrypts).
   */
  readonly undecryptable?: string;
}

/** Where E2eeMatrixApi notes, in a raw event's `unsigned`, why it could not decrypt it. */
export const UNDECRYPTABLE_FIELD = 'org.plenary.undecryptable';

/** An invitation for the bot, from the stripped state the homeserver sends with it. */
export interface Invite {
  readonly roomId: string;
  readonly inviter: string;
  readonly isDirect: boolean;
}

const rawEvent = z.object({
  event_id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  sender: z.string().min(1).max(255),
  content: z.record(z.string(), z.unknown()),
  origin_server_ts: z.number().optional(),
  state_key: z.string().optional(),
  unsigned: z.record(z.string(), z.unknown()).optional(),
});

const strippedEvent = z.object({
  type: z.string(),
  sender: z.string(),
  state_key: z.string().optional(),
  content: z.record(z.string(), z.unknown()),
});

/** Parses one raw event; malformed events (any server can send them) become null and are skipped. */
export function parseRoomEvent(roomId: string, raw: unknown): RoomEvent | null {
  const e = rawEvent.safeParse(raw);
  if (!e.success) return null;
  return {
    eventId: e.data.event_id,
    roomId,
    type: e.data.type,
    sender: e.data.sender,
    content: e.data.content,
    originServerTs: e.data.origin_server_ts ?? 0,
    ...(e.data.state_key === undefined ? {} : { stateKey: e.data.state_key }),
    ...(e.data.type === 'm.room.encrypted' && typeof e.data.unsigned?.[UNDECRYPTABLE_FIELD] === 'string' ? { undecryptable: e.data.unsigned[UNDECRYPTABLE_FIELD] } : {}),
  };
}

export function parseRoomEvents(roomId: string, raw: readonly unknown[]): RoomEvent[] {
  return raw.map((r) => parseRoomEvent(roomId, r)).filter((e): e is RoomEvent => e !== null);
}

/** Finds who invited `userId` from an invite's stripped state. */
export function parseInvite(roomId: string, userId: string, strippedState: readonly unknown[]): Invite | null {
  for (const raw of strippedState) {
    const e = strippedEvent.safeParse(raw);
    if (!e.success || e.data.type !== 'm.room.member' || e.data.state_key !== userId) continue;
    if (e.data.content.membership !== 'invite') continue;
    return { roomId, inviter: e.data.sender, isDirect: e.data.content.is_direct === true };
  }
  return null;
}

const timeline = z.object({ events: z.array(z.unknown()).default([]), limited: z.boolean().optional(), prev_batch: z.string().optional() });
const joinedRoom = z.object({ timeline: timeline.optional(), state: z.object({ events: z.array(z.unknown()).default([]) }).optional() });
const invitedRoom = z.object({ invite_state: z.object({ events: z.array(z.unknown()).default([]) }).optional() });

export const syncResponseSchema = z.object({
  next_batch: z.string().min(1),
  // What end-to-end encryption needs from a sync (E2eeMatrixApi hands them to the crypto; kept raw).
  to_device: z.object({ events: z.array(z.unknown()).default([]) }).optional(),
  device_lists: z.object({ changed: z.array(z.string()).default([]), left: z.array(z.string()).default([]) }).optional(),
  device_one_time_keys_count: z.record(z.string(), z.number()).optional(),
  device_unused_fallback_key_types: z.array(z.string()).optional(),
  'org.matrix.msc2732.device_unused_fallback_key_types': z.array(z.string()).optional(),
  rooms: z
    .object({
      join: z.record(z.string(), joinedRoom).optional(),
      invite: z.record(z.string(), invitedRoom).optional(),
    })
    .optional(),
});
export type SyncResponse = z.infer<typeof syncResponseSchema>;

export const messagesResponseSchema = z.object({ chunk: z.array(z.unknown()).default([]), end: z.string().optional() });

/** `m.relates_to` fields the bot reads: replies and references (poll responses). */
export function relatesTo(content: Readonly<Record<string, unknown>>): { relType?: string; eventId?: string; inReplyTo?: string } {
  const rel = content['m.relates_to'];
  if (typeof rel !== 'object' || rel === null) return {};
  const r = rel as Record<string, unknown>;
  const reply = r['m.in_reply_to'];
  const inReplyTo = typeof reply === 'object' && reply !== null ? (reply as Record<string, unknown>).event_id : undefined;
  return {
    ...(typeof r.rel_type === 'string' ? { relType: r.rel_type } : {}),
    ...(typeof r.event_id === 'string' ? { eventId: r.event_id } : {}),
    ...(typeof inReplyTo === 'string' ? { inReplyTo } : {}),
  };
}

/** A Matrix user id (`@local:server`), as accepted for `user` arguments. */
export const isUserId = (s: string): boolean => /^@[^\s:]+:[^\s]+$/.test(s) && s.length <= 255;

export const serverOf = (id: string): string => id.slice(id.indexOf(':') + 1);
