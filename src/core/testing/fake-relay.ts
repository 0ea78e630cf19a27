import type { Assembly, Motion, RoomBinding } from '../model/entities.js';
import type { NewEvent, NewMotion, StoreTx } from '../ports/store.port.js';
import type { DecisionWrite, MemberAssembly, MemberCursor, NewReferral, OutboxWrite, RelayChild, RelayParent, RelayTx } from '../ports/relay-store.port.js';
import type { AgendaItem, AdoptionRule, Decision, Proposal, ProposalStatus, ProposalVersion, Referral, ReferralStatus, SubtreeTally } from '../relay/model.js';
import { asProposalId, type AssemblyId, type FederationId, type MotionId, type ProposalId } from '../shared/ids.js';
import type { FakeState } from './fake-store-state.js';

type Row = Referral & { dirtyGen: number; cleanGen: number; subtree?: boolean };
const vkey = (p: string, v: number): string => `${p}/${v}`;
const LIVE_REFERRAL: readonly ReferralStatus[] = ['pending', 'accepted', 'rejected', 'amend-requested'];

/**
 * The relay half of `FakeStore`'s transactions: the reference semantics of
 * `RelayTx` (the Prisma implementation does the same in a few set-based
 * statements). `tx` is the enclosing fake transaction (motions, events, outbox).
 */
export class FakeRelay implements RelayTx {
  constructor(
    private readonly s: () => FakeState,
    private readonly tx: StoreTx,
    private readonly newId: (prefix: string) => string,
  ) {}

  private rows(): Row[] {
    return [...this.s().referrals.values()];
  }
  private plain(r: Row | undefined): Referral | null {
    if (!r) return null;
    const { dirtyGen: _d, cleanGen: _c, subtree: _s, ...rest } = r;
    return rest;
  }

