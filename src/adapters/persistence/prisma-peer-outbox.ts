import { randomUUID } from 'node:crypto';
import type { LinkRequest, OutboundEvent, OutboundEventInput, PeerOutbox } from '../../core/ports/federation-link.port.js';
import { assertOutbound, LINK_REQUEST_STATUSES } from '../../core/federation-protocol/outbound.js';
import type { EventType } from '../../core/federation-protocol/events.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { Db } from './prisma-store-reads.js';

const COLS = `id::text AS id, room_id, seq::int8 AS seq, event_type, body, idempotency_key, state_key, created_at, sent_at, event_id`;
const LINK_COLS = `id::text AS id, federation, parent_assembly, parent_deployment, parent_bot_user_id, child_assembly, status, room_id, created_at`;

// Locks the room's counter row until the enqueueing transaction ends (creating it at 0):
// every other enqueuer of the room waits here, so seqs are handed out one at a time.
const LOCK_COUNTER = `
  INSERT INTO federation_out_seq (room_id, last_seq) VALUES ($1, 0)
  ON CONFLICT (room_id) DO UPDATE SET last_seq = federation_out_seq.last_seq RETURNING last_seq::int8 AS last_seq`;
const TAKE_SEQ = `UPDATE federation_out_seq SET last_seq = last_seq + 1 WHERE room_id = $1 RETURNING last_seq::int8 AS last_seq`;
const GIVE_BACK_SEQ = `UPDATE federation_out_seq SET last_seq = last_seq - 1 WHERE room_id = $1 AND last_seq = $2::int8`;
const INSERT = `
  INSERT INTO federation_outbox (id, room_id, seq, event_type, body, idempotency_key, state_key, created_at)
  VALUES ($1::uuid, $2, $3::int8, $4, $5::jsonb, $6, $7, $8::timestamptz)
  ON CONFLICT (idempotency_key) DO NOTHING RETURNING ${COLS}`;
// Rooms by their oldest unsent event, then each room's events in seq order.
const PENDING = `
  SELECT o.id::text AS id, o.room_id, o.seq::int8 AS seq, o.event_type, o.body, o.idempotency_key, o.state_key, o.created_at, o.sent_at, o.event_id
  FROM federation_outbox o
  JOIN (SELECT room_id, min(created_at) AS first FROM federation_outbox WHERE sent_at IS NULL GROUP BY room_id) r ON r.room_id = o.room_id
  WHERE o.sent_at IS NULL ORDER BY r.first, o.room_id COLLATE "C", o.seq LIMIT $1::int`;

interface OutRow {
  id: string;
  room_id: string;
  seq: bigint | number | string;
  event_type: string;
  body: Record<string, unknown> | string;
  idempotency_key: string;
  state_key: string | null;
  created_at: Date;
  sent_at: Date | null;
  event_id: string | null;
}
interface LinkRow {
  id: string;
  federation: string;
  parent_assembly: string;
  parent_deployment: string;
  parent_bot_user_id: string;
  child_assembly: string;
  status: string;
  room_id: string | null;
  created_at: Date;
}

const toOut = (r: OutRow): OutboundEvent => ({
  id: r.id,
  roomId: r.room_id,
  seq: Number(r.seq),
  type: r.event_type as EventType,
  body: typeof r.body === 'string' ? (JSON.parse(r.body) as Record<string, unknown>) : r.body,
  idempotencyKey: r.idempotency_key,
  stateKey: r.state_key,
  createdAt: new Date(r.created_at),
  sentAt: r.sent_at === null ? null : new Date(r.sent_at),
  eventId: r.event_id,
});
const toLink = (r: LinkRow): LinkRequest => ({
  id: r.id,
  federation: r.federation,
  parentAssembly: r.parent_assembly,
  parentDeployment: r.parent_deployment,
  parentBotUserId: r.parent_bot_user_id,
  childAssembly: r.child_assembly,
  status: LINK_REQUEST_STATUSES.find((s) => s === r.status) ?? 'pending',
  roomId: r.room_id,
  createdAt: new Date(r.created_at),
});

