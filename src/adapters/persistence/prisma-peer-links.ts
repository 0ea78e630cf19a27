import type { CountedDecision, DeploymentKeyRow, HostedAssembly, InboundEvent, InboxEntry, InboxStatus, Lane, MemberCountReport, Peer, PeerLinkStore, SettledStatus } from '../../core/ports/peer-link-store.port.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { xactLockSql } from './advisory-lock.js';
import type { Db } from './prisma-store-reads.js';

const LANE_LOCK = xactLockSql('federation-lane');

/** Holds the (room, sender) lane until the transaction `db` runs in ends. */
export async function lockLaneOn(db: Db, roomId: string, sender: string): Promise<void> {
  await db.$queryRawUnsafe(LANE_LOCK, `${roomId} ${sender}`);
}

// Each method is one or two statements on its own (no domain transaction):
// the uniqueness the protocol relies on (one event per idempotency key, one
// per lane seq, one counted decision per version) is the database's.

const RECEIVE = `
  INSERT INTO federation_inbox (idempotency_key, room_id, sender, seq, event_type, content, status, received_at)
  VALUES ($1, $2, $3, $4::int8, $5, $6::jsonb, 'pending', $7::timestamptz)
  ON CONFLICT DO NOTHING RETURNING idempotency_key`;

const ENTRY_COLS = `idempotency_key, room_id, sender, seq::int8 AS seq, event_type, content, status, note, received_at, settled_at`;

const ENSURE_LANE = `INSERT INTO federation_lane (room_id, sender, next_seq) VALUES ($1, $2, 1) ON CONFLICT DO NOTHING`;

// Compare-and-set: the lane moves only from `seq`, and only when that event is pending.
const SETTLE = `
  WITH moved AS (
    UPDATE federation_lane SET next_seq = next_seq + 1
    WHERE room_id = $1 AND sender = $2 AND next_seq = $3::int8
      AND EXISTS (SELECT 1 FROM federation_inbox WHERE room_id = $1 AND sender = $2 AND seq = $3::int8 AND status = 'pending')
    RETURNING 1)
  UPDATE federation_inbox SET status = $4, note = $5, settled_at = $6::timestamptz
  WHERE room_id = $1 AND sender = $2 AND seq = $3::int8 AND status = 'pending' AND EXISTS (SELECT 1 FROM moved)
  RETURNING idempotency_key`;

const LANE_COLS = `room_id, sender, next_seq::int8 AS next_seq, gap_since, resend_asked_at`;

interface EntryRow {
  idempotency_key: string;
  room_id: string;
  sender: string;
  seq: bigint | number | string;
  event_type: string;
  content: Record<string, unknown>;
  status: string;
  note: string | null;
  received_at: Date;
  settled_at: Date | null;
}
interface LaneRow {
  room_id: string;
  sender: string;
  next_seq: bigint | number | string;
  gap_since: Date | null;
  resend_asked_at: Date | null;
}
interface PeerRow {
  deployment: string;
  bot_user_id: string;
  name: string;
  status: string;
  last_heartbeat_at: Date | null;
  created_at: Date;
}
interface KeyRow {
  deployment: string;
  key_id: string;
  public_key: string;
  bot_user_id: string;
  valid_from: Date;
  previous_key_id: string | null;
  rotation_signature: string | null;
  retired_at: Date | null;
}
interface HostedRow {
  assembly: string;
  deployment: string;
  federation: string;
  parent_assembly: string;
  link_room_id: string;
}