  proposal(id: ProposalId): Promise<Proposal | null> {
    return Promise.resolve(this.s().proposals.get(id) ?? null);
  }
  proposalByNumber(number: number): Promise<Proposal | null> {
    return Promise.resolve([...this.s().proposals.values()].find((p) => p.number === number) ?? null);
  }
  proposalsOf(originAssemblyId: AssemblyId, limit: number): Promise<readonly Proposal[]> {
    return Promise.resolve([...this.s().proposals.values()].filter((p) => p.originAssemblyId === originAssemblyId).sort((a, b) => b.number - a.number).slice(0, limit));
  }
  version(proposalId: ProposalId, version: number): Promise<ProposalVersion | null> {
    return Promise.resolve(this.s().versions.get(vkey(proposalId, version)) ?? null);
  }
  versions(proposalId: ProposalId): Promise<readonly ProposalVersion[]> {
    return Promise.resolve([...this.s().versions.values()].filter((v) => v.proposalId === proposalId).sort((a, b) => a.version - b.version));
  }
  referral(id: string): Promise<Referral | null> {
    return Promise.resolve(this.plain(this.s().referrals.get(id)));
  }
  referralFor(proposalId: ProposalId, version: number, assemblyId: AssemblyId): Promise<Referral | null> {
    return Promise.resolve(this.plain(this.rows().find((r) => r.proposalId === proposalId && r.version === version && r.assemblyId === assemblyId)));
  }
  rootReferral(proposalId: ProposalId, version: number): Promise<Referral | null> {
    return Promise.resolve(this.plain(this.rows().find((r) => r.proposalId === proposalId && r.version === version && r.depth === 0)));
  }
  childReferrals(parentReferralId: string, limit: number, after?: AssemblyId): Promise<readonly Referral[]> {
    const list = this.rows()
      .filter((r) => r.parentReferralId === parentReferralId && (after === undefined || r.assemblyId > after))
      .sort((a, b) => (a.assemblyId < b.assemblyId ? -1 : 1))
      .slice(0, limit);
    return Promise.resolve(list.map((r) => this.plain(r) as Referral));
  }
  referralsTo(assemblyId: AssemblyId, limit: number): Promise<readonly Referral[]> {
    const list = this.rows()
      .filter((r) => r.assemblyId === assemblyId && r.depth > 0)
      .sort((a, b) => (a.id < b.id ? 1 : -1))
      .slice(0, limit);
    return Promise.resolve(list.map((r) => this.plain(r) as Referral));
  }
  levelCounts(proposalId: ProposalId, version: number): Promise<readonly { depth: number; status: ReferralStatus; count: number }[]> {
    const counts = new Map<string, { depth: number; status: ReferralStatus; count: number }>();
    for (const r of this.rows()) {
      if (r.proposalId !== proposalId || r.version !== version) continue;
      const k = `${r.depth}/${r.status}`;
      const c = counts.get(k) ?? { depth: r.depth, status: r.status, count: 0 };
      counts.set(k, { ...c, count: c.count + 1 });
    }
    return Promise.resolve([...counts.values()].sort((a, b) => a.depth - b.depth || a.status.localeCompare(b.status)));
  }
  decided(proposalId: ProposalId, version: number, status: Decision, limit: number): Promise<readonly (Referral & { assemblyName: string })[]> {
    const list = this.rows()
      .filter((r) => r.proposalId === proposalId && r.version === version && r.status === status)
      .sort((a, b) => (a.decidedAt?.getTime() ?? 0) - (b.decidedAt?.getTime() ?? 0) || (a.id < b.id ? -1 : 1))
      .slice(0, limit);
    return Promise.resolve(list.map((r) => ({ ...(this.plain(r) as Referral), assemblyName: this.s().assemblies.get(r.assemblyId)?.name ?? '?' })));
  }
  dueProposals(now: Date, limit: number): Promise<readonly Proposal[]> {
    return Promise.resolve([...this.s().proposals.values()].filter((p) => (p.status === 'open' || p.status === 'adopted') && p.closedAt === null && p.deadline !== null && p.deadline <= now).slice(0, limit));
  }
  dirtyVersions(limit: number): Promise<readonly { proposalId: ProposalId; version: number }[]> {
    const seen = new Map<string, { proposalId: ProposalId; version: number }>();
    for (const r of this.rows()) if (r.dirtyGen > r.cleanGen) seen.set(vkey(r.proposalId, r.version), { proposalId: r.proposalId, version: r.version });
    return Promise.resolve([...seen.values()].slice(0, limit));
  }
  async assembliesWithBindings(ids: readonly AssemblyId[]): Promise<ReadonlyMap<AssemblyId, { readonly assembly: Assembly; readonly bindings: readonly RoomBinding[] }>> {
    const out = new Map<AssemblyId, { assembly: Assembly; bindings: readonly RoomBinding[] }>();
    for (const id of new Set(ids)) {
      const assembly = await this.tx.assembly(id);
      if (assembly) out.set(id, { assembly, bindings: await this.tx.bindingsOf(id) });
    }
    return out;
  }
  async memberAssemblies(q: { federationId: FederationId; parents: readonly AssemblyId[]; limit: number; after?: MemberCursor | null }): Promise<readonly MemberAssembly[]> {
    const parents = new Set(q.parents);
    const a = q.after ?? null;
    const edges = [...this.s().edges.values()]
      .filter((e) => e.federationId === q.federationId && parents.has(e.parentAssemblyId) && e.status === 'active')
      .filter((e) => !a || e.parentAssemblyId > a.parentAssemblyId || (e.parentAssemblyId === a.parentAssemblyId && e.childAssemblyId > a.assemblyId))
      .sort((x, y) => (x.parentAssemblyId < y.parentAssemblyId ? -1 : x.parentAssemblyId > y.parentAssemblyId ? 1 : x.childAssemblyId < y.childAssemblyId ? -1 : 1))
      .slice(0, Math.max(0, q.limit));
    const out: MemberAssembly[] = [];
    for (const e of edges) {
      const assembly = await this.tx.assembly(e.childAssemblyId);
      if (assembly) out.push({ parentAssemblyId: e.parentAssemblyId, assembly, bindings: await this.tx.bindingsOf(e.childAssemblyId) });
    }
    return out;
  }
  agendaItems(assemblyId: AssemblyId, limit: number): Promise<readonly AgendaItem[]> {
    return Promise.resolve([...this.s().agenda.values()].filter((i) => i.assemblyId === assemblyId).sort((a, b) => b.number - a.number).slice(0, limit));
  }
  agendaItemByNumber(number: number): Promise<AgendaItem | null> {
    return Promise.resolve([...this.s().agenda.values()].find((i) => i.number === number) ?? null);
  }

