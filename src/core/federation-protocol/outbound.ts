import type { LinkRequest, OutboundEvent, OutboundEventInput } from '../ports/federation-link.port.js';
import { IDEMPOTENCY_KEY } from './envelope.js';
import { EVENT_BODIES, isKnownEventType, STATE_EVENT_TYPES } from './events.js';

/**
 * What every `PeerOutbox.enqueue` checks before an event takes a seq: a known
 * type, a body its schema accepts, a valid idempotency key, and a state key
 * exactly on the state types. The relay builds these from its own data, so a
 * failure is a bug: thrown, and the enqueueing transaction rolls back.
 */
export function assertOutbound(e: OutboundEventInput): void {
  if (!isKnownEventType(e.type)) throw new Error(`federation outbox: unknown event type ${String(e.type)}`);
  if (!IDEMPOTENCY_KEY.test(e.idempotencyKey)) throw new Error(`federation outbox: invalid idempotency key ${JSON.stringify(e.idempotencyKey)}`);
  if (!/^![^\s:]{1,255}:[^\s]{1,255}$/.test(e.roomId)) throw new Error(`federation outbox: invalid room id ${JSON.stringify(e.roomId)}`);
  const state = STATE_EVENT_TYPES.has(e.type);
  const stateKey = e.stateKey ?? null;
  if (state !== (stateKey !== null)) throw new Error(`federation outbox: ${e.type} ${state ? 'needs' : 'takes no'} state key`);
  const parsed = EVENT_BODIES[e.type].safeParse(e.body);
  if (!parsed.success) throw new Error(`federation outbox: ${e.type}: ${parsed.error.issues[0]?.message ?? 'invalid body'}`);
}

/** The order unsent events go out in: rooms by their oldest unsent event, each room's events by seq. */
export function sendOrder(unsent: readonly OutboundEvent[]): OutboundEvent[] {
  const first = new Map<string, number>();
  for (const e of unsent) first.set(e.roomId, Math.min(first.get(e.roomId) ?? Infinity, e.createdAt.getTime()));
  const at = (e: OutboundEvent): number => first.get(e.roomId) ?? 0;
  return [...unsent].sort((a, b) => at(a) - at(b) || (a.roomId < b.roomId ? -1 : a.roomId > b.roomId ? 1 : a.seq - b.seq));
}

export const LINK_REQUEST_STATUSES: readonly LinkRequest['status'][] = ['pending', 'room-open', 'joined', 'refused'];
