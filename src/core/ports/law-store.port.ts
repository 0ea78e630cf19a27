import type { Law, LawNote, LawNoteKind, LawVersion, NewLaw } from '../laws/model.js';
import type { AssemblyId, MotionId, ProposalId } from '../shared/ids.js';

/** The law books of local assemblies, as reads (`StoreReads.laws`). */
export interface LawReads {
  /** In force only, or with the repealed ones; by number. */
  laws(assemblyId: AssemblyId, withRepealed: boolean): Promise<readonly Law[]>;
  law(assemblyId: AssemblyId, number: number): Promise<Law | null>;
  /** The law a federation's proposal became in this assembly, in force or not (newest). */
  lawFromProposal(assemblyId: AssemblyId, proposalId: ProposalId): Promise<Law | null>;
  /** `lawFromProposal` for many assemblies in one read (an adoption reaching a relay step's members): by assembly, those that have one. */
  lawsFromProposal(assemblyIds: readonly AssemblyId[], proposalId: ProposalId): Promise<ReadonlyMap<AssemblyId, Law>>;
  /** Notes kept under a law (annulments, committee reports), oldest first. */
  notes(lawId: string): Promise<readonly LawNote[]>;
  /** The annulment that struck this motion, if any. */
  annulmentOf(motionId: MotionId): Promise<LawNote | null>;
  /** The committees a local assembly created, ended or not, by name. */
  committeesOf(localId: AssemblyId): Promise<readonly AssemblyId[]>;
  /** Committees whose term ended at or before `now` and that have not ended yet (the sweep's work list). */
  dueCommittees(now: Date, limit: number): Promise<readonly AssemblyId[]>;
}

/**
 * The writes, inside a `StoreTx` (`StoreTx.laws`). Law numbers are handed out
 * per assembly by the store; callers hold the assembly's lock (a closing
 * does), so two enactments never race for one number.
 */
export interface LawTx extends LawReads {
  enact(law: NewLaw): Promise<Law>;
  /** Many at once (an adoption reaching many accepting assemblies in one relay step). */
  enactMany(laws: readonly NewLaw[]): Promise<readonly Law[]>;
  addVersion(lawId: string, version: LawVersion): Promise<void>;
  /** `addVersion` for many laws in one write (a later version of an adopted proposal reaching many books). */
  addVersions(versions: readonly { readonly lawId: string; readonly version: LawVersion }[]): Promise<void>;
  repeal(lawId: string, motionNumber: number, at: Date): Promise<void>;
  addNote(note: { lawId: string; kind: LawNoteKind; text: string; targetMotionId: MotionId | null; payload: Readonly<Record<string, unknown>>; at: Date }): Promise<LawNote>;
}
