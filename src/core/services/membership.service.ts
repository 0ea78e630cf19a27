import type { Actor, Assembly, Membership, Person, RoomRef } from '../model/entities.js';
import type { StoreTx } from '../ports/store.port.js';
import { ok, type Result } from '../shared/result.js';
import { errT } from '../i18n/localized.js';
import { assemblyOfRoom, lockedAssemblyOfRoom } from './assembly.service.js';
import type { CoreDeps } from './deps.js';
import { endCircleMemberships, lockOpenMotions, voidDepartedBallots } from './departure.js';
import { personFor } from './identity.service.js';
import { mayChangeMembership } from '../authority/authority.js';

export type JoinOutcome = { status: 'active' | 'pending'; assembly: Assembly };

/** Joining follows the assembly's admission policy; a values statement must be accepted first. */
export async function join(deps: CoreDeps, actor: Actor, room: RoomRef, acceptValues: boolean): Promise<Result<JoinOutcome>> {
  // Asked before the transaction: no lock is held across the platform's answer.
  const byRole = await holdsElectorateRole(deps, actor, room);
  if (!byRole.ok) return byRole;
  return deps.store.transaction(async (tx) => {
    const a = await lockedAssemblyOfRoom(tx, room);
    if (!a.ok) return a;
    const assembly = a.value;
    if (assembly.policy.electorateRole && !byRole.value) return errT('unavailable', 'member.refused.raced', { assembly: assembly.name });
    const person = await personFor(tx, actor);
    const m = await tx.membership(assembly.id, person.id);
    if (m?.status === 'active') return errT('conflict', 'join.refused.already', { assembly: assembly.name });
    if (m?.status === 'excluded') return errT('excluded', 'join.refused.excluded', { assembly: assembly.name });
    if (m?.status === 'pending') return errT('conflict', 'join.refused.pending');
    if (assembly.kind === 'delegates') return errT('forbidden', 'member.refused.delegates', { assembly: assembly.name });
    if (assembly.kind === 'committee') return mayChangeMembership(tx, assembly, person.id, 'admit').then((r) => (r.ok ? errT('forbidden', 'member.refused.committee') : r));
    if (assembly.kind === 'circle' && assembly.parentAssemblyId) {
      const local = await tx.membership(assembly.parentAssemblyId, person.id);
      if (local?.status !== 'active') return errT('not-member', 'member.refused.circle', { assembly: assembly.name });
    }
    const values = assembly.policy.valuesStatement;
    if (values && !acceptValues) {
      return errT('bad-input', 'join.refused.values', { assembly: assembly.name, values });
    }
    const now = deps.clock.now();
    if (assembly.policy.admission === 'invite' && !byRole.value) {
      return errT('forbidden', 'join.refused.invite', { assembly: assembly.name });
    }
    // Holding the electorate role is the admission.
    const status = byRole.value || assembly.policy.admission === 'open' ? 'active' : 'pending';
    await tx.upsertMembership({ assemblyId: assembly.id, personId: person.id, status, role: 'member' });
    await tx.appendEvent(assembly.id, { type: status === 'active' ? 'member.joined' : 'member.requested', actorId: person.id, payload: { personId: person.id, valuesAccepted: Boolean(values), ...(byRole.value ? { byRole: assembly.policy.electorateRole } : {}) } }, now);
    return ok({ status, assembly });
  });
}

/**
 * For an assembly whose members are the holders of a platform role: whether
 * the actor holds it (true), refused with what to do otherwise; false for an
 * assembly that admits by command.
 */
async function holdsElectorateRole(deps: CoreDeps, actor: Actor, room: RoomRef): Promise<Result<boolean>> {
  const a = await assemblyOfRoom(deps.store.read, room);
  if (!a.ok) return a;
  const role = a.value.policy.electorateRole;
  if (!role || a.value.kind === 'delegates') return ok(false);
  const source = deps.electorates?.get(actor.platform);
  if (!source || !room.serverId) return errT('forbidden', 'member.refused.roleServer', { assembly: a.value.name });
  const holds = await source.holdsRole(room.serverId, actor.externalId, role);
  if (holds === null) return errT('unavailable', 'member.refused.roleUnknown');
  if (!holds) return errT('forbidden', 'member.refused.roleMissing', { assembly: a.value.name, role });
  return ok(true);
}

/**
 * A facilitator admits someone: a pending request, or (invite policy) a person
 * who has not asked yet. Excluded people come back only by an admission motion.
 */
