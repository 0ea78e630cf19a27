import type { AssemblyId, FederationId, MotionId, ProposalId } from '../shared/ids.js';

/**
 * A local assembly's law book (DOMAIN.md §1.1: only a local assembly makes
 * rules binding its members). A law is a passed `resolution` of the assembly,
 * or a federation's proposal that the assembly accepted and that was adopted;
 * it changes only by the same assembly's own motion (`amend-law`,
 * `repeal-law`).
 */
export type LawStatus = 'in-force' | 'repealed';

/** One text of a law; version 1 is the text that passed. */
export interface LawVersion {
  readonly version: number;
  readonly title: string;
  readonly text: string;
  /** The motion of this assembly that passed or amended it (null: the federation's version, taken in by acceptance). */
  readonly motionNumber: number | null;
  readonly at: string;
}

/** Where a law taken in from a federation came from. */
export interface LawSource {
  readonly proposalId: ProposalId;
  /** P-<number>. */
  readonly proposalRef: string;
  readonly proposalVersion: number;
  readonly federationId: FederationId;
  readonly federationName: string;
  /** This assembly's referral of that version: a repeal withdraws its acceptance there. */
  readonly referralId: string;
  /** The response motion that accepted it, when there was one. */
  readonly acceptedByMotion: number | null;
}

export interface Law {
  readonly id: string;
  readonly assemblyId: AssemblyId;
  /** Per assembly, from 1: "law 3". */
  readonly number: number;
  readonly status: LawStatus;
  readonly passedAt: Date;
  readonly repealedAt: Date | null;
  readonly repealedByMotion: number | null;
  readonly source: LawSource | null;
  /** Oldest first; the last is in force. */
  readonly versions: readonly LawVersion[];
}

export interface NewLaw {
  readonly assemblyId: AssemblyId;
  readonly title: string;
  readonly text: string;
  readonly motionNumber: number | null;
  readonly source: LawSource | null;
  readonly at: Date;
}

export type LawNoteKind = 'annulment' | 'require-leave' | 'report';

/**
 * What is kept under a law besides its text: a circle's decision annulled for
 * conflicting with it, a circle required to leave a federation, a committee's
 * report.
 */
export interface LawNote {
  readonly id: string;
  readonly lawId: string;
  readonly kind: LawNoteKind;
  readonly text: string;
  /** The circle's motion an annulment struck (null otherwise). */
  readonly targetMotionId: MotionId | null;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly at: Date;
}

export const currentVersion = (law: Law): LawVersion => {
  const v = law.versions.at(-1);
  if (!v) throw new Error(`law ${law.number} has no text`);
  return v;
};