/**
 * `PeerOutbox` on PostgreSQL/PGlite (tables `federation_outbox`,
 * `federation_out_seq`, `federation_link_request`). Bound to a transaction
 * (`StoreTx.peerOutbox`) an enqueue commits with the caller's writes; on the
 * root client (`Store.peerOutbox`) each enqueue runs in a transaction of its own.
 */
export class PrismaPeerOutbox implements PeerOutbox {
  constructor(
    private readonly db: Db,
    /** The client that opens transactions; absent when `db` is already one. */
    private readonly root?: PrismaClient,
  ) {}

  async enqueue(events: readonly OutboundEventInput[], now: Date): Promise<readonly OutboundEvent[]> {
    for (const e of events) assertOutbound(e);
    if (events.length === 0) return [];
    if (!this.root) return enqueueIn(this.db, events, now);
    return this.root.$transaction((tx) => enqueueIn(tx, events, now), { maxWait: 30_000, timeout: 30_000 });
  }

  async pending(limit: number): Promise<readonly OutboundEvent[]> {
    return (await this.db.$queryRawUnsafe<OutRow[]>(PENDING, limit)).map(toOut);
  }

  async markSent(sent: readonly { readonly id: string; readonly eventId: string }[], now: Date): Promise<void> {
    if (sent.length === 0) return;
    await this.db.$executeRawUnsafe(
      `UPDATE federation_outbox o SET sent_at = $3::timestamptz, event_id = s.event_id
       FROM unnest($1::uuid[], $2::text[]) AS s(id, event_id) WHERE o.id = s.id`,
      sent.map((s) => s.id),
      sent.map((s) => s.eventId),
      now.toISOString(),
    );
  }

  async completeBody(id: string, body: Readonly<Record<string, unknown>>): Promise<boolean> {
    const rows = await this.db.$queryRawUnsafe<OutRow[]>(`SELECT ${COLS} FROM federation_outbox WHERE id = $1::uuid AND sent_at IS NULL`, id);
    const row = rows[0];
    if (!row) return false;
    assertOutbound({ ...toOut(row), body });
    return (await this.db.$executeRawUnsafe(`UPDATE federation_outbox SET body = $2::jsonb WHERE id = $1::uuid AND sent_at IS NULL`, id, JSON.stringify(body))) > 0;
  }

  async range(roomId: string, fromSeq: number, toSeq: number): Promise<readonly OutboundEvent[]> {
    const rows = await this.db.$queryRawUnsafe<OutRow[]>(`SELECT ${COLS} FROM federation_outbox WHERE room_id = $1 AND seq BETWEEN $2::int8 AND $3::int8 ORDER BY seq`, roomId, fromSeq, toSeq);
    return rows.map(toOut);
  }

  async lastSeq(roomId: string): Promise<number> {
    const rows = await this.db.$queryRawUnsafe<{ last_seq: bigint | number | string }[]>(`SELECT last_seq::int8 AS last_seq FROM federation_out_seq WHERE room_id = $1`, roomId);
    return rows[0] ? Number(rows[0].last_seq) : 0;
  }

  async linkRooms(): Promise<readonly string[]> {
    const rows = await this.db.$queryRawUnsafe<{ room_id: string }[]>(
      `SELECT room_id FROM federation_out_seq UNION SELECT room_id FROM federation_link_request WHERE room_id IS NOT NULL AND status IN ('room-open', 'joined') ORDER BY 1`,
    );
    return rows.map((r) => r.room_id).sort();
  }

