import type { Assembly, Motion } from '../model/entities.js';
import type { Seat } from '../model/federation.js';
import { publicMessage } from '../messages/message.js';
import { accessReason, roomSpeech, type Speech, type StoredMessage } from '../i18n/index.js';
import type { StoreTx } from '../ports/store.port.js';
import type { CoreDeps } from '../services/deps.js';
import { lockOpenMotions, voidDepartedBallots } from '../services/departure.js';
import type { AssemblyId, PersonId } from '../shared/ids.js';

/**
 * Members of an assembly of delegates are exactly its current seat holders:
 * called whenever a seat starts or ends, so the vote there follows the seat.
 */
export async function syncDelegateMembership(tx: StoreTx, parentId: AssemblyId, personId: PersonId, at: Date): Promise<void> {
  const active = await tx.seats({ parentAssemblyId: parentId, personId, status: 'active' });
  const m = await tx.membership(parentId, personId);
  if (active.length > 0 && m?.status !== 'active') {
    await tx.upsertMembership({ assemblyId: parentId, personId, status: 'active', role: m?.role ?? 'member' });
    await tx.appendEvent(parentId, { type: 'delegate.seated', actorId: null, payload: { personId } }, at);
  } else if (active.length === 0 && m?.status === 'active') {
    await tx.upsertMembership({ assemblyId: parentId, personId, status: 'left', role: 'member' });
    await tx.appendEvent(parentId, { type: 'delegate.unseated', actorId: null, payload: { personId } }, at);
  }
}

/** Access to the delegates' rooms goes through the outbox to the queue, with retries, never inline. */
export async function requestAccess(tx: StoreTx, action: 'grant' | 'revoke', seat: Seat, reason: StoredMessage): Promise<void> {
  await tx.enqueue(`access.${action}`, `access-${action}-${seat.id}`, { action, assemblyId: seat.parentAssemblyId, homeAssemblyId: seat.homeAssemblyId, personId: seat.personId, ...accessReason(reason) });
}

/**
 * Locks the assemblies of delegates these seats sit in, in id order, before
 * anything in them changes. Their ballot batches and closers take the same
 * lock, so a close counts either before a seat ends and its ballots are voided
 * or after, never across.
 */
export async function lockParents(tx: StoreTx, seats: readonly Seat[]): Promise<void> {
  for (const id of [...new Set(seats.map((s) => s.parentAssemblyId))].sort()) await tx.lockAssembly(id);
}

/**
 * Ends a seat. A seat that simply ends (its assembly left the federation, its
 * term ran out) takes the delegate's open ballots upstairs with it when it was
 * their last seat there: only current delegates' ballots count. (A recall
 * voids them itself, see `voidOpenBallots`, and reports which.)
 */
export async function endSeat(tx: StoreTx, seat: Seat, status: 'recalled' | 'ended', at: Date, byMotion: Motion | null, reason: StoredMessage): Promise<void> {
  await lockParents(tx, [seat]);
  const open = status === 'ended' ? await lockOpenMotions(tx, seat.parentAssemblyId) : [];
  await tx.endSeat(seat.id, status, at, byMotion?.id ?? null);
  await syncDelegateMembership(tx, seat.parentAssemblyId, seat.personId, at);
  if (open.length > 0 && (await tx.membership(seat.parentAssemblyId, seat.personId))?.status !== 'active') {
    await voidDepartedBallots(tx, open, seat.personId, at, 'delegate seat ended');
  }
  await requestAccess(tx, 'revoke', seat, reason);
}

/**
 * A recalled delegate's ballots on motions still open upstairs stop counting
 * at once (the record keeps them, marked void). Returns the motion numbers.
 */
export async function voidOpenBallots(tx: StoreTx, seat: Seat, at: Date): Promise<number[]> {
  // Under the parent's lock, the list of open motions is final: none opens, closes or takes a ballot meanwhile.
  await lockParents(tx, [seat]);
  const voided: number[] = [];
  for (const m of await tx.motions(seat.parentAssemblyId, ['open'])) {
    if (await tx.voidBallots(m.id, seat.personId, at)) {
      voided.push(m.number);
      await tx.appendEvent(seat.parentAssemblyId, { type: 'ballot.voided', actorId: null, payload: { motion: m.number, reason: 'delegate recalled' } }, at);
    }
  }
  return voided;
}

/** A title and body, worded for one audience. */
export type Telling = (t: Speech) => readonly [title: string, body: string];

/** Tells both the home assembly and the parent (after commit), each in its own language (`assembly policy language`). */
export function tellBoth(deps: CoreDeps, home: Assembly, parent: Assembly | null, say: Telling, key: string): () => Promise<void> {
  const told = (a: Assembly) => {
    const [title, body] = say(roomSpeech(a.policy));
    return publicMessage(title, body, { tone: 'info' });
  };
  return async () => {
    await deps.announcer.announce(home.id, told(home), `${key}:home`);
    if (parent) await deps.announcer.announce(parent.id, told(parent), `${key}:parent`);
  };
}
