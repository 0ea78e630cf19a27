import type { Assembly, Motion } from '../model/entities.js';
import type { Federation } from '../model/federation.js';
import type { StoreReads } from '../ports/store.port.js';
import type { FederationId, PersonId } from '../shared/ids.js';
import { ok, type Result } from '../shared/result.js';
import { errT } from '../i18n/localized.js';

/**
 * WHO MAY ACT ON WHAT — the one place that decides it (DOMAIN.md principle 1:
 * the local assembly is sovereign). Every change to an assembly's motions,
 * ballots, memberships, seats, parts or policy is made by one of three
 * principals, and this module says whether that principal may make it:
 *
 * - a **person**, acting in an assembly they are an active member of (a
 *   facilitator where the act needs one): nobody acts inside an assembly they
 *   do not belong to, whatever room they type in;
 * - an **assembly**, through its own passed motion: it changes itself, and the
 *   things it consented to (a circle's members follow its own; its delegate's
 *   vote upstairs follows the seat it gave or took back);
 * - the **relay**, acting on a consent an assembly gave by its own motion
 *   (joining a federation): it opens, and ends, response motions there while,
 *   and only while, the assembly is a member of that federation.
 *
 * Commands and motion kinds call these checks instead of re-deriving them;
 * the sovereignty property test (test/unit/sovereignty) holds them to the rule.
 */

export type MembershipAct = 'admit' | 'exclude' | 'leave';

/** A person acting in an assembly: they must be an active member there (a facilitator when `role` says so). */
export async function personMayActIn(reads: StoreReads, personId: PersonId | null, assembly: Assembly, role: 'member' | 'facilitator' = 'member'): Promise<Result<true>> {
  const m = personId ? await reads.membership(assembly.id, personId) : null;
  if (m?.status === 'excluded') return errT('excluded', 'permission.excluded', { assembly: assembly.name });
  if (m?.status !== 'active') return errT('not-member', 'authority.membersThere', { assembly: assembly.name });
  if (role === 'facilitator' && m.role !== 'facilitator') return errT('forbidden', 'permission.facilitators', { assembly: assembly.name });
  return ok(true);
}

/** A motion the relay opened for an assembly (its acceptance vote on a referral): the assembly's, moved by nobody in person. */
export function openedByRelay(motion: Motion): boolean {
  // Motions opened before movers could be null carry the drafter's id; their payload still says the relay opened them.
  return motion.movedById === null || (motion.kind === 'proposal-response' && motion.payload.auto === true);
}

/**
 * Withdrawing a motion: only a person who moved it AND is still a member of
 * its assembly; a motion the relay opened belongs to the assembly and ends
 * only by its vote (or by the drafters ending that version).
 */
export async function mayWithdraw(reads: StoreReads, personId: PersonId, motion: Motion, assembly: Assembly): Promise<Result<true>> {
  const member = await personMayActIn(reads, personId, assembly);
  if (!member.ok) return errT(member.error.code, 'authority.motionMembersOnly', { number: motion.number, assembly: assembly.name });
  if (openedByRelay(motion)) return errT('forbidden', 'authority.relayMotion', { number: motion.number, assembly: assembly.name });
  if (motion.movedById !== personId) return errT('forbidden', 'authority.moverWithdraws');
  return ok(true);
}

/**
 * Whether `assembly` may change a person's membership of itself by `act`
 * (a person or a motion of the assembly asks). Membership is the assembly's
 * own, with two consents built in: a circle's members are members of its
 * local assembly; an assembly of delegates' members are exactly the holders
 * of the seats its member assemblies gave, so only they change them.
 */
export async function mayChangeMembership(reads: StoreReads, assembly: Assembly, personId: PersonId, act: MembershipAct): Promise<Result<true>> {
  const person = await reads.person(personId);
  const who = { name: person?.displayName ?? '', hasName: person ? ('yes' as const) : ('no' as const) };
  if (assembly.kind === 'delegates') {
    const seats = await reads.seats({ parentAssemblyId: assembly.id, personId, status: 'active' });
    if (act === 'admit') return errT('forbidden', 'authority.delegatesAdmit', { assembly: assembly.name });
    const home = seats[0] ? await reads.assembly(seats[0].homeAssemblyId) : null;
    if (home && act === 'exclude') return errT('forbidden', 'authority.delegateExclude', { ...who, assembly: assembly.name, home: home.name });
    if (home && act === 'leave') return errT('forbidden', 'authority.delegateLeave', { assembly: assembly.name, home: home.name });
  }
  // A committee's members are exactly those its local assembly elected (src/core/laws/committees.ts).
  if (assembly.kind === 'committee' && act === 'admit') return errT('forbidden', 'authority.committeeAdmit', { assembly: assembly.name });
  if (assembly.kind === 'circle' && assembly.parentAssemblyId && act === 'admit') {
    const local = await reads.assembly(assembly.parentAssemblyId);
    const m = await reads.membership(assembly.parentAssemblyId, personId);
    if (m?.status !== 'active') return errT('not-member', 'authority.circleAdmit', { ...who, local: local?.name ?? '', hasLocal: local ? 'yes' : 'no' });
  }
  return ok(true);
}

