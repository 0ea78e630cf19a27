import { nameKey } from '../shared/names.js';
import type { Assembly, Ballot } from '../model/entities.js';
import type { Federation, FederationEdge, Invitation, Mandate, Nomination, NominationFor, OutboxItem, Seat, SeatStatus } from '../model/federation.js';
import type { FederationLevel, FederationReads, FederationWrites } from '../ports/federation-store.port.js';
import { asFederationId, type AssemblyId, type FederationId, type MotionId, type PersonId } from '../shared/ids.js';
import type { FakeState } from './fake-store-state.js';

/** The federation half of `FakeStore`'s transactions, over the same cloned state. */
export class FakeFederation implements FederationReads, FederationWrites {
  constructor(
    private readonly state: () => FakeState,
    private readonly newId: (prefix: string) => string,
  ) {}

  federation(id: FederationId): Promise<Federation | null> {
    return Promise.resolve(this.state().federations.get(id) ?? null);
  }
  federationByName(name: string): Promise<Federation | null> {
    const key = nameKey(name);
    return Promise.resolve([...this.state().federations.values()].find((f) => nameKey(f.name) === key) ?? null);
  }
  federationByRoot(rootAssemblyId: AssemblyId): Promise<Federation | null> {
    return Promise.resolve([...this.state().federations.values()].find((f) => f.rootAssemblyId === rootAssemblyId) ?? null);
  }
  activeEdge(federationId: FederationId, childAssemblyId: AssemblyId): Promise<FederationEdge | null> {
    return Promise.resolve([...this.state().edges.values()].find((e) => e.federationId === federationId && e.childAssemblyId === childAssemblyId && e.status === 'active') ?? null);
  }
  edge(id: string): Promise<FederationEdge | null> {
    return Promise.resolve(this.state().edges.get(id) ?? null);
  }
  parentEdges(childAssemblyId: AssemblyId): Promise<readonly FederationEdge[]> {
    return Promise.resolve([...this.state().edges.values()].filter((e) => e.childAssemblyId === childAssemblyId && e.status === 'active'));
  }
  childEdges(parentAssemblyId: AssemblyId): Promise<readonly FederationEdge[]> {
    return Promise.resolve([...this.state().edges.values()].filter((e) => e.parentAssemblyId === parentAssemblyId && e.status === 'active'));
  }
  invitation(code: string): Promise<Invitation | null> {
    return Promise.resolve(this.state().invitations.get(code) ?? null);
  }
  seat(id: string): Promise<Seat | null> {
    return Promise.resolve(this.state().seats.get(id) ?? null);
  }
  seats(f: { edgeId?: string; parentAssemblyId?: AssemblyId; homeAssemblyId?: AssemblyId; personId?: PersonId; status?: SeatStatus }): Promise<readonly Seat[]> {
    return Promise.resolve(
      [...this.state().seats.values()].filter(
        (x) => (!f.edgeId || x.edgeId === f.edgeId) && (!f.parentAssemblyId || x.parentAssemblyId === f.parentAssemblyId) && (!f.homeAssemblyId || x.homeAssemblyId === f.homeAssemblyId) && (!f.personId || x.personId === f.personId) && (!f.status || x.status === f.status),
      ),
    );
  }
  expiredSeats(now: Date, limit: number): Promise<readonly Seat[]> {
    return Promise.resolve([...this.state().seats.values()].filter((s) => s.status === 'active' && s.termEndsAt !== null && s.termEndsAt <= now).slice(0, limit));
  }
  openCommitteeNominations(committeeId: AssemblyId): Promise<readonly Nomination[]> {
    return Promise.resolve([...this.state().nominations.values()].filter((n) => n.committeeId === committeeId && n.electionMotionId === null && !n.withdrawnAt).map(({ withdrawnAt: _w, ...n }) => n));
  }
  openNominations(edgeId: string): Promise<readonly Nomination[]> {
    return Promise.resolve([...this.state().nominations.values()].filter((n) => n.edgeId === edgeId && n.electionMotionId === null && !n.withdrawnAt).map(({ withdrawnAt: _w, ...n }) => n));
  }
  mandates(upstairsMotionId: MotionId): Promise<readonly Mandate[]> {
    return Promise.resolve(this.state().mandates.filter((m) => m.upstairsMotionId === upstairsMotionId));
  }
  ballotsOf(personId: PersonId, assemblyId: AssemblyId, limit: number): Promise<readonly (Ballot & { voided: boolean })[]> {
    const st = this.state();
    const list = [...st.ballots.values()]
      .filter((b) => b.personId === personId && st.motions.get(b.motionId)?.assemblyId === assemblyId)
      .sort((a, b) => (st.motions.get(b.motionId)?.number ?? 0) - (st.motions.get(a.motionId)?.number ?? 0))
      .slice(0, limit);
    return Promise.resolve(list.map((b) => ({ motionId: b.motionId, personId: b.personId, choice: b.choice, castAt: b.castAt, voided: b.voidedAt !== null })));
  }
  circlesOf(localAssemblyId: AssemblyId): Promise<readonly AssemblyId[]> {
    return Promise.resolve([...this.state().assemblies.values()].filter((a) => a.kind === 'circle' && a.parentAssemblyId === localAssemblyId).map((a) => a.id));
  }
  outboxFailed(limit: number): Promise<readonly OutboxItem[]> {
    return Promise.resolve([...this.state().outbox.values()].filter((o) => o.status === 'failed').slice(0, limit));
  }
  private treeOf(federationId: FederationId): Assembly[] {
    const st = this.state();
    const f = st.federations.get(federationId);
    if (!f) return [];
    const ids = new Set([f.rootAssemblyId, ...[...st.edges.values()].filter((e) => e.federationId === federationId && e.status === 'active').map((e) => e.childAssemblyId)]);
    return [...ids].flatMap((id) => st.assemblies.get(id) ?? []);
  }
  federationLevels(federationId: FederationId): Promise<readonly FederationLevel[]> {
    const st = this.state();
    const byLevel = new Map<number, { assemblies: number; members: number }>();
    for (const a of this.treeOf(federationId)) {
      const l = byLevel.get(a.level) ?? { assemblies: 0, members: 0 };
      l.assemblies++;
      if (a.level === 0) l.members += [...st.memberships.values()].filter((m) => m.assemblyId === a.id && m.status === 'active').length;
      byLevel.set(a.level, l);
    }
    return Promise.resolve([...byLevel.entries()].sort((x, y) => y[0] - x[0]).map(([level, l]) => ({ level, ...l })));
  }
  searchFederation(federationId: FederationId, text: string, limit: number): Promise<readonly Assembly[]> {
    const t = text.toLowerCase();
    return Promise.resolve(this.treeOf(federationId).filter((a) => a.name.toLowerCase().includes(t)).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)).slice(0, Math.max(0, limit)));
  }

  createFederation(f: { name: string; purpose: string; rootAssemblyId: AssemblyId; foundedById: PersonId }): Promise<Federation> {
    // As the database's unique index on federation.name_key.
    if ([...this.state().federations.values()].some((x) => nameKey(x.name) === nameKey(f.name))) return Promise.reject(new Error('unique violation: federation_name_key_key'));
    const fed: Federation = { ...f, id: asFederationId(this.newId('f')), createdAt: new Date() };
    this.state().federations.set(fed.id, fed);
    return Promise.resolve(fed);
  }
  createEdge(e: { federationId: FederationId; childAssemblyId: AssemblyId; parentAssemblyId: AssemblyId; seats: number }): Promise<FederationEdge> {
    // As the database's partial unique index: one active parent per child and federation.
    if ([...this.state().edges.values()].some((x) => x.federationId === e.federationId && x.childAssemblyId === e.childAssemblyId && x.status === 'active')) {
      return Promise.reject(new Error('unique violation: federation_edge_one_active_parent'));
    }
    const edge: FederationEdge = { id: this.newId('e'), federationId: e.federationId, childAssemblyId: e.childAssemblyId, parentAssemblyId: e.parentAssemblyId, seats: e.seats, status: 'active', joinedAt: new Date(), leftAt: null };
    this.state().edges.set(edge.id, edge);
    return Promise.resolve(edge);
  }
  endEdge(id: string, at: Date): Promise<void> {
    const e = this.state().edges.get(id);
    if (e) this.state().edges.set(id, { ...e, status: 'left', leftAt: at });
    return Promise.resolve();
  }
  createInvitation(i: { code: string; federationId: FederationId; parentAssemblyId: AssemblyId; issuedById: PersonId; seats: number; expiresAt: Date | null }): Promise<Invitation> {
    const inv: Invitation = { ...i, usedByAssemblyId: null, usedAt: null };
    this.state().invitations.set(inv.code, inv);
    return Promise.resolve(inv);
  }
  useInvitation(code: string, assemblyId: AssemblyId, at: Date): Promise<boolean> {
    const inv = this.state().invitations.get(code);
    if (!inv || inv.usedAt) return Promise.resolve(false);
    this.state().invitations.set(code, { ...inv, usedByAssemblyId: assemblyId, usedAt: at });
    return Promise.resolve(true);
  }
  createSeat(x: { edgeId: string; homeAssemblyId: AssemblyId; parentAssemblyId: AssemblyId; personId: PersonId; electedByMotionId: MotionId | null; startedAt: Date; termEndsAt: Date | null }): Promise<Seat> {
    if ([...this.state().seats.values()].some((s) => s.edgeId === x.edgeId && s.personId === x.personId && s.status === 'active')) {
      return Promise.reject(new Error('unique violation: seat_one_active_per_person'));
    }
    const seat: Seat = { ...x, id: this.newId('s'), status: 'active', endedAt: null };
    this.state().seats.set(seat.id, seat);
    return Promise.resolve(seat);
  }
  endSeat(id: string, status: 'recalled' | 'ended', at: Date): Promise<void> {
    const seat = this.state().seats.get(id);
    if (seat) this.state().seats.set(id, { ...seat, status, endedAt: at });
    return Promise.resolve();
  }
  createNomination(n: { homeAssemblyId: AssemblyId; personId: PersonId; nominatedById: PersonId } & NominationFor): Promise<Nomination> {
    const nom: Nomination = { homeAssemblyId: n.homeAssemblyId, personId: n.personId, nominatedById: n.nominatedById, edgeId: n.edgeId ?? null, committeeId: n.committeeId ?? null, id: this.newId('n'), acceptedAt: null, electionMotionId: null };
    this.state().nominations.set(nom.id, nom);
    return Promise.resolve(nom);
  }
  withdrawNomination(id: string, at: Date): Promise<void> {
    const n = this.state().nominations.get(id);
    if (n) this.state().nominations.set(id, { ...n, withdrawnAt: at });
    return Promise.resolve();
  }
  acceptNomination(id: string, at: Date): Promise<void> {
    const n = this.state().nominations.get(id);
    if (n) this.state().nominations.set(id, { ...n, acceptedAt: at });
    return Promise.resolve();
  }
  useNominations(ids: readonly string[], electionMotionId: MotionId): Promise<void> {
    for (const id of ids) {
      const n = this.state().nominations.get(id);
      if (n) this.state().nominations.set(id, { ...n, electionMotionId });
    }
    return Promise.resolve();
  }
  createMandate(m: Mandate): Promise<void> {
    this.state().mandates.push(m);
    return Promise.resolve();
  }
}
