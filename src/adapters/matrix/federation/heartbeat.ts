import type { ChainHeadWire, EventBody } from '../../../core/federation-protocol/events.js';
import type { DeploymentIdentity, PeerOutbox } from '../../../core/ports/federation-link.port.js';
import type { Logger } from '../../../core/ports/logger.port.js';
import type { PeerLinkStore } from '../../../core/ports/peer-link-store.port.js';
import { hash24 } from './inbound.js';

export type HeadsOf = (roomId: string) => Promise<readonly (ChainHeadWire & { readonly assembly: string })[]>;

export interface PositionBeatOptions {
  readonly outbox: PeerOutbox;
  readonly links: PeerLinkStore;
  readonly identity: DeploymentIdentity;
  /** The chain heads this deployment reports in a room (the relay's; none by default). */
  readonly heads?: HeadsOf;
  /** Rooms that take no heartbeat (announce rooms: only the root may post there, and nothing there needs one). */
  readonly skip?: (roomId: string) => Promise<boolean>;
}

export interface HeartbeatOptions extends PositionBeatOptions {
  readonly log: Logger;
  readonly periodMs: number;
  readonly dormantAfterMs: number;
}

/** The heartbeat's body in a room: the heads reported there and the highest seq applied from the peer. */
async function heartbeatIn(o: PositionBeatOptions, roomId: string): Promise<EventBody<'org.plenary.heartbeat'>> {
  const lanes = (await o.links.lanesIn(roomId)).filter((l) => l.sender !== o.identity.deployment);
  const heads = o.heads ? await o.heads(roomId) : [];
  return { heads: [...heads], last_seq_received: Math.max(0, ...lanes.map((l) => l.nextSeq - 1)) };
}

/**
 * A heartbeat that shows this deployment's position in a room: its own seq
 * follows everything sent there so far. Keyed by that position, so two
 * processes (or two triggers) at one position send one. False when nothing
 * was sent there yet, or that heartbeat exists.
 */
export async function positionBeat(o: PositionBeatOptions, roomId: string, now: Date): Promise<boolean> {
  if (await o.skip?.(roomId)) return false;
  const after = await o.outbox.lastSeq(roomId);
  if (after === 0) return false;
  const [e] = await o.outbox.enqueue([{ roomId, type: 'org.plenary.heartbeat', body: await heartbeatIn(o, roomId), idempotencyKey: `hb/${hash24(roomId)}/after/${String(after)}` }], now);
  return e?.seq === after + 1 && e.createdAt.getTime() === now.getTime();
}

/**
 * One `org.plenary.heartbeat` per link room and period, with the highest seq
 * applied from the peer there (the peer sends again what comes after it),
 * and the dormancy sweep: a peer silent for `dormantAfterMs` turns dormant.
 * The idempotency key names the period, so two processes send one heartbeat.
 */
export async function beat(o: HeartbeatOptions, now: Date): Promise<{ readonly sent: number; readonly dormant: readonly string[] }> {
  const period = Math.floor(now.getTime() / o.periodMs);
  let sent = 0;
  for (const roomId of await o.outbox.linkRooms()) {
    if (await o.skip?.(roomId)) continue;
    const [e] = await o.outbox.enqueue([{ roomId, type: 'org.plenary.heartbeat', body: await heartbeatIn(o, roomId), idempotencyKey: `hb/${hash24(roomId)}/${String(o.periodMs)}/${String(period)}` }], now);
    if (e && e.createdAt.getTime() === now.getTime()) sent++;
  }
  const dormant = await o.links.markDormant(new Date(now.getTime() - o.dormantAfterMs));
  if (dormant.length > 0) o.log.warn({ dormant }, 'federation: peers silent too long are dormant (their subtrees stay pending)');
  return { sent, dormant };
}
