import type { Assembly, Motion } from '../model/entities.js';
import type { StoreTx } from '../ports/store.port.js';
import type { AssemblyId, PersonId } from '../shared/ids.js';
import type { CoreDeps } from './deps.js';

/*
 * Only active members vote (DOMAIN.md §1.4), so only their ballots count. A
 * person who stops being an active member (leaves, is excluded, loses the
 * seat that made them a delegate) loses the ballots on the assembly's open
 * motions at that moment, marked void in the record as a recall's are:
 * early close, tally and turnout then all see the same people, and the
 * recount in `audit verify` agrees with the result because it recounts the
 * same non-voided ballots.
 */

/**
 * Takes the assembly's lock and returns its open motions (in id order). Ballot
 * batches, chain appends and closers all take that lock before they count or
 * write, and a closer takes it after its motion's, so under it no open motion
 * takes a ballot, counts or closes: a close either counted the ballot before
 * the departure or sees it void, never counts a ballot the record then voids.
 * Only the assembly's lock is taken (never the motions' after it), so the
 * order stays motion → assembly everywhere and a departure cannot deadlock
 * with a closer.
 */
export async function lockOpenMotions(tx: StoreTx, assemblyId: AssemblyId): Promise<readonly Motion[]> {
  await tx.lockAssembly(assemblyId);
  return [...(await tx.motions(assemblyId, ['open']))].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Voids the person's ballots on the given (locked, open) motions and records
 * each as `ballot.voided`. A public motion's event names the voter, as its
 * `ballots.cast` did; a secret one's does not. Returns the motion numbers.
 */
export async function voidDepartedBallots(tx: StoreTx, motions: readonly Motion[], personId: PersonId, at: Date, reason: string): Promise<number[]> {
  const voided: number[] = [];
  for (const m of motions) {
    if (!(await tx.voidBallots(m.id, personId, at))) continue;
    voided.push(m.number);
    await tx.appendEvent(m.assemblyId, { type: 'ballot.voided', actorId: null, payload: { motion: m.number, reason, ...(m.secret ? {} : { personId }) } }, at);
  }
  return voided;
}

/**
 * Run by closing, under the motion's lock, before counting: any ballot whose
 * voter is no longer an active member (a departure that raced a ballot, or
 * data from before departures voided ballots) is voided and recorded, so the
 * count only ever uses active members' ballots. Returns how many.
 */
export async function voidStrayBallots(tx: StoreTx, assembly: Assembly, motion: Motion, at: Date): Promise<number> {
  const strays = await tx.strayBallots(motion.id);
  let n = 0;
  for (const personId of strays) {
    if (!(await tx.voidBallots(motion.id, personId, at))) continue;
    n++;
    await tx.appendEvent(assembly.id, { type: 'ballot.voided', actorId: null, payload: { motion: motion.number, reason: 'not a member when the motion closed', ...(motion.secret ? {} : { personId }) } }, at);
  }
  return n;
}

/**
 * Voids an excluded member's ballots in a transaction of its own, right after
 * the exclusion's close commits, so the exclusion motion itself (still open
 * inside its own close) keeps the ballots it was counted with. Until this runs, `voidStrayBallots` keeps the ballots out of any count; a
 * failure here is logged and left to it.
 */
export async function voidAfterExclusion(deps: CoreDeps, assemblyId: AssemblyId, personId: PersonId): Promise<void> {
  try {
    await deps.store.transaction(async (tx) => {
      const open = await lockOpenMotions(tx, assemblyId);
      // Readmitted meanwhile: the ballots are theirs again to keep.
      if ((await tx.membership(assemblyId, personId))?.status === 'active') return;
      await voidDepartedBallots(tx, open, personId, deps.clock.now(), 'member excluded');
    });
  } catch (e) {
    deps.log.error({ err: e, assemblyId }, 'voiding an excluded member\'s ballots failed; closing voids them before counting');
  }
}

/**
 * A departed person's current ballots on the still-open motions of one
 * assembly stop counting (the record keeps them, marked void), under that
 * assembly's lock. Returns the motion numbers.
 */
export async function voidOpenBallotsOf(tx: StoreTx, assemblyId: AssemblyId, personId: PersonId, at: Date, reason: string): Promise<number[]> {
  return voidDepartedBallots(tx, await lockOpenMotions(tx, assemblyId), personId, at, reason);
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
