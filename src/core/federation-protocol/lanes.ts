import type { PeerLinkStore } from '../ports/peer-link-store.port.js';
import type { Store, StoreTx } from '../ports/store.port.js';

/**
 * Where an inbox lane is drained: `withLane` runs `fn` holding the lane's
 * lock, with the peer bookkeeping (`links`) and the transaction `tx` it is
 * bound to, so what applying an event writes — the peers' rows, the relay's
 * effects — commits together with the lane's settle, or not at all.
 */
export interface LaneHost<Tx> {
  /** Peer bookkeeping outside any lane (the receiver reads trusted keys here). */
  readonly links: PeerLinkStore;
  withLane<T>(roomId: string, sender: string, fn: (links: PeerLinkStore, tx: Tx) => Promise<T>): Promise<T>;
}

/** Lanes on the peer store alone (the transport's own tests): `tx` is that store. */
export function linkLanes(links: PeerLinkStore): LaneHost<PeerLinkStore> {
  return { links, withLane: (roomId, sender, fn) => links.withLane(roomId, sender, (bound) => fn(bound, bound)) };
}

/** Lanes drained inside `store.transaction`: the relay's effects join the settle (the full wiring). */
export function storeLanes(store: Store): LaneHost<StoreTx> {
  return {
    links: store.links,
    withLane: (roomId, sender, fn) =>
      store.transaction(async (tx) => {
        await tx.lockLane(roomId, sender);
        return fn(tx.links, tx);
      }),
  };
}

export const isLaneHost = <Tx>(x: LaneHost<Tx> | PeerLinkStore): x is LaneHost<Tx> => 'links' in x;