/**
 * Attaching a new part to an assembly (a circle of a local assembly, a new
 * level of delegates in a federation) needs the owner's consent: one of its
 * facilitators — or, for a federation still without delegates, its founder.
 */
export async function mayAttachTo(reads: StoreReads, personId: PersonId | null, owner: Assembly, federation: Federation | null = null): Promise<Result<true>> {
  const m = personId ? await reads.membership(owner.id, personId) : null;
  if (m?.status === 'active' && m.role === 'facilitator') return ok(true);
  if (personId && federation && federation.rootAssemblyId === owner.id && federation.foundedById === personId) return ok(true);
  if (personId && (await foundedDelegates(reads, owner, personId))) return ok(true);
  return errT('forbidden', 'authority.attach', { owner: owner.name, what: federation ? 'level' : 'circle', federation: federation?.name ?? '' });
}

/** The creator of a middle assembly of delegates speaks for it until it has delegates (issues its first invitations). */
async function foundedDelegates(reads: StoreReads, assembly: Assembly, personId: PersonId): Promise<boolean> {
  if (assembly.kind !== 'delegates') return false;
  const created = (await reads.events(assembly.id, 0, 5)).find((e) => e.type === 'delegates.created');
  return created?.payload.founderId === personId;
}

/** Who may speak for an assembly of delegates when issuing invitations: a facilitator, or its (federation's) founder. */
export async function maySpeakForDelegates(reads: StoreReads, personId: PersonId, assembly: Assembly): Promise<boolean> {
  const root = await reads.federationByRoot(assembly.id);
  return (await mayAttachTo(reads, personId, assembly, root)).ok;
}

/**
 * The relay acts in an assembly only on its consent to the federation: while
 * it is a member there. After it leaves, proposals of that federation no
 * longer ask for its answer, and an answer it gives would not count.
 */
export async function relayMayAsk(reads: StoreReads, assembly: Assembly, federationId: FederationId): Promise<Result<true>> {
  if (await reads.activeEdge(federationId, assembly.id)) return ok(true);
  const f = await reads.federation(federationId);
  return errT('forbidden', 'authority.relayLeft', { assembly: assembly.name, federation: f?.name ?? '', hasFederation: f ? 'yes' : 'no' });
}

/**
 * Extending an open motion's deadline: the member who moved it or a
 * facilitator of its assembly, both still active members there. A motion the
 * relay opened has no mover, so only a facilitator extends it.
 */
export async function mayExtend(reads: StoreReads, personId: PersonId, motion: Motion, assembly: Assembly): Promise<Result<true>> {
  const m = await reads.membership(assembly.id, personId);
  if (m?.status !== 'active') return errT('not-member', 'authority.motionMembersOnly', { number: motion.number, assembly: assembly.name });
  if (motion.movedById !== personId && m.role !== 'facilitator') return errT('forbidden', 'authority.extend', { number: motion.number, assembly: assembly.name });
  return ok(true);
}

/**
 * A law changes only by its own assembly's motion (amend-law, repeal-law):
 * no other assembly — a federation above, a neighbour, a circle — amends or
 * repeals it.
 */
export function mayChangeLaw(moving: Assembly, owner: Assembly, lawNumber: number): Result<true> {
  if (moving.id === owner.id && owner.kind === 'local') return ok(true);
  return errT('forbidden', 'authority.law', { law: lawNumber, owner: owner.name });
}

/**
 * Overruling a circle (annulling its decision, requiring it to leave a
 * federation) belongs to its own local assembly alone, by motion: the circle
 * decides routine matters that do not conflict with that assembly's laws,
 * and federates on condition that it abides by them. No other body may.
 */
export function mayOverrule(moving: Assembly, circle: Assembly): Result<true> {
  if (circle.kind !== 'circle') return errT('bad-input', 'authority.notCircle', { circle: circle.name });
  if (moving.kind === 'local' && circle.parentAssemblyId === moving.id) return ok(true);
  return errT('forbidden', 'authority.otherCircle', { circle: circle.name });
}
