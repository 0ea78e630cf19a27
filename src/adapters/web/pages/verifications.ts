import type { AssemblyId } from '../../../core/shared/ids.js';

export interface Verified {
  readonly clean: boolean;
  readonly at: Date;
}

/**
 * The last verification run from the web view, per assembly, in this
 * process: shown on the assembly and record pages. Bounded: the oldest entry
 * goes when there are too many.
 */
export class VerificationLog {
  private readonly last = new Map<AssemblyId, Verified>();
  constructor(private readonly max = 10_000) {}

  get(id: AssemblyId): Verified | undefined {
    return this.last.get(id);
  }

  note(id: AssemblyId, v: Verified): void {
    this.last.delete(id);
    this.last.set(id, v);
    if (this.last.size > this.max) {
      const oldest = this.last.keys().next().value;
      if (oldest !== undefined) this.last.delete(oldest);
    }
  }
}
