import type { Actor, Assembly, RoomRef } from '../model/entities.js';
import type { FederationEdge } from '../model/federation.js';
import type { StoreTx } from '../ports/store.port.js';
import { assemblyOfRoom } from '../services/assembly.service.js';
import type { CoreDeps } from '../services/deps.js';
import { personFor } from '../services/identity.service.js';
import { ok, type Result } from '../shared/result.js';
import { errT } from '../i18n/index.js';

/** This room's assembly and its active edge in the named federation. */
export async function homeEdge(tx: StoreTx, room: RoomRef, federationName: string): Promise<Result<{ home: Assembly; edge: FederationEdge }>> {
  const a = await assemblyOfRoom(tx, room);
  if (!a.ok) return a;
  const f = await tx.federationByName(federationName);
  if (!f) return errT('not-found', 'fed.noFederation', { name: federationName });
  const edge = await tx.activeEdge(f.id, a.value.id);
  if (!edge) return errT('not-found', 'fed.notIn', { assembly: a.value.name, federation: f.name });
  return ok({ home: a.value, edge });
}

/** Nominates a member (or yourself) for this assembly's seats in a federation; self-nominations count as accepted. */
export async function nominate(deps: CoreDeps, actor: Actor, room: RoomRef, federationName: string, nominee: Actor | null): Promise<Result<{ name: string; accepted: boolean }>> {
  return deps.store.transaction(async (tx) => {
    const he = await homeEdge(tx, room, federationName);
    if (!he.ok) return he;
    const { home, edge } = he.value;
    // The home assembly's lock before the look at open nominations: racing nominations of one
    // person (two clients, a command delivered twice) queue, and the second finds the first.
    await tx.lockAssembly(home.id);
    const me = await personFor(tx, actor);
    const person = nominee ? await personFor(tx, nominee) : me;
    const m = await tx.membership(home.id, person.id);
    if (m?.status !== 'active') return errT('not-member', 'fed.nominate.notMember', { person: person.displayName, assembly: home.name });
    if ((await tx.openNominations(edge.id)).some((n) => n.personId === person.id)) return errT('conflict', 'fed.nominate.already', { person: person.displayName });
    if ((await tx.seats({ edgeId: edge.id, personId: person.id, status: 'active' })).length > 0) return errT('conflict', 'fed.nominate.seated', { person: person.displayName, assembly: home.name });
    const n = await tx.createNomination({ homeAssemblyId: home.id, edgeId: edge.id, personId: person.id, nominatedById: me.id });
    const now = deps.clock.now();
    const self = person.id === me.id;
    if (self) await tx.acceptNomination(n.id, now);
    await tx.appendEvent(home.id, { type: 'nomination.made', actorId: me.id, payload: { personId: person.id, federation: federationName, accepted: self } }, now);
    return ok({ name: person.displayName, accepted: self });
  });
}

export async function acceptNomination(deps: CoreDeps, actor: Actor, room: RoomRef, federationName: string): Promise<Result<{ home: Assembly }>> {
  return deps.store.transaction(async (tx) => {
    const he = await homeEdge(tx, room, federationName);
    if (!he.ok) return he;
    await tx.lockAssembly(he.value.home.id);
    const me = await personFor(tx, actor);
    const n = (await tx.openNominations(he.value.edge.id)).find((x) => x.personId === me.id);
    if (!n) return errT('not-found', 'fed.nomination.none', { federation: federationName });
    if (n.acceptedAt) return errT('conflict', 'fed.nomination.alreadyAccepted');
    const now = deps.clock.now();
    await tx.acceptNomination(n.id, now);
    await tx.appendEvent(he.value.home.id, { type: 'nomination.accepted', actorId: me.id, payload: { federation: federationName } }, now);
    return ok({ home: he.value.home });
  });
}

/**
 * The nominee stands down before the election is called (accepted or not).
 * Once on a ballot it is too late: the election is already open and counts
 * the ballot as it was called.
 */
export async function withdrawNomination(deps: CoreDeps, actor: Actor, room: RoomRef, federationName: string): Promise<Result<{ home: Assembly }>> {
  return deps.store.transaction(async (tx) => {
    const he = await homeEdge(tx, room, federationName);
    if (!he.ok) return he;
    // Under the home assembly's lock, as an election call reads the nominations: a withdrawal
    // either comes before the call (and is not on its ballot) or after it (and is refused).
    await tx.lockAssembly(he.value.home.id);
    const me = await personFor(tx, actor);
    const n = (await tx.openNominations(he.value.edge.id)).find((x) => x.personId === me.id);
    if (!n) return errT('not-found', 'fed.nomination.noneOpen', { federation: federationName });
    const now = deps.clock.now();
    await tx.withdrawNomination(n.id, now);
    await tx.appendEvent(he.value.home.id, { type: 'nomination.withdrawn', actorId: me.id, payload: { federation: federationName } }, now);
    return ok({ home: he.value.home });
  });
}