  createProposal(p: { federationId: FederationId; originAssemblyId: AssemblyId; adoptionRule: AdoptionRule; deadline: Date | null }): Promise<Proposal> {
    const proposal: Proposal = { ...p, id: asProposalId(this.newId('p')), number: this.s().proposals.size + 1, status: 'open', currentVersion: 1, adoptedAt: null, closedAt: null, createdAt: new Date() };
    this.s().proposals.set(proposal.id, proposal);
    return Promise.resolve(proposal);
  }
  lockProposal(id: ProposalId): Promise<Proposal | null> {
    return this.proposal(id);
  }
  shareProposal(id: ProposalId): Promise<Proposal | null> {
    return this.proposal(id);
  }
  updateProposal(id: ProposalId, patch: { status?: ProposalStatus; currentVersion?: number; adoptedAt?: Date | null; closedAt?: Date | null }): Promise<void> {
    const p = this.s().proposals.get(id);
    if (p) this.s().proposals.set(id, { ...p, ...patch });
    return Promise.resolve();
  }
  createVersion(v: { proposalId: ProposalId; version: number; title: string; text: string; changeNote: string | null; motionId: MotionId | null }): Promise<ProposalVersion> {
    const key = vkey(v.proposalId, v.version);
    if (this.s().versions.has(key)) throw new Error(`version ${v.version} of ${v.proposalId} exists`);
    const row: ProposalVersion = { ...v, createdAt: new Date() };
    this.s().versions.set(key, row);
    return Promise.resolve(row);
  }
  localsBelow(federationId: FederationId, assemblyIds: readonly AssemblyId[]): Promise<ReadonlyMap<AssemblyId, number>> {
    const children = new Map<string, AssemblyId[]>();
    for (const e of this.s().edges.values()) {
      if (e.federationId !== federationId || e.status !== 'active') continue;
      children.set(e.parentAssemblyId, [...(children.get(e.parentAssemblyId) ?? []), e.childAssemblyId]);
    }
    const count = (id: AssemblyId, depth: number): number => {
      if (depth > 64) return 0;
      const own = this.s().assemblies.get(id)?.level === 0 ? 1 : 0;
      return own + (children.get(id) ?? []).reduce((n, c) => n + count(c, depth + 1), 0);
    };
    return Promise.resolve(new Map(assemblyIds.map((id) => [id, count(id, 0)] as const)));
  }
  guardReferrals(ids: readonly string[]): Promise<readonly Referral[]> {
    return this.lockReferrals(ids);
  }
  lockReferrals(ids: readonly string[]): Promise<readonly Referral[]> {
    return Promise.resolve([...new Set(ids)].sort().flatMap((id) => this.plain(this.s().referrals.get(id)) ?? []));
  }
  async relayChildren(q: { federationId: FederationId; parents: readonly RelayParent[]; proposalId: ProposalId; version: number; limit: number }): Promise<readonly RelayChild[]> {
    const referred = new Set(this.rows().filter((r) => r.proposalId === q.proposalId && r.version === q.version).map((r) => r.assemblyId));
    const parents = new Set(q.parents.map((p) => p.assemblyId));
    const edges = [...this.s().edges.values()]
      .filter((e) => e.federationId === q.federationId && parents.has(e.parentAssemblyId) && e.status === 'active' && !referred.has(e.childAssemblyId))
      .sort((a, b) => (a.parentAssemblyId < b.parentAssemblyId ? -1 : a.parentAssemblyId > b.parentAssemblyId ? 1 : a.childAssemblyId < b.childAssemblyId ? -1 : 1))
      .slice(0, q.limit);
    const locals = await this.localsBelow(q.federationId, edges.map((e) => e.childAssemblyId));
    const out: RelayChild[] = [];
    for (const e of edges) {
      const assembly = await this.tx.assembly(e.childAssemblyId);
      if (assembly) out.push({ parentAssemblyId: e.parentAssemblyId, assembly, bindings: await this.tx.bindingsOf(e.childAssemblyId), localsInSubtree: locals.get(e.childAssemblyId) ?? 0 });
    }
    return out;
  }
  async createMotions(rows: readonly (NewMotion & { readonly id: MotionId })[]): Promise<readonly Motion[]> {
    const out: Motion[] = [];
    for (const { id, ...m } of rows) {
      const made = await this.tx.createMotion(m);
      // Keep the caller's id (the referral names it).
      this.s().motions.delete(made.id);
      const motion: Motion = { ...made, id };
      this.s().motions.set(id, motion);
      this.s().reminderAt.delete(made.id);
      this.s().reminderAt.set(id, new Date(0));
      out.push(motion);
    }
    return out;
  }
  createReferrals(rows: readonly NewReferral[]): Promise<void> {
    for (const r of rows) {
      if (this.rows().some((x) => x.proposalId === r.proposalId && x.version === r.version && x.assemblyId === r.assemblyId)) continue;
      this.s().referrals.set(r.id, {
        ...r,
        reason: null,
        reasonMessage: null,
        amendmentText: null,
        decidedAt: null,
        memberCount: 0,
        relayedAt: null,
        accepted: 0,
        rejected: 0,
        amendRequested: 0,
        pending: r.localTotal,
        membersCovered: 0,
        dirtyGen: 0,
        cleanGen: 0,
      });
    }
    return Promise.resolve();
  }
  detachReferrals(ids: readonly string[]): Promise<void> {
    for (const id of new Set(ids)) {
      const r = this.s().referrals.get(id);
      if (!r || r.localTotal === 0) continue;
      const n = r.localTotal;
      this.s().referrals.set(id, { ...r, localTotal: 0, dirtyGen: r.dirtyGen + 1 });
      for (let up = r.parentReferralId ? this.s().referrals.get(r.parentReferralId) : undefined; up; up = up.parentReferralId ? this.s().referrals.get(up.parentReferralId) : undefined) {
        this.s().referrals.set(up.id, { ...up, localTotal: Math.max(0, up.localTotal - n), dirtyGen: up.dirtyGen + 1 });
      }
    }
    return Promise.resolve();
  }
  reportSubtree(referralId: string, tally: SubtreeTally): Promise<void> {
    const r = this.s().referrals.get(referralId);
    if (!r) return Promise.resolve();
    const delta = tally.localTotal - r.localTotal;
    this.s().referrals.set(r.id, { ...r, ...tally, subtree: true, dirtyGen: r.dirtyGen + 1 });
    for (let up = r.parentReferralId ? this.s().referrals.get(r.parentReferralId) : undefined; up; up = up.parentReferralId ? this.s().referrals.get(up.parentReferralId) : undefined) {
      this.s().referrals.set(up.id, { ...up, localTotal: Math.max(0, up.localTotal + delta), dirtyGen: up.dirtyGen + 1 });
    }
    return Promise.resolve();
  }
  widenScope(items: readonly { readonly referralId: string; readonly n: number }[]): Promise<void> {
    for (const { referralId, n } of items) {
      for (let up = this.s().referrals.get(referralId); up; up = up.parentReferralId ? this.s().referrals.get(up.parentReferralId) : undefined) {
        this.s().referrals.set(up.id, { ...up, localTotal: up.localTotal + n, dirtyGen: up.dirtyGen + 1 });
      }
    }
    return Promise.resolve();
  }
  markRelayed(referralIds: readonly string[], at: Date): Promise<void> {
    for (const id of referralIds) {
      const r = this.s().referrals.get(id);
      if (r && !r.relayedAt) this.s().referrals.set(id, { ...r, relayedAt: at });
    }
    return Promise.resolve();
  }
  async decide(rows: readonly DecisionWrite[]): Promise<void> {
    for (const d of rows) {
      const r = this.s().referrals.get(d.referralId);
      if (!r) continue;
      const memberCount = d.memberCount ?? (await this.tx.countMembers(r.assemblyId, 'active'));
      this.s().referrals.set(r.id, { ...r, status: d.status, reason: d.reason, reasonMessage: d.reasonMessage ?? null, amendmentText: d.amendmentText, decidedAt: d.at, memberCount, dirtyGen: r.dirtyGen + 1 });
    }
  }
  endReferrals(ids: readonly string[], status: 'superseded' | 'withdrawn' | 'expired', onlyPending: boolean): Promise<void> {
    for (const id of ids) {
      const r = this.s().referrals.get(id);
      if (!r || !LIVE_REFERRAL.includes(r.status) || (onlyPending && r.status !== 'pending')) continue;
      this.s().referrals.set(id, { ...r, status, dirtyGen: r.dirtyGen + 1 });
    }
    return Promise.resolve();
  }
  closeMotions(ids: readonly MotionId[], status: 'superseded' | 'withdrawn' | 'expired', at: Date): Promise<readonly Motion[]> {
    const out: Motion[] = [];
    for (const id of ids) {
      const m = this.s().motions.get(id);
      if (!m || (m.status !== 'open' && m.status !== 'proposed')) continue;
      const closed: Motion = { ...m, status, closedAt: at };
      this.s().motions.set(id, closed);
      out.push(closed);
    }
    return Promise.resolve(out);
  }
  closeResponseMotions(referrals: readonly { readonly id: string; readonly assemblyId: AssemblyId }[], status: 'superseded' | 'withdrawn' | 'expired', at: Date): Promise<readonly Motion[]> {
    const ids = new Set(referrals.map((r) => r.id.toLowerCase()));
    const assemblies = new Set(referrals.map((r) => r.assemblyId));
    const out: Motion[] = [];
    for (const m of this.s().motions.values()) {
      if (m.kind !== 'proposal-response' || (m.status !== 'open' && m.status !== 'proposed') || !assemblies.has(m.assemblyId) || !ids.has(String(m.payload.referralId).toLowerCase())) continue;
      const closed: Motion = { ...m, status, closedAt: at };
      this.s().motions.set(m.id, closed);
      out.push(closed);
    }
    return Promise.resolve(out);
  }
  rollupDepth(proposalId: ProposalId, version: number, depth: number, limit: number): Promise<number> {
    const all = this.rows().filter((r) => r.proposalId === proposalId && r.version === version);
    const dirty = all.filter((r) => r.depth === depth && r.dirtyGen > r.cleanGen).slice(0, limit);
    // Children grouped once per pass (a pass over thousands of rows would otherwise scan them all per row).
    const byParent = new Map<string, Row[]>();
    for (const c of all) if (c.depth === depth + 1 && c.parentReferralId) byParent.set(c.parentReferralId, [...(byParent.get(c.parentReferralId) ?? []), c]);
    for (const r of dirty) {
      const kids = byParent.get(r.id) ?? [];
      const level0 = this.s().assemblies.get(r.assemblyId)?.level === 0;
      const sum = (f: (c: Row) => number): number => kids.reduce((n, c) => n + f(c), 0);
      let t = { accepted: 0, rejected: 0, amendRequested: 0, pending: 0, membersCovered: 0 };
      if (r.subtree) {
        // A remote subtree: the reported counts stand while it is accepted (its children are not here to count).
        t = r.status === 'accepted' ? { accepted: r.accepted, rejected: r.rejected, amendRequested: r.amendRequested, pending: r.pending, membersCovered: r.membersCovered } : { ...t, pending: r.status === 'pending' ? r.localTotal : 0 };
      } else if (level0) {
        t = { accepted: r.status === 'accepted' ? 1 : 0, rejected: r.status === 'rejected' ? 1 : 0, amendRequested: r.status === 'amend-requested' ? 1 : 0, pending: r.status === 'pending' ? 1 : 0, membersCovered: r.status === 'accepted' ? r.memberCount : 0 };
      } else if (r.status === 'accepted') {
        t = { accepted: sum((c) => c.accepted), rejected: sum((c) => c.rejected), amendRequested: sum((c) => c.amendRequested), pending: sum((c) => c.pending) + r.localTotal - sum((c) => c.localTotal), membersCovered: sum((c) => c.membersCovered) };
      } else if (r.status === 'pending') {
        t = { ...t, pending: r.localTotal };
      }
      this.s().referrals.set(r.id, { ...r, ...t, cleanGen: r.dirtyGen });
      const parent = r.parentReferralId ? this.s().referrals.get(r.parentReferralId) : undefined;
      if (parent) this.s().referrals.set(parent.id, { ...parent, dirtyGen: parent.dirtyGen + 1 });
    }
    return Promise.resolve(dirty.length);
  }
  maxDirtyDepth(proposalId: ProposalId, version: number): Promise<number | null> {
    const depths = this.rows().filter((r) => r.proposalId === proposalId && r.version === version && r.dirtyGen > r.cleanGen).map((r) => r.depth);
    return Promise.resolve(depths.length ? Math.max(...depths) : null);
  }
  async appendEventsMany(items: readonly { readonly assemblyId: AssemblyId; readonly event: NewEvent }[], at: Date): Promise<void> {
    for (const i of items) await this.tx.appendEvent(i.assemblyId, i.event, at);
  }
  async enqueueMany(items: readonly OutboxWrite[]): Promise<void> {
    for (const i of items) {
      const old = this.s().outbox.get(i.dedupeKey);
      if (i.rearm && old?.status === 'done') this.s().outbox.set(i.dedupeKey, { ...old, status: 'pending', availableAt: i.availableAt ?? new Date(0), payload: i.payload, claimedAt: null });
      else await this.tx.enqueue(i.kind, i.dedupeKey, i.payload, i.availableAt);
    }
  }
  takeOutbox(dedupeKey: string): Promise<boolean> {
    const o = this.s().outbox.get(dedupeKey);
    if (o?.status === 'done') return Promise.resolve(false);
    // A job may run without its row (enqueued by hand, or a test): it runs.
    if (o) this.s().outbox.set(dedupeKey, { ...o, status: 'done' });
    return Promise.resolve(true);
  }
  createAgendaItem(i: { assemblyId: AssemblyId; fromAssemblyId: AssemblyId; federationId: FederationId; title: string; text: string; forwardedByMotionId: MotionId }): Promise<AgendaItem> {
    const item: AgendaItem = { ...i, id: this.newId('g'), number: this.s().agenda.size + 1, takenUpByMotionId: null, createdAt: new Date() };
    this.s().agenda.set(item.id, item);
    return Promise.resolve(item);
  }
  takeUpAgendaItem(id: string, motionId: MotionId): Promise<void> {
    const i = this.s().agenda.get(id);
    if (i) this.s().agenda.set(id, { ...i, takenUpByMotionId: motionId });
    return Promise.resolve();
  }
}
