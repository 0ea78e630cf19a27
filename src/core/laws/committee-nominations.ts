import { quoteArg } from '../messages/command-ref.js';
import type { Actor, Assembly, Motion, RoomRef } from '../model/entities.js';
import type { StoreReads, StoreTx } from '../ports/store.port.js';
import { assemblyOfRoom } from '../services/assembly.service.js';
import type { CoreDeps } from '../services/deps.js';
import { personFor } from '../services/identity.service.js';
import { moveMotionIn } from '../services/motion.service.js';
import type { PersonId } from '../shared/ids.js';
import { ok, type Result } from '../shared/result.js';
import { ballotCandidates, RON } from '../federation/elections.js';
import { committeeNamed, seated, stillRunning, type Committee } from './committees.js';
import { errT } from '../i18n/localized.js';
import { roomSpeech } from '../i18n/audience.js';

/*
 * A committee's seats are filled as a delegate's are (DOMAIN.md §6, issue
 * 20): members of the local assembly are nominated (self-nomination counts as
 * accepted), each nominee accepts (`nomination accept`) or withdraws, and the
 * election is called with the accepted nominees only; nobody is on a ballot,
 * or seated, without having consented. The commands are the delegates' own
 * (`nominate`, `nomination accept|withdraw`, `election call`, and `committee
 * elect`), naming the committee where they name a federation.
 */

/** Whether `name` names a committee (and no federation): the delegates' nomination commands then act on its seats. */
export async function namesCommittee(reads: Pick<StoreReads, 'federationByName' | 'assemblyByName'>, name: string): Promise<boolean> {
  if (await reads.federationByName(name)) return false;
  return (await reads.assemblyByName(name))?.kind === 'committee';
}

/**
 * The committee `name` of this room's local assembly, still running (never
 * another assembly's), under the local assembly's lock: nominations of one
 * person racing make one, and none changes while an election is called or a
 * committee election closes (which holds that lock, then the committee's:
 * the same order here).
 */
async function committeeHere(tx: StoreTx, deps: CoreDeps, room: RoomRef, name: string): Promise<Result<Committee>> {
  const a = await assemblyOfRoom(tx, room);
  if (!a.ok) return a;
  if (a.value.kind !== 'local') return errT('bad-input', 'committee.refused.notLocalSeats', { assembly: a.value.name });
  await tx.lockAssembly(a.value.id);
  const c = await committeeNamed(tx, a.value, name);
  if (!c.ok) return c;
  if (!(await stillRunning(tx, c.value, deps.clock.now()))) return errT('closed', 'committee.refused.termEnded', { committee: c.value.assembly.name });
  return c;
}

/** Nominates a member of the local assembly (or yourself) for a committee's seats; a self-nomination counts as accepted. */
export async function nominateToCommittee(deps: CoreDeps, actor: Actor, room: RoomRef, name: string, nominee: Actor | null): Promise<Result<{ name: string; committee: string; accepted: boolean }>> {
  return deps.store.transaction(async (tx) => {
    const c = await committeeHere(tx, deps, room, name);
    if (!c.ok) return c;
    const { assembly: committee, local } = c.value;
    const me = await personFor(tx, actor);
    const person = nominee ? await personFor(tx, nominee) : me;
    if ((await tx.membership(local.id, person.id))?.status !== 'active') return errT('not-member', 'committee.refused.notMember', { person: person.displayName, local: local.name, committee: committee.name });
    if ((await tx.openCommitteeNominations(committee.id)).some((n) => n.personId === person.id)) return errT('conflict', 'committee.refused.alreadyNominated', { person: person.displayName, committee: committee.name });
    if ((await tx.membership(committee.id, person.id))?.status === 'active') return errT('conflict', 'committee.refused.alreadySits', { person: person.displayName, committee: committee.name });
    const n = await tx.createNomination({ homeAssemblyId: local.id, committeeId: committee.id, personId: person.id, nominatedById: me.id });
    const now = deps.clock.now();
    const self = person.id === me.id;
    if (self) await tx.acceptNomination(n.id, now);
    await tx.appendEvent(local.id, { type: 'nomination.made', actorId: me.id, payload: { personId: person.id, committee: committee.name, accepted: self } }, now);
    return ok({ name: person.displayName, committee: committee.name, accepted: self });
  });
}

