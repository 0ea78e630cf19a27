import { node, type StoredMessage } from '../i18n/stored.js';
import type { Assembly } from '../model/entities.js';
import type { StoreReads, StoreTx } from '../ports/store.port.js';
import type { PersonId } from '../shared/ids.js';
import { ok, type Result } from '../shared/result.js';
import { errT } from '../i18n/localized.js';

/**
 * A committee (issue 20): elected by its local assembly (`parentAssemblyId`)
 * to carry out a mandate, usually some of its laws; it has a number of seats,
 * a term and a room whose access follows the seats. It makes no laws (no
 * motion kind but `forward` may be moved in it: `kind-reach.ts`); it reports
 * and asks its assembly to decide. Its terms are kept, unchangeable, in the
 * first event of its own record (`committee.created`).
 */
export interface CommitteeTerms {
  readonly mandate: string;
  /** Numbers of the local assembly's laws it carries out. */
  readonly laws: readonly number[];
  readonly seats: number;
  readonly endsAt: Date;
  /** The local assembly's motion that created it. */
  readonly motion: number;
}

export interface Committee {
  readonly assembly: Assembly;
  readonly local: Assembly;
  readonly terms: CommitteeTerms;
  /** Ended by motion or by its term (`committee.ended` in its record). */
  readonly ended: boolean;
}

const MAX_EVENTS = 10_000;

export async function committeeOf(reads: Pick<StoreReads, 'assembly' | 'events'>, assembly: Assembly): Promise<Committee | null> {
  if (assembly.kind !== 'committee' || !assembly.parentAssemblyId) return null;
  const local = await reads.assembly(assembly.parentAssemblyId);
  const events = await reads.events(assembly.id, 0, MAX_EVENTS);
  const created = events.find((e) => e.type === 'committee.created');
  if (!local || !created) return null;
  const p = created.payload;
  const terms: CommitteeTerms = { mandate: typeof p.mandate === 'string' ? p.mandate : '', laws: Array.isArray(p.laws) ? p.laws.map(Number) : [], seats: Number(p.seats), endsAt: new Date(String(p.endsAt)), motion: Number(p.motion) };
  return { assembly, local, terms, ended: events.some((e) => e.type === 'committee.ended') };
}

/** A committee of `local` named `name` (not ended unless `ended` is allowed). */
export async function committeeNamed(reads: Pick<StoreReads, 'assembly' | 'events' | 'assemblyByName'>, local: Assembly, name: string): Promise<Result<Committee>> {
  const a = await reads.assemblyByName(name);
  const c = a ? await committeeOf(reads, a) : null;
  if (!c || c.local.id !== local.id) return errT('not-found', 'committee.refused.noSuchHere', { local: local.name, name });
  if (c.ended) return errT('closed', 'committee.refused.ended', { committee: c.assembly.name });
  return ok(c);
}

/** Its seat holders: the active members of the committee assembly. */
export async function seated(reads: Pick<StoreReads, 'members'>, committee: Assembly): Promise<readonly { personId: PersonId; displayName: string }[]> {
  return (await reads.members(committee.id, 'active')).map((m) => ({ personId: m.personId, displayName: m.displayName }));
}

/** A seat ends (recall, end, term): membership, open ballots there and room access go with it. */
export async function unseat(tx: StoreTx, committee: Assembly, personId: PersonId, at: Date, reason: string, message?: StoredMessage): Promise<number[]> {
  await tx.lockAssembly(committee.id);
  await tx.upsertMembership({ assemblyId: committee.id, personId, status: 'left', role: 'member' });
  const voided: number[] = [];
  for (const m of await tx.motions(committee.id, ['open'])) {
    if (await tx.voidBallots(m.id, personId, at)) {
      voided.push(m.number);
      await tx.appendEvent(committee.id, { type: 'ballot.voided', actorId: null, payload: { motion: m.number, reason } }, at);
    }
  }
  await tx.appendEvent(committee.id, { type: 'committee.unseated', actorId: null, payload: { personId, reason } }, at);
  await tx.enqueue('access.revoke', `access-revoke-${committee.id}-${personId}-${at.getTime()}`, { action: 'revoke', assemblyId: committee.id, homeAssemblyId: committee.parentAssemblyId ?? committee.id, personId, reason, ...(message ? { message } : {}) });
  return voided;
}

/** Ends a committee: every seat ends; its record and its assembly's say so. */
export async function endCommittee(tx: StoreTx, c: Committee, at: Date, why: string, message: StoredMessage): Promise<void> {
  for (const s of await seated(tx, c.assembly)) await unseat(tx, c.assembly, s.personId, at, why, message);
  await tx.appendEvent(c.assembly.id, { type: 'committee.ended', actorId: null, payload: { reason: why } }, at);
  await tx.appendEvent(c.local.id, { type: 'committee.ended', actorId: null, payload: { committee: c.assembly.name, reason: why } }, at);
}

/**
 * Ends `c` if its term is over and it has not ended yet, under the
 * committee's lock and re-read after taking it, so two closers racing (a
 * member's act and the sweep, or two sweeps) end it once. Returns whether
 * this call ended it.
 */
export async function endIfTermOver(tx: StoreTx, c: Committee, now: Date): Promise<boolean> {
  if (c.ended || now < c.terms.endsAt) return false;
  await tx.lockAssembly(c.assembly.id);
  const fresh = await committeeOf(tx, c.assembly);
  if (!fresh || fresh.ended) return false;
  await endCommittee(tx, fresh, now, 'its term ended', node('committee.access.termEnded', { committee: fresh.assembly.name }));
  return true;
}

/**
 * A committee past its term ends the first time anyone acts on it (a
 * report, a request, an election), or at the next deadline sweep
 * (`endDueCommittees`), whichever comes first: nothing it does after its
 * term counts. Returns whether it is still running.
 */
export async function stillRunning(tx: StoreTx, c: Committee, now: Date): Promise<boolean> {
  if (c.ended) return false;
  if (now < c.terms.endsAt) return true;
  await endIfTermOver(tx, c, now);
  return false;
}
