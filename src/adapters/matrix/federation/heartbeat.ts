import type { ChainHeadWire } from '../../../core/federation-protocol/events.js';
import type { DeploymentIdentity, PeerOutbox } from '../../../core/ports/federation-link.port.js';
import type { Logger } from '../../../core/ports/logger.port.js';
import type { PeerLinkStore } from '../../../core/ports/peer-link-store.port.js';
import { hash24 } from './inbound.js';

export type HeadsOf = (roomId: string) => Promise<readonly (ChainHeadWire & { readonly assembly: string })[]>;

export interface HeartbeatOptions {
  readonly outbox: PeerOutbox;
  readonly links: PeerLinkStore;
  readonly identity: DeploymentIdentity;
  readonly log: Logger;
  readonly periodMs: number;
  readonly dormantAfterMs: number;
  /** The chain heads this deployment reports in a room (the relay's; none by default). */
  readonly heads?: HeadsOf;
  /** Rooms that take no heartbeat (announce rooms: only the root may post there, and nothing there needs one). */
  readonly skip?: (roomId: string) => Promise<boolean>;
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
    const lanes = (await o.links.lanesIn(roomId)).filter((l) => l.sender !== o.identity.deployment);
    const lastReceived = Math.max(0, ...lanes.map((l) => l.nextSeq - 1));
    const heads = o.heads ? await o.heads(roomId) : [];
    const [e] = await o.outbox.enqueue([{ roomId, type: 'org.plenary.heartbeat', body: { heads: [...heads], last_seq_received: lastReceived }, idempotencyKey: `hb/${hash24(roomId)}/${String(o.periodMs)}/${String(period)}` }], now);
    if (e && e.createdAt.getTime() === now.getTime()) sent++;
  }
  const dormant = await o.links.markDormant(new Date(now.getTime() - o.dormantAfterMs));
  if (dormant.length > 0) o.log.warn({ dormant }, 'federation: peers silent too long are dormant (their subtrees stay pending)');
  return { sent, dormant };
}
