import { MatrixError, type DoubleEvent, type DoubleWorld } from './matrix-double-world.js';

/** The parts of a sync filter the double honours: timeline limit and types. */
export interface TimelineFilter {
  readonly limit: number;
  readonly types: readonly string[] | null;
}

export function parseFilter(raw: string | null): TimelineFilter {
  if (!raw?.startsWith('{')) return { limit: 10, types: null };
  const f = JSON.parse(raw) as { room?: { timeline?: { limit?: number; types?: string[] } } };
  return { limit: f.room?.timeline?.limit ?? 10, types: f.room?.timeline?.types ?? null };
}

export const token = (pos: number): string => `s${String(pos)}`;

export function parseToken(t: string | null, fallback: number): number {
  if (t === null) return fallback;
  const m = /^s(\d+)$/.exec(t);
  if (!m) throw new MatrixError(400, 'M_INVALID_PARAM', `bad token ${t}`);
  return Number(m[1]);
}

const wire = (e: DoubleEvent): Record<string, unknown> => ({
  event_id: e.event_id,
  type: e.type,
  sender: e.sender,
  content: e.content,
  origin_server_ts: e.origin_server_ts,
  ...(e.state_key === undefined ? {} : { state_key: e.state_key }),
});

const stripped = (e: DoubleEvent): Record<string, unknown> => ({ type: e.type, sender: e.sender, state_key: e.state_key, content: e.content });

/**
 * A /sync response for `userId` since stream position `since` (null: initial
 * sync). Joined rooms with news get their timeline (filtered, limited to the
 * last `limit` events with `limited` and `prev_batch` when more matched) and,
 * when the user joined in this window, the room's state; invitations come
 * with stripped state.
 */
export function buildSync(world: DoubleWorld, userId: string, since: number | null, filter: TimelineFilter): { body: Record<string, unknown>; empty: boolean } {
  const join: Record<string, unknown> = {};
  const invite: Record<string, unknown> = {};
  const from = since ?? 0;
  for (const room of world.rooms.values()) {
    const member = world.stateEvent(room.id, 'm.room.member', userId);
    if (!member) continue;
    const membership = member.content.membership;
    if (membership === 'invite' && member.pos > from) {
      const shown = ['m.room.create', 'm.room.join_rules', 'm.room.name'].map((t) => world.stateEvent(room.id, t, '')).filter((e): e is DoubleEvent => e !== undefined);
      invite[room.id] = { invite_state: { events: [...shown, member].map(stripped) } };
      continue;
    }
    if (membership !== 'join') continue;
    const matching = room.events.filter((e) => e.pos > from && (filter.types === null || filter.types.includes(e.type)));
    const newlyJoined = since === null || member.pos > from;
    if (matching.length === 0 && !newlyJoined) continue;
    const timeline = matching.slice(-filter.limit);
    const first = timeline[0];
    const limited = matching.length > timeline.length;
    const inTimeline = new Set(timeline.map((e) => e.event_id));
    const state = newlyJoined ? [...room.state.values()].filter((e) => !inTimeline.has(e.event_id)).map(wire) : [];
    join[room.id] = {
      timeline: { events: timeline.map(wire), limited, ...(first ? { prev_batch: token(first.pos - 1) } : {}) },
      state: { events: state },
    };
  }
  const empty = Object.keys(join).length === 0 && Object.keys(invite).length === 0;
  return { body: { next_batch: token(world.pos), rooms: { join, invite, leave: {} } }, empty };
}

/** GET /rooms/{roomId}/messages: `dir=b` pages back from `from` (default: now) and stops at `to`. */
export function buildMessages(world: DoubleWorld, roomId: string, q: URLSearchParams): Record<string, unknown> {
  const room = world.room(roomId);
  const dir = q.get('dir') ?? 'b';
  const limit = Math.min(Number(q.get('limit') ?? '10'), 1000);
  const fromPos = parseToken(q.get('from'), world.pos);
  const toPos = q.get('to') === null ? null : parseToken(q.get('to'), 0);
  const events =
    dir === 'b'
      ? room.events.filter((e) => e.pos <= fromPos && (toPos === null || e.pos > toPos)).reverse()
      : room.events.filter((e) => e.pos > fromPos && (toPos === null || e.pos <= toPos));
  const chunk = events.slice(0, limit);
  const last = chunk.at(-1);
  const more = events.length > chunk.length && last !== undefined;
  return { chunk: chunk.map(wire), start: token(fromPos), ...(more ? { end: token(dir === 'b' ? last.pos - 1 : last.pos) } : {}) };
}

export const wireEvent = wire;
