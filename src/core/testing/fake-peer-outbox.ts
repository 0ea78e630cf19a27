import { assertOutbound, sendOrder } from '../federation-protocol/outbound.js';
import type { LinkRequest, OutboundEvent, OutboundEventInput, PeerOutbox } from '../ports/federation-link.port.js';
import type { FakeState } from './fake-store-state.js';

/**
 * `PeerOutbox` over `FakeStore`'s state: in a transaction (`StoreTx.peerOutbox`)
 * on its draft, so a rolled-back transaction leaves neither rows nor a used
 * seq; `FakeStore.peerOutbox` runs each call as a transaction of its own.
 */
export class FakePeerOutbox implements PeerOutbox {
  constructor(
    private readonly state: () => FakeState,
    private readonly newId: (prefix: string) => string,
  ) {}

  enqueue(events: readonly OutboundEventInput[], now: Date): Promise<readonly OutboundEvent[]> {
    try {
      for (const e of events) assertOutbound(e);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    const s = this.state();
    const out: OutboundEvent[] = [];
    for (const e of events) {
      const known = s.peerOut.get(e.idempotencyKey);
      if (known) {
        out.push(known);
        continue;
      }
      const seq = (s.peerOutSeq.get(e.roomId) ?? 0) + 1;
      s.peerOutSeq.set(e.roomId, seq);
      const row: OutboundEvent = { id: this.newId('out_'), roomId: e.roomId, type: e.type, body: structuredClone(e.body), idempotencyKey: e.idempotencyKey, stateKey: e.stateKey ?? null, seq, createdAt: now, sentAt: null, eventId: null };
      s.peerOut.set(e.idempotencyKey, row);
      out.push(row);
    }
    return Promise.resolve(out);
  }

  pending(limit: number): Promise<readonly OutboundEvent[]> {
    return Promise.resolve(sendOrder([...this.state().peerOut.values()].filter((e) => e.sentAt === null)).slice(0, limit));
  }

  markSent(sent: readonly { readonly id: string; readonly eventId: string }[], now: Date): Promise<void> {
    const s = this.state();
    const byId = new Map(sent.map((x) => [x.id, x.eventId]));
    for (const [key, e] of s.peerOut) {
      const eventId = byId.get(e.id);
      if (eventId !== undefined) s.peerOut.set(key, { ...e, sentAt: now, eventId });
    }
    return Promise.resolve();
  }

  completeBody(id: string, body: Readonly<Record<string, unknown>>): Promise<boolean> {
    const s = this.state();
    for (const [key, e] of s.peerOut) {
      if (e.id !== id || e.sentAt !== null) continue;
      assertOutbound({ ...e, body });
      s.peerOut.set(key, { ...e, body: structuredClone(body) });
      return Promise.resolve(true);
    }
    return Promise.resolve(false);
  }

  range(roomId: string, fromSeq: number, toSeq: number): Promise<readonly OutboundEvent[]> {
    const list = [...this.state().peerOut.values()].filter((e) => e.roomId === roomId && e.seq >= fromSeq && e.seq <= toSeq);
    return Promise.resolve(list.sort((a, b) => a.seq - b.seq));
  }

  lastSeq(roomId: string): Promise<number> {
    return Promise.resolve(this.state().peerOutSeq.get(roomId) ?? 0);
  }

  linkRooms(): Promise<readonly string[]> {
    const s = this.state();
    const rooms = new Set([...s.peerOutSeq.keys(), ...[...s.linkRequests.values()].flatMap((l) => (l.roomId && (l.status === 'room-open' || l.status === 'joined') ? [l.roomId] : []))]);
    return Promise.resolve([...rooms].sort());
  }

  requestLink(r: Omit<LinkRequest, 'id' | 'status' | 'roomId' | 'createdAt'>, now: Date): Promise<LinkRequest> {
    const s = this.state();
    const same = [...s.linkRequests.values()].find((l) => l.federation === r.federation && l.parentAssembly === r.parentAssembly && l.childAssembly === r.childAssembly);
    if (same && same.status !== 'refused') return Promise.resolve(same);
    const row: LinkRequest = same
      ? { ...same, parentDeployment: r.parentDeployment, parentBotUserId: r.parentBotUserId, status: 'pending', roomId: null }
      : { ...r, id: this.newId('link_'), status: 'pending', roomId: null, createdAt: now };
    s.linkRequests.set(row.id, row);
    return Promise.resolve(row);
  }

  openLinkRoom(federation: string, parentDeployment: string): Promise<string | null> {
    const open = [...this.state().linkRequests.values()].filter((l) => l.federation === federation && l.parentDeployment === parentDeployment && l.roomId !== null && (l.status === 'room-open' || l.status === 'joined'));
    open.sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime() || x.id.localeCompare(y.id));
    return Promise.resolve(open[0]?.roomId ?? null);
  }

  linkRequests(status: LinkRequest['status'], limit: number): Promise<readonly LinkRequest[]> {
    const list = [...this.state().linkRequests.values()].filter((l) => l.status === status);
    return Promise.resolve(list.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1)).slice(0, limit));
  }

  moveLinkRequest(id: string, from: LinkRequest['status'], to: LinkRequest['status'], roomId: string | null, _now: Date): Promise<boolean> {
    const s = this.state();
    const l = s.linkRequests.get(id);
    if (!l || l.status !== from) return Promise.resolve(false);
    s.linkRequests.set(id, { ...l, status: to, roomId: roomId ?? l.roomId });
    return Promise.resolve(true);
  }
}

/** A `PeerOutbox` whose every call runs in a transaction of its own (`FakeStore.peerOutbox`). */
export function transactionalPeerOutbox(run: <T>(fn: (outbox: PeerOutbox) => Promise<T>) => Promise<T>): PeerOutbox {
  return {
    enqueue: (events, now) => run((o) => o.enqueue(events, now)),
    pending: (limit) => run((o) => o.pending(limit)),
    markSent: (sent, now) => run((o) => o.markSent(sent, now)),
    completeBody: (id, body) => run((o) => o.completeBody(id, body)),
    range: (roomId, from, to) => run((o) => o.range(roomId, from, to)),
    lastSeq: (roomId) => run((o) => o.lastSeq(roomId)),
    linkRooms: () => run((o) => o.linkRooms()),
    requestLink: (r, now) => run((o) => o.requestLink(r, now)),
    linkRequests: (status, limit) => run((o) => o.linkRequests(status, limit)),
    openLinkRoom: (federation, parent) => run((o) => o.openLinkRoom(federation, parent)),
    moveLinkRequest: (id, from, to, roomId, now) => run((o) => o.moveLinkRequest(id, from, to, roomId, now)),
  };
}