  async requestLink(r: Omit<LinkRequest, 'id' | 'status' | 'roomId' | 'createdAt'>, now: Date): Promise<LinkRequest> {
    // One request per (federation, parent, child); asking again after a refusal opens it again.
    const rows = await this.db.$queryRawUnsafe<LinkRow[]>(
      `INSERT INTO federation_link_request (id, federation, parent_assembly, parent_deployment, parent_bot_user_id, child_assembly, status, created_at, updated_at)
       VALUES ($1::uuid, $2, $3, $4, $5, $6, 'pending', $7::timestamptz, $7::timestamptz)
       ON CONFLICT (federation, parent_assembly, child_assembly) DO UPDATE
         SET status = CASE WHEN federation_link_request.status = 'refused' THEN 'pending' ELSE federation_link_request.status END,
             room_id = CASE WHEN federation_link_request.status = 'refused' THEN NULL ELSE federation_link_request.room_id END,
             parent_deployment = CASE WHEN federation_link_request.status = 'refused' THEN EXCLUDED.parent_deployment ELSE federation_link_request.parent_deployment END,
             parent_bot_user_id = CASE WHEN federation_link_request.status = 'refused' THEN EXCLUDED.parent_bot_user_id ELSE federation_link_request.parent_bot_user_id END,
             updated_at = EXCLUDED.updated_at
       RETURNING ${LINK_COLS}`,
      randomUUID(),
      r.federation,
      r.parentAssembly,
      r.parentDeployment,
      r.parentBotUserId,
      r.childAssembly,
      now.toISOString(),
    );
    const row = rows[0];
    if (!row) throw new Error('federation_link_request: upsert returned nothing');
    return toLink(row);
  }

  async openLinkRoom(federation: string, parentDeployment: string): Promise<string | null> {
    const rows = await this.db.$queryRawUnsafe<{ room_id: string }[]>(
      `SELECT room_id FROM federation_link_request WHERE federation = $1 AND parent_deployment = $2 AND room_id IS NOT NULL AND status IN ('room-open', 'joined') ORDER BY created_at, id LIMIT 1`,
      federation,
      parentDeployment,
    );
    return rows[0]?.room_id ?? null;
  }

  async linkRequests(status: LinkRequest['status'], limit: number): Promise<readonly LinkRequest[]> {
    const rows = await this.db.$queryRawUnsafe<LinkRow[]>(`SELECT ${LINK_COLS} FROM federation_link_request WHERE status = $1 ORDER BY created_at, id LIMIT $2::int`, status, limit);
    return rows.map(toLink);
  }

  async moveLinkRequest(id: string, from: LinkRequest['status'], to: LinkRequest['status'], roomId: string | null, now: Date): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
    const n = await this.db.$executeRawUnsafe(
      `UPDATE federation_link_request SET status = $3, room_id = COALESCE($4, room_id), updated_at = $5::timestamptz WHERE id = $1::uuid AND status = $2`,
      id,
      from,
      to,
      roomId,
      now.toISOString(),
    );
    return n > 0;
  }
}

async function enqueueIn(db: Db, events: readonly OutboundEventInput[], now: Date): Promise<OutboundEvent[]> {
  // Counters locked in one order (room id) whatever the input order: two enqueuers never deadlock.
  for (const room of [...new Set(events.map((e) => e.roomId))].sort()) await db.$queryRawUnsafe(LOCK_COUNTER, room);
  const out: OutboundEvent[] = [];
  for (const e of events) out.push(await enqueueOne(db, e, now));
  return out;
}

async function enqueueOne(db: Db, e: OutboundEventInput, now: Date): Promise<OutboundEvent> {
  const known = await byKey(db, e.idempotencyKey);
  if (known) return known;
  const taken = await db.$queryRawUnsafe<{ last_seq: bigint | number | string }[]>(TAKE_SEQ, e.roomId);
  const seq = Number(taken[0]?.last_seq);
  const rows = await db.$queryRawUnsafe<OutRow[]>(INSERT, randomUUID(), e.roomId, seq, e.type, JSON.stringify(e.body), e.idempotencyKey, e.stateKey ?? null, now.toISOString());
  if (rows[0]) return toOut(rows[0]);
  // The key was committed meanwhile by an enqueue into another room (this room's counter is ours alone): give the seq back.
  await db.$executeRawUnsafe(GIVE_BACK_SEQ, e.roomId, seq);
  const first = await byKey(db, e.idempotencyKey);
  if (!first) throw new Error(`federation outbox: ${e.idempotencyKey} neither inserted nor found`);
  return first;
}

async function byKey(db: Db, key: string): Promise<OutboundEvent | null> {
  const rows = await db.$queryRawUnsafe<OutRow[]>(`SELECT ${COLS} FROM federation_outbox WHERE idempotency_key = $1`, key);
  return rows[0] ? toOut(rows[0]) : null;
}
