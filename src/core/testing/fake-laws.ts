import type { Law, LawNote, LawVersion, NewLaw } from '../laws/model.js';
import type { LawTx } from '../ports/law-store.port.js';
import type { AssemblyId, MotionId, ProposalId } from '../shared/ids.js';
import type { FakeState } from './fake-store-state.js';

/** The law-book half of `FakeStore`'s transactions, over the same cloned state. */
export class FakeLaws implements LawTx {
  constructor(
    private readonly state: () => FakeState,
    private readonly newId: (prefix: string) => string,
  ) {}

  laws(assemblyId: AssemblyId, withRepealed: boolean): Promise<readonly Law[]> {
    const list = [...this.state().laws.values()].filter((l) => l.assemblyId === assemblyId && (withRepealed || l.status === 'in-force'));
    return Promise.resolve(list.sort((a, b) => a.number - b.number));
  }
  law(assemblyId: AssemblyId, number: number): Promise<Law | null> {
    return Promise.resolve([...this.state().laws.values()].find((l) => l.assemblyId === assemblyId && l.number === number) ?? null);
  }
  lawFromProposal(assemblyId: AssemblyId, proposalId: ProposalId): Promise<Law | null> {
    const found = [...this.state().laws.values()].filter((l) => l.assemblyId === assemblyId && l.source?.proposalId === proposalId).sort((a, b) => b.number - a.number);
    return Promise.resolve(found[0] ?? null);
  }
  async lawsFromProposal(assemblyIds: readonly AssemblyId[], proposalId: ProposalId): Promise<ReadonlyMap<AssemblyId, Law>> {
    const out = new Map<AssemblyId, Law>();
    for (const id of new Set(assemblyIds)) {
      const law = await this.lawFromProposal(id, proposalId);
      if (law) out.set(id, law);
    }
    return out;
  }
  notes(lawId: string): Promise<readonly LawNote[]> {
    // Oldest first, as the Prisma store orders them (by time, then id).
    return Promise.resolve(this.state().lawNotes.filter((n) => n.lawId === lawId).sort((a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
  }
  annulmentOf(motionId: MotionId): Promise<LawNote | null> {
    return Promise.resolve(this.state().lawNotes.find((n) => n.kind === 'annulment' && n.targetMotionId === motionId) ?? null);
  }

  committeesOf(localId: AssemblyId): Promise<readonly AssemblyId[]> {
    const list = [...this.state().assemblies.values()].filter((a) => a.kind === 'committee' && a.parentAssemblyId === localId);
    return Promise.resolve(list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((a) => a.id));
  }
  dueCommittees(now: Date, limit: number): Promise<readonly AssemblyId[]> {
    const st = this.state();
    const due = [...st.assemblies.values()].filter((a) => {
      if (a.kind !== 'committee') return false;
      const events = st.events.get(a.id) ?? [];
      const created = events.find((e) => e.type === 'committee.created');
      return created !== undefined && Date.parse(String(created.payload.endsAt)) <= now.getTime() && !events.some((e) => e.type === 'committee.ended');
    });
    return Promise.resolve(due.map((a) => a.id).sort().slice(0, limit));
  }

  enact(law: NewLaw): Promise<Law> {
    const st = this.state();
    const number = Math.max(0, ...[...st.laws.values()].filter((l) => l.assemblyId === law.assemblyId).map((l) => l.number)) + 1;
    const row: Law = {
      id: this.newId('law'),
      assemblyId: law.assemblyId,
      number,
      status: 'in-force',
      passedAt: law.at,
      repealedAt: null,
      repealedByMotion: null,
      source: law.source,
      versions: [{ version: 1, title: law.title, text: law.text, motionNumber: law.motionNumber, at: law.at.toISOString() }],
    };
    st.laws.set(row.id, row);
    return Promise.resolve(row);
  }
  async enactMany(laws: readonly NewLaw[]): Promise<readonly Law[]> {
    const out: Law[] = [];
    for (const l of laws) out.push(await this.enact(l));
    return out;
  }
  addVersion(lawId: string, version: LawVersion): Promise<void> {
    const l = this.state().laws.get(lawId);
    if (l) this.state().laws.set(lawId, { ...l, versions: [...l.versions, version] });
    return Promise.resolve();
  }
  async addVersions(versions: readonly { readonly lawId: string; readonly version: LawVersion }[]): Promise<void> {
    for (const v of versions) await this.addVersion(v.lawId, v.version);
  }
  repeal(lawId: string, motionNumber: number, at: Date): Promise<void> {
    const l = this.state().laws.get(lawId);
    if (l?.status === 'in-force') this.state().laws.set(lawId, { ...l, status: 'repealed', repealedAt: at, repealedByMotion: motionNumber });
    return Promise.resolve();
  }
  addNote(note: Omit<LawNote, 'id'>): Promise<LawNote> {
    const row: LawNote = { ...note, id: this.newId('ln'), payload: JSON.parse(JSON.stringify(note.payload)) as Record<string, unknown> };
    this.state().lawNotes.push(row);
    return Promise.resolve(row);
  }
}