export async function approve(deps: CoreDeps, actor: Actor, room: RoomRef, target: Actor): Promise<Result<{ assembly: Assembly; person: Person }>> {
  return deps.store.transaction(async (tx) => {
    const a = await lockedAssemblyOfRoom(tx, room);
    if (!a.ok) return a;
    const assembly = a.value;
    const me = await personFor(tx, actor);
    const person = await personFor(tx, target);
    const m = await tx.membership(assembly.id, person.id);
    if (m?.status === 'active') return errT('conflict', 'member.refused.already', { person: person.displayName });
    if (m?.status === 'excluded') return errT('excluded', 'member.refused.excluded', { person: person.displayName });
    if (!m && assembly.policy.admission === 'approval') return errT('not-found', 'member.refused.notAsked', { person: person.displayName });
    const allowed = await mayChangeMembership(tx, assembly, person.id, 'admit');
    if (!allowed.ok) return allowed;
    await tx.upsertMembership({ assemblyId: assembly.id, personId: person.id, status: 'active', role: 'member' });
    await tx.appendEvent(assembly.id, { type: 'member.approved', actorId: me.id, payload: { personId: person.id } }, deps.clock.now());
    return ok({ assembly, person });
  });
}

export async function leave(deps: CoreDeps, actor: Actor, room: RoomRef): Promise<Result<{ assembly: Assembly }>> {
  return deps.store.transaction(async (tx) => {
    const a = await lockedAssemblyOfRoom(tx, room);
    if (!a.ok) return a;
    const person = await personFor(tx, actor);
    const m = await tx.membership(a.value.id, person.id);
    if (m?.status !== 'active' && m?.status !== 'pending') return errT('not-member', 'leave.refused.notMember', { assembly: a.value.name });
    const allowed = await mayChangeMembership(tx, a.value, person.id, 'leave');
    if (!allowed.ok) return allowed;
    // The assembly's lock, then its open motions (departure.ts says why).
    const open = m.status === 'active' ? await lockOpenMotions(tx, a.value.id) : [];
    const now = deps.clock.now();
    await tx.upsertMembership({ assemblyId: a.value.id, personId: person.id, status: 'left', role: 'member' });
    await tx.appendEvent(a.value.id, { type: 'member.left', actorId: person.id, payload: { personId: person.id } }, now);
    await voidDepartedBallots(tx, open, person.id, now, 'member left');
    await endCircleMemberships(tx, a.value, person.id, now, 'left');
    return ok({ assembly: a.value });
  });
}

export async function setRole(deps: CoreDeps, actor: Actor, room: RoomRef, target: Actor, role: Membership['role']): Promise<Result<{ person: Person }>> {
  return deps.store.transaction(async (tx) => {
    const a = await lockedAssemblyOfRoom(tx, room);
    if (!a.ok) return a;
    const me = await personFor(tx, actor);
    const person = await personFor(tx, target);
    const m = await tx.membership(a.value.id, person.id);
    if (m?.status !== 'active') return errT('not-member', 'member.refused.notActive', { person: person.displayName });
    if (role === 'member' && m.role === 'facilitator') {
      const facilitators = (await tx.members(a.value.id, 'active')).filter((x) => x.role === 'facilitator');
      if (facilitators.length <= 1) return errT('conflict', 'member.refused.lastFacilitator');
    }
    await tx.upsertMembership({ assemblyId: a.value.id, personId: person.id, status: 'active', role });
    await tx.appendEvent(a.value.id, { type: 'member.role', actorId: me.id, payload: { personId: person.id, role } }, deps.clock.now());
    return ok({ person });
  });
}

/** Used by motion effects: admission and exclusion decided by the assembly. */
export async function setStatusByMotion(tx: StoreTx, assembly: Assembly, person: Person, status: 'active' | 'excluded', motionNumber: number, at: Date): Promise<boolean> {
  const m = await tx.membership(assembly.id, person.id);
  // Re-checked at close: the person may have left the local assembly (or taken a seat) while the vote ran.
  const allowed = await mayChangeMembership(tx, assembly, person.id, status === 'active' ? 'admit' : 'exclude');
  if (!allowed.ok) {
    await tx.appendEvent(assembly.id, { type: 'member.not-changed', actorId: null, payload: { personId: person.id, motion: motionNumber, reason: allowed.error.message } }, at);
    return false;
  }
  await tx.upsertMembership({ assemblyId: assembly.id, personId: person.id, status, role: status === 'active' ? (m?.role ?? 'member') : 'member' });
  await tx.appendEvent(assembly.id, { type: status === 'active' ? 'member.admitted' : 'member.excluded', actorId: null, payload: { personId: person.id, motion: motionNumber } }, at);
  if (status === 'excluded') await endCircleMemberships(tx, assembly, person.id, at, 'excluded');
  return true;
}