async function ownNomination(deps: CoreDeps, actor: Actor, room: RoomRef, name: string, act: 'accept' | 'withdraw'): Promise<Result<{ local: Assembly; committee: string }>> {
  return deps.store.transaction(async (tx) => {
    const c = await committeeHere(tx, deps, room, name);
    if (!c.ok) return c;
    const { assembly: committee, local } = c.value;
    const me = await personFor(tx, actor);
    const n = (await tx.openCommitteeNominations(committee.id)).find((x) => x.personId === me.id);
    if (!n) return errT('not-found', act === 'accept' ? 'committee.refused.notNominated' : 'committee.refused.noOpenNomination', { committee: committee.name });
    const now = deps.clock.now();
    if (act === 'accept') {
      if (n.acceptedAt) return errT('conflict', 'committee.refused.alreadyAccepted');
      await tx.acceptNomination(n.id, now);
    } else await tx.withdrawNomination(n.id, now);
    await tx.appendEvent(local.id, { type: act === 'accept' ? 'nomination.accepted' : 'nomination.withdrawn', actorId: me.id, payload: { committee: committee.name } }, now);
    return ok({ local, committee: committee.name });
  });
}

/** The nominee consents: from now on they go on the committee's next ballot. */
export const acceptCommitteeNomination = (deps: CoreDeps, actor: Actor, room: RoomRef, name: string) => ownNomination(deps, actor, room, name, 'accept');
/** The nominee stands down before the election is called, accepted or not. */
export const withdrawCommitteeNomination = (deps: CoreDeps, actor: Actor, room: RoomRef, name: string) => ownNomination(deps, actor, room, name, 'withdraw');

/**
 * Moves the election of a committee's vacant seats in its local assembly,
 * with the accepted nominees who are still members and not seated (or a
 * shortlist of them) and "Re-open nominations"; ranked (IRV for one seat,
 * STV for several). The nominations on the ballot are taken into it.
 */
export async function callCommitteeElection(deps: CoreDeps, actor: Actor, room: RoomRef, name: string, opts: { hours?: number | undefined; shortlist?: readonly string[] | undefined }): Promise<Result<{ motion: Motion; assembly: Assembly; effect: string }>> {
  return deps.store.transaction(async (tx) => {
    const found = await committeeHere(tx, deps, room, name);
    if (!found.ok) return found;
    const { assembly: committee, local, terms } = found.value;
    const me = await personFor(tx, actor);
    const open = terms.seats - (await seated(tx, committee)).length;
    if (open <= 0) return errT('conflict', 'committee.refused.full', { seats: terms.seats, committee: committee.name });
    const accepted: { id: PersonId; name: string; nomination: string; acceptedAt: Date }[] = [];
    for (const n of await tx.openCommitteeNominations(committee.id)) {
      if (!n.acceptedAt || (await tx.membership(local.id, n.personId))?.status !== 'active' || (await tx.membership(committee.id, n.personId))?.status === 'active') continue;
      const p = await tx.person(n.personId);
      if (p) accepted.push({ id: n.personId, name: p.displayName, nomination: n.id, acceptedAt: n.acceptedAt });
    }
    const chosen = ballotCandidates(accepted, local.policy.electionCandidates, opts.shortlist);
    if (!chosen.ok) return chosen;
    const candidates = chosen.value.on;
    if (candidates.length === 0) return errT('bad-input', 'committee.refused.noNominees', { committee: committee.name, name: quoteArg(committee.name) });
    // The ballot's words are the local assembly's: its members read them.
    const t = roomSpeech(local.policy);
    const waiting = chosen.value.left > 0 ? t.t('committee.election.waiting', { count: chosen.value.left }) : '';
    const seats = Math.min(open, candidates.length);
    const r = await moveMotionIn(tx, deps, local, me.id, {
      kind: 'election',
      title: t.t('committee.election.title', { seats, committee: committee.name }),
      body: t.t('committee.election.body', { candidates: candidates.map((c) => c.name).join(', '), ron: RON, waiting }),
      method: 'ranked',
      options: [...candidates.map((c) => c.name), RON],
      seats,
      hours: opts.hours,
      payload: { committeeId: committee.id, committee: committee.name, candidates: candidates.map((c) => c.id) },
    });
    if (!r.ok) return r;
    await tx.useNominations(candidates.map((c) => c.nomination), r.value.motion.id);
    return ok(r.value);
  });
}