const STATUSES: readonly InboxStatus[] = ['pending', 'applied', 'recorded', 'refused', 'ignored'];
const date = (d: Date | string | null): Date | null => (d === null ? null : new Date(d));
const toEntry = (r: EntryRow): InboxEntry => ({
  idempotencyKey: r.idempotency_key,
  roomId: r.room_id,
  sender: r.sender,
  seq: Number(r.seq),
  eventType: r.event_type,
  content: typeof r.content === 'string' ? (JSON.parse(r.content) as Record<string, unknown>) : r.content,
  status: STATUSES.find((s) => s === r.status) ?? 'pending',
  note: r.note,
  receivedAt: new Date(r.received_at),
  settledAt: date(r.settled_at),
});
const toLane = (r: LaneRow): Lane => ({ roomId: r.room_id, sender: r.sender, nextSeq: Number(r.next_seq), gapSince: date(r.gap_since), resendAskedAt: date(r.resend_asked_at) });
const toPeer = (r: PeerRow): Peer => ({ deployment: r.deployment, botUserId: r.bot_user_id, name: r.name, status: r.status === 'dormant' ? 'dormant' : 'active', lastHeartbeatAt: date(r.last_heartbeat_at), createdAt: new Date(r.created_at) });
const toKey = (r: KeyRow): DeploymentKeyRow => ({
  deployment: r.deployment,
  keyId: r.key_id,
  publicKey: r.public_key,
  botUserId: r.bot_user_id,
  validFrom: new Date(r.valid_from),
  previousKeyId: r.previous_key_id,
  rotationSignature: r.rotation_signature,
  retiredAt: date(r.retired_at),
});

/** `PeerLinkStore` on PostgreSQL/PGlite (tables `federation_*`). */
export class PrismaPeerLinks implements PeerLinkStore {
  constructor(
    private readonly db: Db,
    /** The client that opens transactions; absent when `db` is already one. */
    private readonly root?: PrismaClient,
    private readonly timeoutMs = 30_000,
  ) {}

  async withLane<T>(roomId: string, sender: string, fn: (links: PeerLinkStore) => Promise<T>): Promise<T> {
    const locked = async (tx: Db): Promise<T> => {
      await lockLaneOn(tx, roomId, sender);
      return fn(tx === this.db ? this : new PrismaPeerLinks(tx));
    };
    if (!this.root) return locked(this.db);
    return this.root.$transaction((tx) => locked(tx), { maxWait: this.timeoutMs, timeout: this.timeoutMs });
  }

