import type { Assembly, Motion } from '../model/entities.js';
import type { Federation } from '../model/federation.js';
import type { StoreReads } from '../ports/store.port.js';
import type { FederationId, PersonId } from '../shared/ids.js';
import { err, ok, type Result } from '../shared/result.js';

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

/** Shared refusal text: an assembly's members and seats are its own. */
const SEAT_IS_HOMES = (home: string): string => `the seat belongs to ${home}: only ${home} can recall its delegate (any member there may move \`recall\`)`;

/** A person acting in an assembly: they must be an active member there (a facilitator when `role` says so). */
export async function personMayActIn(reads: StoreReads, personId: PersonId | null, assembly: Assembly, role: 'member' | 'facilitator' = 'member'): Promise<Result<true>> {
  const m = personId ? await reads.membership(assembly.id, personId) : null;
  if (m?.status === 'excluded') return err('excluded', `You were excluded from ${assembly.name}.`);
  if (m?.status !== 'active') return err('not-member', `Only members of ${assembly.name} can do that there.`);
  if (role === 'facilitator' && m.role !== 'facilitator') return err('forbidden', `Only facilitators of ${assembly.name} can do that.`);
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
  if (!member.ok) return err(member.error.code, `Motion #${motion.number} belongs to ${assembly.name}; only its members act on it.`);
  if (openedByRelay(motion)) return err('forbidden', `Motion #${motion.number} is ${assembly.name}'s own vote on a proposal from above: nobody withdraws it; the assembly decides it by voting.`);
  if (motion.movedById !== personId) return err('forbidden', 'Only the member who moved a motion can withdraw it.');
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
  const name = person?.displayName ?? 'That person';
  if (assembly.kind === 'delegates') {
    const seats = await reads.seats({ parentAssemblyId: assembly.id, personId, status: 'active' });
    if (act === 'admit') return err('forbidden', `The members of ${assembly.name} are exactly its delegates: a seat comes from an election in a member assembly, never from ${assembly.name} itself.`);
    const home = seats[0] ? await reads.assembly(seats[0].homeAssemblyId) : null;
    if (home && act === 'exclude') return err('forbidden', `${name} sits in ${assembly.name} for ${home.name}, and ${SEAT_IS_HOMES(home.name)}. ${assembly.name} can ask ${home.name} to recall them: a motion of kind exclusion here becomes that request.`);
    if (home && act === 'leave') return err('forbidden', `You sit in ${assembly.name} for ${home.name}; ${SEAT_IS_HOMES(home.name)}. Ask ${home.name} to recall you.`);
  }
  // A committee's members are exactly those its local assembly elected (src/core/laws/committees.ts).
  if (assembly.kind === 'committee' && act === 'admit') return err('forbidden', `The members of ${assembly.name} are elected by its local assembly (\`committee elect\` there), never admitted here.`);
  if (assembly.kind === 'circle' && assembly.parentAssemblyId && act === 'admit') {
    const local = await reads.assembly(assembly.parentAssemblyId);
    const m = await reads.membership(assembly.parentAssemblyId, personId);
    if (m?.status !== 'active') return err('not-member', `${name} is not a member of ${local?.name ?? 'the local assembly'}; a circle's members are members of its local assembly.`);
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
  const what = federation ? `a new level of ${federation.name}` : `a circle of ${owner.name}`;
  return err('forbidden', `Only a facilitator of ${owner.name}${federation ? ' (or the founder of the federation)' : ''} can add ${what}: ${owner.name} decides what belongs to it.`);
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
  return err('forbidden', `${assembly.name} is not a member of ${f?.name ?? 'that federation'} (it left, by its own vote): its proposals no longer ask ${assembly.name} for an answer, and an answer given here would not count.`);
}

/**
 * Extending an open motion's deadline: the member who moved it or a
 * facilitator of its assembly, both still active members there. A motion the
 * relay opened has no mover, so only a facilitator extends it.
 */
export async function mayExtend(reads: StoreReads, personId: PersonId, motion: Motion, assembly: Assembly): Promise<Result<true>> {
  const m = await reads.membership(assembly.id, personId);
  if (m?.status !== 'active') return err('not-member', `Motion #${motion.number} belongs to ${assembly.name}; only its members act on it.`);
  if (motion.movedById !== personId && m.role !== 'facilitator') return err('forbidden', `Only the member who moved motion #${motion.number} or a facilitator of ${assembly.name} can extend it.`);
  return ok(true);
}

/**
 * A law changes only by its own assembly's motion (amend-law, repeal-law):
 * no other assembly — a federation above, a neighbour, a circle — amends or
 * repeals it.
 */
export function mayChangeLaw(moving: Assembly, owner: Assembly, lawNumber: number): Result<true> {
  if (moving.id === owner.id && owner.kind === 'local') return ok(true);
  return err('forbidden', `Law ${lawNumber} is ${owner.name}'s: only ${owner.name} changes its laws, by its own motion.`);
}

/**
 * Overruling a circle (annulling its decision, requiring it to leave a
 * federation) belongs to its own local assembly alone, by motion: the circle
 * decides routine matters that do not conflict with that assembly's laws,
 * and federates on condition that it abides by them. No other body may.
 */
export function mayOverrule(moving: Assembly, circle: Assembly): Result<true> {
  if (circle.kind !== 'circle') return err('bad-input', `${circle.name} is not a circle; an assembly answers only for its own circles.`);
  if (moving.kind === 'local' && circle.parentAssemblyId === moving.id) return ok(true);
  return err('forbidden', `${circle.name} is a circle of another local assembly: only its own local assembly may overrule it, by its own motion.`);
}
