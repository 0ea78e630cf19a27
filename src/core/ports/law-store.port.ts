import type { Law, LawNote, LawNoteKind, LawVersion, NewLaw } from '../laws/model.js';
import type { AssemblyId, MotionId, ProposalId } from '../shared/ids.js';

/** The law books of local assemblies, as reads (`StoreReads.laws`). */
export interface LawReads {
  /** In force only, or with the repealed ones; by number. */
  laws(assemblyId: AssemblyId, withRepealed: boolean): Promise<readonly Law[]>;
  law(assemblyId: AssemblyId, number: number): Promise<Law | null>;
  /** The law a federation's proposal became in this assembly, in force or not (newest). */
  lawFromProposal(assemblyId: AssemblyId, proposalId: ProposalId): Promise<Law | null>;
  /** The same for many assemblies at once (one statement: an adoption reaches thousands): the newest per assembly that has one. */
  lawsFromProposal(assemblyIds: readonly AssemblyId[], proposalId: ProposalId): Promise<ReadonlyMap<AssemblyId, Law>>;
  /** The numbers of those of these motions that passed, by id (the response motions that accepted a proposal a law came from). */
  passedMotionNumbers(motionIds: readonly MotionId[]): Promise<ReadonlyMap<MotionId, number>>;
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
 * per assembly by the store, from its highest; callers hold the assembly's
 * lock (a closing takes it with `lockAssembly`, the relay with `lockBooks`),
 * so two enactments never read the same highest number.
 */
export interface LawTx extends LawReads {
  /**
   * Locks the assemblies (their rows, in id order: the order every relay
   * batch takes them in, so two batches, or a batch and a closing, never
   * deadlock) for the rest of the transaction, before their books are read.
   */
  lockBooks(assemblyIds: readonly AssemblyId[]): Promise<void>;
  enact(law: NewLaw): Promise<Law>;
  /** Many at once (an adoption reaching many accepting assemblies in one relay step): a fixed number of statements. */
  enactMany(laws: readonly NewLaw[]): Promise<readonly Law[]>;
  addVersion(lawId: string, version: LawVersion): Promise<void>;
  /** Appends a version to each law (one statement, whatever the count). */
  addVersions(items: readonly { readonly lawId: string; readonly version: LawVersion }[]): Promise<void>;
  repeal(lawId: string, motionNumber: number, at: Date): Promise<void>;
  addNote(note: { lawId: string; kind: LawNoteKind; text: string; targetMotionId: MotionId | null; payload: Readonly<Record<string, unknown>>; at: Date }): Promise<LawNote>;
}
