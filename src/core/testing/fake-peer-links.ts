import type { CountedDecision, DeploymentKeyRow, HostedAssembly, InboundEvent, InboxEntry, Lane, MemberCountReport, Peer, PeerLinkStore, SettledStatus } from '../ports/peer-link-store.port.js';

const laneKey = (roomId: string, sender: string): string => `${roomId}\u0000${sender}`;
const seqKey = (roomId: string, sender: string, seq: number): string => `${laneKey(roomId, sender)}\u0000${seq}`;

/**
 * In-memory `PeerLinkStore`, the contract of the federation_* tables
 * (test/support/store-peer-links.conformance.ts). Each method runs with no
 * await inside, so each is atomic like the one statement it stands for.
 */
export class FakePeerLinks implements PeerLinkStore {
  private readonly inbox = new Map<string, InboxEntry>();
  private readonly bySeq = new Map<string, string>();
  private readonly lanes = new Map<string, Lane>();
  private readonly peers = new Map<string, Peer>();
  private readonly keys = new Map<string, DeploymentKeyRow>();
  private readonly hosted = new Map<string, HostedAssembly>();
  private readonly countedRows: CountedDecision[] = [];
  private readonly counts = new Map<string, MemberCountReport[]>();
  private readonly laneLocks = new Map<string, Promise<unknown>>();

  withLane<T>(roomId: string, sender: string, fn: (links: PeerLinkStore) => Promise<T>): Promise<T> {
    const key = laneKey(roomId, sender);
    const run = (this.laneLocks.get(key) ?? Promise.resolve()).then(() => fn(this));
    const settled = run.catch(() => undefined);
    this.laneLocks.set(key, settled);
    void settled.then(() => {
      if (this.laneLocks.get(key) === settled) this.laneLocks.delete(key);
    });
    return run;
  }

  receiveInbound(e: InboundEvent, now: Date): Promise<'new' | 'duplicate' | 'seq-taken'> {
    if (this.inbox.has(e.idempotencyKey)) return Promise.resolve('duplicate');
    const sk = seqKey(e.roomId, e.sender, e.seq);
    if (this.bySeq.has(sk)) return Promise.resolve('seq-taken');
    this.inbox.set(e.idempotencyKey, { ...e, content: structuredClone(e.content), status: 'pending', note: null, receivedAt: now, settledAt: null });
    this.bySeq.set(sk, e.idempotencyKey);
    return Promise.resolve('new');
  }

  inboxEntry(key: string): Promise<InboxEntry | null> {
    return Promise.resolve(this.inbox.get(key) ?? null);
  }

  lane(roomId: string, sender: string): Promise<Lane> {
    return Promise.resolve(this.laneOf(roomId, sender));
  }

  pendingFrom(roomId: string, sender: string, fromSeq: number, limit: number): Promise<readonly InboxEntry[]> {
    const out = [...this.inbox.values()].filter((e) => e.roomId === roomId && e.sender === sender && e.status === 'pending' && e.seq >= fromSeq).sort((a, b) => a.seq - b.seq);
    return Promise.resolve(out.slice(0, limit));
  }

  settleInbound(roomId: string, sender: string, seq: number, status: SettledStatus, note: string | null, now: Date): Promise<boolean> {
    const lane = this.laneOf(roomId, sender);
    const key = this.bySeq.get(seqKey(roomId, sender, seq));
    const entry = key === undefined ? undefined : this.inbox.get(key);
    if (lane.nextSeq !== seq || !entry || entry.status !== 'pending') return Promise.resolve(false);
    this.inbox.set(entry.idempotencyKey, { ...entry, status, note, settledAt: now });
    this.lanes.set(laneKey(roomId, sender), { ...lane, nextSeq: seq + 1 });
    return Promise.resolve(true);
  }

  setLaneGap(roomId: string, sender: string, gapSince: Date | null, resendAskedAt: Date | null): Promise<void> {
    this.lanes.set(laneKey(roomId, sender), { ...this.laneOf(roomId, sender), gapSince, resendAskedAt });
    return Promise.resolve();
  }

  lanesIn(roomId: string): Promise<readonly Lane[]> {
    return Promise.resolve([...this.lanes.values()].filter((l) => l.roomId === roomId).sort((a, b) => (a.sender < b.sender ? -1 : 1)));
  }

  gappedLanes(since: Date, limit: number): Promise<readonly Lane[]> {
    const out = [...this.lanes.values()].filter((l) => l.gapSince && l.gapSince.getTime() <= since.getTime()).sort((a, b) => (a.gapSince?.getTime() ?? 0) - (b.gapSince?.getTime() ?? 0));
    return Promise.resolve(out.slice(0, limit));
  }

