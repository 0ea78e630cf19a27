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

/**
 * PostgreSQL's deadlock (40P01) and serialization failure (40001): the
 * transaction was rolled back whole, so running it again is safe.
 */
export const isTransientConflict = (e: unknown): boolean => /\b(40P01|40001)\b/.test(e instanceof Error ? `${e.message} ${JSON.stringify(e)}` : String(e));

/**
 * Lanes drained inside `store.transaction`: the relay's effects join the
 * settle (the full wiring). A drain that loses a deadlock to a relay step
 * running beside it is run again (up to `attempts` times), not left for a
 * resend a minute later.
 */
export function storeLanes(store: Store, attempts = 4): LaneHost<StoreTx> {
  const drain = <T>(roomId: string, sender: string, fn: (links: PeerLinkStore, tx: StoreTx) => Promise<T>): Promise<T> =>
    store.transaction(async (tx) => {
      await tx.lockLane(roomId, sender);
      return fn(tx.links, tx);
    });
  return {
    links: store.links,
    async withLane(roomId, sender, fn) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await drain(roomId, sender, fn);
        } catch (e) {
          if (attempt >= attempts || !isTransientConflict(e)) throw e;
          await new Promise((r) => setTimeout(r, 20 * attempt));
        }
      }
    },
  };
}

export const isLaneHost = <Tx>(x: LaneHost<Tx> | PeerLinkStore): x is LaneHost<Tx> => 'links' in x;
