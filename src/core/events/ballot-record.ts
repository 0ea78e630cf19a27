import type { AuditEvent } from '../model/entities.js';

/** One ballot as the record shows it (secret ballots: no voter, no choice). */
export interface BallotEntry {
  readonly type: 'ballot.cast' | 'ballot.changed';
  readonly motion: number;
  readonly personId?: string;
  readonly choice?: unknown;
}

/**
 * The ballots in an assembly's record, one entry per ballot, in order. The
 * vote path chains one `ballots.cast` event per batch listing its ballots (a
 * secret batch only counts them); older or hand-written records may hold one
 * `ballot.cast` / `ballot.changed` event per ballot, read the same way.
 */
export function ballotEntries(events: readonly AuditEvent[]): BallotEntry[] {
  const out: BallotEntry[] = [];
  for (const e of events) {
    const p = e.payload;
    const motion = typeof p.motion === 'number' ? p.motion : -1;
    if (e.type === 'ballot.cast' || e.type === 'ballot.changed') {
      out.push({ type: e.type, motion, ...(typeof p.personId === 'string' ? { personId: p.personId } : {}), ...(p.choice !== undefined ? { choice: p.choice } : {}) });
    } else if (e.type === 'ballots.cast') {
      if (Array.isArray(p.ballots)) {
        for (const b of p.ballots as { personId?: unknown; choice?: unknown; changed?: unknown }[]) {
          out.push({ type: b.changed === true ? 'ballot.changed' : 'ballot.cast', motion, ...(typeof b.personId === 'string' ? { personId: b.personId } : {}), choice: b.choice });
        }
      } else {
        const cast = typeof p.cast === 'number' ? p.cast : 0;
        const changed = typeof p.changed === 'number' ? p.changed : 0;
        for (let i = 0; i < cast; i++) out.push({ type: 'ballot.cast', motion });
        for (let i = 0; i < changed; i++) out.push({ type: 'ballot.changed', motion });
      }
    }
  }
  return out;
}