  async receiveInbound(e: InboundEvent, now: Date): Promise<'new' | 'duplicate' | 'seq-taken'> {
    const rows = await this.db.$queryRawUnsafe<unknown[]>(RECEIVE, e.idempotencyKey, e.roomId, e.sender, e.seq, e.eventType, JSON.stringify(e.content), now.toISOString());
    if (rows.length > 0) return 'new';
    // Read after the insert gave way, in a statement of its own: a concurrent insert of the same key has committed by now.
    const dup = await this.db.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM federation_inbox WHERE idempotency_key = $1`, e.idempotencyKey);
    return dup.length > 0 ? 'duplicate' : 'seq-taken';
  }

  async inboxEntry(key: string): Promise<InboxEntry | null> {
    const rows = await this.db.$queryRawUnsafe<EntryRow[]>(`SELECT ${ENTRY_COLS} FROM federation_inbox WHERE idempotency_key = $1`, key);
    return rows[0] ? toEntry(rows[0]) : null;
  }

  async lane(roomId: string, sender: string): Promise<Lane> {
    const rows = await this.db.$queryRawUnsafe<LaneRow[]>(`SELECT ${LANE_COLS} FROM federation_lane WHERE room_id = $1 AND sender = $2`, roomId, sender);
    return rows[0] ? toLane(rows[0]) : { roomId, sender, nextSeq: 1, gapSince: null, resendAskedAt: null };
  }

  async pendingFrom(roomId: string, sender: string, fromSeq: number, limit: number): Promise<readonly InboxEntry[]> {
    const rows = await this.db.$queryRawUnsafe<EntryRow[]>(
      `SELECT ${ENTRY_COLS} FROM federation_inbox WHERE room_id = $1 AND sender = $2 AND status = 'pending' AND seq >= $3::int8 ORDER BY seq LIMIT $4::int`,
      roomId,
      sender,
      fromSeq,
      limit,
    );
    return rows.map(toEntry);
  }

  async settleInbound(roomId: string, sender: string, seq: number, status: SettledStatus, note: string | null, now: Date): Promise<boolean> {
    await this.db.$executeRawUnsafe(ENSURE_LANE, roomId, sender);
    const rows = await this.db.$queryRawUnsafe<unknown[]>(SETTLE, roomId, sender, seq, status, note, now.toISOString());
    return rows.length > 0;
  }

  async setLaneGap(roomId: string, sender: string, gapSince: Date | null, resendAskedAt: Date | null): Promise<void> {
    await this.db.$executeRawUnsafe(
      `INSERT INTO federation_lane (room_id, sender, next_seq, gap_since, resend_asked_at) VALUES ($1, $2, 1, $3::timestamptz, $4::timestamptz)
       ON CONFLICT (room_id, sender) DO UPDATE SET gap_since = EXCLUDED.gap_since, resend_asked_at = EXCLUDED.resend_asked_at`,
      roomId,
      sender,
      gapSince?.toISOString() ?? null,
      resendAskedAt?.toISOString() ?? null,
    );
  }

  async lanesIn(roomId: string): Promise<readonly Lane[]> {
    const rows = await this.db.$queryRawUnsafe<LaneRow[]>(`SELECT ${LANE_COLS} FROM federation_lane WHERE room_id = $1 ORDER BY sender`, roomId);
    return rows.map(toLane);
  }

  async gappedLanes(since: Date, limit: number): Promise<readonly Lane[]> {
    const rows = await this.db.$queryRawUnsafe<LaneRow[]>(`SELECT ${LANE_COLS} FROM federation_lane WHERE gap_since <= $1::timestamptz ORDER BY gap_since, room_id, sender LIMIT $2::int`, since.toISOString(), limit);
    return rows.map(toLane);
  }

  async upsertPeer(p: Pick<Peer, 'deployment' | 'botUserId' | 'name'>, now: Date): Promise<void> {
    await this.db.$executeRawUnsafe(
      `INSERT INTO federation_peer (deployment, bot_user_id, name, status, created_at) VALUES ($1, $2, $3, 'active', $4::timestamptz)
       ON CONFLICT (deployment) DO UPDATE SET bot_user_id = EXCLUDED.bot_user_id, name = EXCLUDED.name`,
      p.deployment,
      p.botUserId,
      p.name,
      now.toISOString(),
    );
  }

  async peer(deployment: string): Promise<Peer | null> {
    const rows = await this.db.$queryRawUnsafe<PeerRow[]>(`SELECT * FROM federation_peer WHERE deployment = $1`, deployment);
    return rows[0] ? toPeer(rows[0]) : null;
  }

  async markHeartbeat(deployment: string, at: Date): Promise<void> {
    await this.db.$executeRawUnsafe(
      `UPDATE federation_peer SET status = 'active', last_heartbeat_at = GREATEST(COALESCE(last_heartbeat_at, $2::timestamptz), $2::timestamptz) WHERE deployment = $1`,
      deployment,
      at.toISOString(),
    );
  }

  async markDormant(cutoff: Date): Promise<readonly string[]> {
    const rows = await this.db.$queryRawUnsafe<{ deployment: string }[]>(
      `UPDATE federation_peer SET status = 'dormant' WHERE status = 'active' AND COALESCE(last_heartbeat_at, created_at) < $1::timestamptz RETURNING deployment`,
      cutoff.toISOString(),
    );
    return rows.map((r) => r.deployment).sort();
  }

  async addDeploymentKey(k: DeploymentKeyRow): Promise<boolean> {
    const rows = await this.db.$queryRawUnsafe<unknown[]>(
      `INSERT INTO federation_deployment_key (deployment, key_id, public_key, bot_user_id, valid_from, previous_key_id, rotation_signature, retired_at)
       VALUES ($1, $2, $3, $4, $5::timestamptz, $6, $7, $8::timestamptz) ON CONFLICT DO NOTHING RETURNING key_id`,
      k.deployment,
      k.keyId,
      k.publicKey,
      k.botUserId,
      k.validFrom.toISOString(),
      k.previousKeyId,
      k.rotationSignature,
      k.retiredAt?.toISOString() ?? null,
    );
    return rows.length > 0;
  }

  async retireDeploymentKey(deployment: string, keyId: string, at: Date): Promise<void> {
    await this.db.$executeRawUnsafe(`UPDATE federation_deployment_key SET retired_at = $3::timestamptz WHERE deployment = $1 AND key_id = $2 AND retired_at IS NULL`, deployment, keyId, at.toISOString());
  }

  async deploymentKeys(deployment: string): Promise<readonly DeploymentKeyRow[]> {
    const rows = await this.db.$queryRawUnsafe<KeyRow[]>(`SELECT * FROM federation_deployment_key WHERE deployment = $1 ORDER BY valid_from, key_id`, deployment);
    return rows.map(toKey);
  }

  async bindHostedAssembly(b: HostedAssembly, now: Date): Promise<'bound' | 'already' | 'other-host'> {
    const rows = await this.db.$queryRawUnsafe<unknown[]>(
      `INSERT INTO federation_hosted_assembly (assembly, deployment, federation, parent_assembly, link_room_id, bound_at)
       VALUES ($1, $2, $3, $4, $5, $6::timestamptz) ON CONFLICT DO NOTHING RETURNING assembly`,
      b.assembly,
      b.deployment,
      b.federation,
      b.parentAssembly,
      b.linkRoomId,
      now.toISOString(),
    );
    if (rows.length > 0) return 'bound';
    const held = await this.hostOf(b.assembly);
    return held?.deployment === b.deployment ? 'already' : 'other-host';
  }

  async hostOf(assembly: string): Promise<HostedAssembly | null> {
    const rows = await this.db.$queryRawUnsafe<HostedRow[]>(`SELECT assembly, deployment, federation, parent_assembly, link_room_id FROM federation_hosted_assembly WHERE assembly = $1`, assembly);
    const r = rows[0];
    return r ? { assembly: r.assembly, deployment: r.deployment, federation: r.federation, parentAssembly: r.parent_assembly, linkRoomId: r.link_room_id } : null;
  }

  async countedDecisions(proposal: string, version: number, limit: number): Promise<readonly CountedDecision[]> {
    const rows = await this.db.$queryRawUnsafe<{ assembly: string; proposal: string; version: number; idempotency_key: string }[]>(
      `SELECT assembly, proposal, version, idempotency_key FROM federation_counted_decision WHERE proposal = $1 AND version = $2::int ORDER BY assembly COLLATE "C" LIMIT $3::int`,
      proposal,
      version,
      limit,
    );
    return rows.map((r) => ({ assembly: r.assembly, proposal: r.proposal, version: r.version, idempotencyKey: r.idempotency_key }));
  }

  async countDecision(d: CountedDecision, now: Date): Promise<'counted' | 'replaced' | 'already'> {
    // xmax = 0 only on a fresh insert; an update (a later decision in place of the earlier) has it set.
    const rows = await this.db.$queryRawUnsafe<{ inserted: boolean }[]>(
      `INSERT INTO federation_counted_decision (assembly, proposal, version, idempotency_key, counted_at) VALUES ($1, $2, $3::int, $4, $5::timestamptz)
       ON CONFLICT (assembly, proposal, version) DO UPDATE SET idempotency_key = EXCLUDED.idempotency_key, counted_at = EXCLUDED.counted_at
       WHERE federation_counted_decision.idempotency_key <> EXCLUDED.idempotency_key
       RETURNING (xmax = 0) AS inserted`,
      d.assembly,
      d.proposal,
      d.version,
      d.idempotencyKey,
      now.toISOString(),
    );
    const r = rows[0];
    return !r ? 'already' : r.inserted ? 'counted' : 'replaced';
  }

  async recordMemberCount(assembly: string, chainSeq: number, members: number, now: Date): Promise<void> {
    await this.db.$executeRawUnsafe(
      `INSERT INTO federation_member_count (assembly, chain_seq, members, reported_at) VALUES ($1, $2::int8, $3::int, $4::timestamptz) ON CONFLICT DO NOTHING`,
      assembly,
      chainSeq,
      members,
      now.toISOString(),
    );
  }

  async memberCounts(assembly: string): Promise<readonly MemberCountReport[]> {
    const rows = await this.db.$queryRawUnsafe<{ chain_seq: bigint | number | string; members: number }[]>(`SELECT chain_seq::int8 AS chain_seq, members FROM federation_member_count WHERE assembly = $1 ORDER BY chain_seq`, assembly);
    return rows.map((r) => ({ chainSeq: Number(r.chain_seq), members: r.members }));
  }
}
