import type { Assembly } from '../model/entities.js';
import type { StoreTx } from '../ports/store.port.js';
import type { AssemblyId, PersonId } from '../shared/ids.js';

/**
 * A departed person's current ballots on the still-open motions of one
 * assembly stop counting (the record keeps them, marked void), as for a
 * recalled delegate. Returns the motion numbers. Shared by every departure:
 * leaving, exclusion, and a circle membership ending with the local one.
 */
export async function voidOpenBallotsOf(tx: StoreTx, assemblyId: AssemblyId, personId: PersonId, at: Date, reason: string): Promise<number[]> {
  const voided: number[] = [];
  for (const m of await tx.motions(assemblyId, ['open'])) {
    if (await tx.voidBallots(m.id, personId, at)) {
      voided.push(m.number);
      await tx.appendEvent(assemblyId, { type: 'ballot.voided', actorId: null, payload: { motion: m.number, reason } }, at);
    }
  }
  return voided;
}

/**
 * A circle's members are always members of its local assembly: when someone
 * leaves the local assembly or is excluded from it, their membership of each
 * of its circles ends at once and their ballots on open circle motions are
 * voided. Called in the same transaction as the departure.
 */
export async function endCircleMemberships(tx: StoreTx, local: Assembly, personId: PersonId, at: Date, why: 'left' | 'excluded'): Promise<void> {
  if (local.kind !== 'local') return;
  for (const circleId of await tx.circlesOf(local.id)) {
    const m = await tx.membership(circleId, personId);
    if (m?.status !== 'active' && m?.status !== 'pending') continue;
    await tx.upsertMembership({ assemblyId: circleId, personId, status: 'left', role: 'member' });
    const reason = why === 'left' ? `left ${local.name}` : `excluded from ${local.name}`;
    await tx.appendEvent(circleId, { type: 'member.left', actorId: null, payload: { personId, reason } }, at);
    await voidOpenBallotsOf(tx, circleId, personId, at, reason);
  }
}
