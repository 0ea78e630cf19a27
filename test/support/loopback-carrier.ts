import { buildEnvelope, unwrapEnvelope, type PeerReceiver, type RawEvent } from '../../src/core/federation-protocol/index.js';
import { relayForCarrier } from '../../src/core/federation/remote/index.js';
import type { DeploymentIdentity } from '../../src/core/ports/federation-link.port.js';
import type { StoreTx } from '../../src/core/ports/store.port.js';
import type { CoreDeps } from '../../src/core/services/deps.js';

/** One deployment as the loopback carrier drives it. */
export interface Side {
  readonly deps: CoreDeps;
  readonly identity: DeploymentIdentity;
  readonly receiver: PeerReceiver<StoreTx>;
  /** Its homeserver's name (link rooms it opens are `!link<n>:<server>`). */
  readonly server: string;
}

/** A seeded generator, so a failing order can be replayed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

export function shuffle<T>(xs: readonly T[], random: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * The Matrix carrier reduced to what the protocol relies on, for in-process
 * tests of two deployments: it opens the link rooms asked for (calling
 * `relayForCarrier(deps).onLinkRoomOpened`), takes each deployment's unsent `peerOutbox` rows,
 * signs them with the deployment's real ed25519 key (`buildEnvelope`) and
 * hands them to the other deployment's `PeerReceiver` — all of a pass at
 * once, in shuffled order, some twice, as a homeserver catching up might.
 * What the receiver refused is read again on the next pass, as a carrier
 * re-reads a link room's history (docs/FEDERATION-PROTOCOL.md §3: a child's
 * event that overtakes its join is refused and read again afterwards).
 */
export class LoopbackCarrier {
  private rooms = 0;
  readonly delivered: { to: string; raw: RawEvent }[] = [];
  /** Events the receiver refused (a child's key state that overtook its join): read again from the room's history next pass. */
  private again: { to: Side; raw: RawEvent }[] = [];

  constructor(
    private readonly a: Side,
    private readonly b: Side,
    private readonly random: () => number,
  ) {}

  /** One pass; returns how many events moved. */
  async pass(now: Date): Promise<number> {
    for (const side of [this.a, this.b]) {
      for (const req of await side.deps.store.peerOutbox.linkRequests('pending', 50)) {
        const roomId = `!link${String(++this.rooms)}:${side.server}`;
        if (await side.deps.store.peerOutbox.moveLinkRequest(req.id, 'pending', 'room-open', roomId, now)) await relayForCarrier(side.deps).onLinkRoomOpened({ ...req, status: 'room-open', roomId }, roomId);
      }
    }
    const out: { to: Side; raw: RawEvent }[] = [];
    for (const [from, to] of [[this.a, this.b], [this.b, this.a]] as const) {
      const pending = await from.deps.store.peerOutbox.pending(1000);
      for (const e of pending) {
        const env = unwrapEnvelope(buildEnvelope({ type: e.type, roomId: e.roomId, deployment: from.identity.deployment, idempotencyKey: e.idempotencyKey, seq: e.seq, sentAt: e.createdAt, body: e.body as never }, from.identity.signer));
        out.push({ to, raw: { type: e.type, sender: from.identity.botUserId, roomId: e.roomId, content: env, stateKey: e.stateKey ?? undefined } });
      }
      await from.deps.store.peerOutbox.markSent(pending.map((e, i) => ({ id: e.id, eventId: `$${from.server}-${String(e.seq)}-${String(i)}` })), now);
    }
    const retry = this.again;
    this.again = [];
    const deliveries = shuffle([...out, ...out.filter(() => this.random() < 0.5), ...retry], this.random);
    let reread = 0;
    for (const d of deliveries) {
      const r = await d.to.receiver.receive(d.raw, now);
      this.delivered.push({ to: d.to.identity.deployment, raw: d.raw });
      if (r.kind === 'refused') this.again.push(d);
      else if (retry.includes(d)) reread++;
    }
    return out.length + reread;
  }
}