  upsertPeer(p: Pick<Peer, 'deployment' | 'botUserId' | 'name'>, now: Date): Promise<void> {
    const before = this.peers.get(p.deployment);
    this.peers.set(p.deployment, { status: 'active', lastHeartbeatAt: null, createdAt: now, ...before, ...p });
    return Promise.resolve();
  }

  peer(deployment: string): Promise<Peer | null> {
    return Promise.resolve(this.peers.get(deployment) ?? null);
  }

  markHeartbeat(deployment: string, at: Date): Promise<void> {
    const p = this.peers.get(deployment);
    if (p && (!p.lastHeartbeatAt || p.lastHeartbeatAt.getTime() < at.getTime())) this.peers.set(deployment, { ...p, lastHeartbeatAt: at, status: 'active' });
    else if (p) this.peers.set(deployment, { ...p, status: 'active' });
    return Promise.resolve();
  }

  markDormant(cutoff: Date): Promise<readonly string[]> {
    const out: string[] = [];
    for (const p of this.peers.values()) {
      if (p.status === 'active' && (p.lastHeartbeatAt ?? p.createdAt).getTime() < cutoff.getTime()) {
        this.peers.set(p.deployment, { ...p, status: 'dormant' });
        out.push(p.deployment);
      }
    }
    return Promise.resolve(out.sort());
  }

  addDeploymentKey(k: DeploymentKeyRow): Promise<boolean> {
    const key = laneKey(k.deployment, k.keyId);
    if (this.keys.has(key)) return Promise.resolve(false);
    this.keys.set(key, { ...k });
    return Promise.resolve(true);
  }

  retireDeploymentKey(deployment: string, keyId: string, at: Date): Promise<void> {
    const key = laneKey(deployment, keyId);
    const k = this.keys.get(key);
    if (k && !k.retiredAt) this.keys.set(key, { ...k, retiredAt: at });
    return Promise.resolve();
  }

  deploymentKeys(deployment: string): Promise<readonly DeploymentKeyRow[]> {
    return Promise.resolve([...this.keys.values()].filter((k) => k.deployment === deployment).sort((a, b) => a.validFrom.getTime() - b.validFrom.getTime() || (a.keyId < b.keyId ? -1 : 1)));
  }

  bindHostedAssembly(b: HostedAssembly): Promise<'bound' | 'already' | 'other-host'> {
    const before = this.hosted.get(b.assembly);
    if (before) return Promise.resolve(before.deployment === b.deployment ? 'already' : 'other-host');
    this.hosted.set(b.assembly, { ...b });
    return Promise.resolve('bound');
  }

  hostOf(assembly: string): Promise<HostedAssembly | null> {
    return Promise.resolve(this.hosted.get(assembly) ?? null);
  }

  countedDecisions(proposal: string, version: number, limit: number): Promise<readonly CountedDecision[]> {
    const rows = this.countedRows.filter((d) => d.proposal === proposal && d.version === version).sort((a, b) => (a.assembly < b.assembly ? -1 : a.assembly > b.assembly ? 1 : 0));
    return Promise.resolve(rows.slice(0, limit));
  }

  countDecision(d: CountedDecision): Promise<'counted' | 'replaced' | 'already'> {
    const at = this.countedRows.findIndex((r) => r.assembly === d.assembly && r.proposal === d.proposal && r.version === d.version);
    if (at >= 0 && this.countedRows[at]?.idempotencyKey === d.idempotencyKey) return Promise.resolve('already');
    if (at >= 0) {
      this.countedRows[at] = { ...d };
      return Promise.resolve('replaced');
    }
    this.countedRows.push({ ...d });
    return Promise.resolve('counted');
  }

  recordMemberCount(assembly: string, chainSeq: number, members: number): Promise<void> {
    const list = this.counts.get(assembly) ?? [];
    if (!list.some((r) => r.chainSeq === chainSeq)) this.counts.set(assembly, [...list, { chainSeq, members }].sort((a, b) => a.chainSeq - b.chainSeq));
    return Promise.resolve();
  }

  memberCounts(assembly: string): Promise<readonly MemberCountReport[]> {
    return Promise.resolve(this.counts.get(assembly) ?? []);
  }

  private laneOf(roomId: string, sender: string): Lane {
    return this.lanes.get(laneKey(roomId, sender)) ?? { roomId, sender, nextSeq: 1, gapSince: null, resendAskedAt: null };
  }
}
