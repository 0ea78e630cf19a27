import type { Actor, Assembly, RoomRef } from '../model/entities.js';
import type { Federation, Invitation } from '../model/federation.js';
import { defaultPolicy } from '../model/policy.js';
import type { StoreReads, StoreTx } from '../ports/store.port.js';
import { assemblyOfRoom } from '../services/assembly.service.js';
import type { CoreDeps } from '../services/deps.js';
import { personFor } from '../services/identity.service.js';
import { ok, type Result } from '../shared/result.js';
import { cleanName } from '../shared/names.js';
import { errT } from '../i18n/index.js';
import { sameName } from './names.js';
import { claimingName } from '../services/name-race.js';
import { cleanText, LIMITS } from '../shared/text.js';
import { mayAttachTo, maySpeakForDelegates } from '../authority/authority.js';

const HOUR = 3_600_000;

/**
 * The federation an assembly of delegates belongs to: it is the root of one,
 * or was founded in one (`federation assembly`, recorded as its first event).
 */
export async function federationOfDelegates(reads: StoreReads, assembly: Assembly): Promise<Federation | null> {
  const root = await reads.federationByRoot(assembly.id);
  if (root) return root;
  const founding = (await reads.events(assembly.id, 0, 5)).find((e) => e.type === 'delegates.created');
  return typeof founding?.payload.federation === 'string' ? reads.federationByName(founding.payload.federation) : null;
}

/** `federation create`: a federation and its first assembly of delegates, bound to this room. */
export async function createFederation(deps: CoreDeps, actor: Actor, room: RoomRef, rawName: string, rawPurpose: string): Promise<Result<{ federation: Federation; assembly: Assembly }>> {
  const name = cleanName('federation name', rawName);
  if (!name.ok) return name;
  const purpose = cleanText('purpose', rawPurpose, LIMITS.body, { multiline: true });
  if (!purpose.ok) return purpose;
  return claimingName(deps, name.value, async () => (await deps.store.read.federationByName(name.value))?.name ?? (await deps.store.read.assemblyByName(`${name.value} delegates`))?.name, deps.store.transaction(async (tx) => {
    if (await tx.bindingByRoom(room.platform, room.roomId)) return errT('conflict', 'fed.roomTaken.delegates');
    const taken = await tx.federationByName(name.value);
    if (taken) return errT('conflict', 'fed.federationExists', sameName(taken.name, name.value));
    const assemblyName = `${name.value} delegates`;
    if (await tx.assemblyByName(assemblyName)) return errT('conflict', 'fed.delegatesNameTaken', { name: assemblyName });
    const founder = await personFor(tx, actor);
    const assembly = await tx.createAssembly({ kind: 'delegates', name: assemblyName, level: 1, parentAssemblyId: null, policy: defaultPolicy() });
    const federation = await tx.createFederation({ name: name.value, purpose: purpose.value, rootAssemblyId: assembly.id, foundedById: founder.id });
    await tx.bindRoom({ ...room, assemblyId: assembly.id, purpose: 'delegates' });
    const now = deps.clock.now();
    await tx.appendEvent(assembly.id, { type: 'federation.created', actorId: founder.id, payload: { federation: federation.name, purpose: federation.purpose } }, now);
    await tx.appendEvent(assembly.id, { type: 'room.bound', actorId: founder.id, payload: { platform: room.platform, roomId: room.roomId } }, now);
    return ok({ federation, assembly });
  }));
}

/** `federation assembly`: another assembly of delegates in a federation (a middle level); it joins its parent by its own motion. */
export async function createDelegatesAssembly(deps: CoreDeps, actor: Actor, room: RoomRef, rawName: string, federationName: string): Promise<Result<{ federation: Federation; assembly: Assembly }>> {
  const name = cleanName('assembly name', rawName);
  if (!name.ok) return name;
  return claimingName(deps, name.value, async () => (await deps.store.read.assemblyByName(name.value))?.name, deps.store.transaction(async (tx) => {
    if (await tx.bindingByRoom(room.platform, room.roomId)) return errT('conflict', 'fed.roomTaken.delegates');
    const federation = await tx.federationByName(federationName);
    if (!federation) return errT('not-found', 'fed.noFederation', { name: federationName });
    const taken = await tx.assemblyByName(name.value);
    if (taken) return errT('conflict', 'fed.assemblyExists', sameName(taken.name, name.value));
    const founder = await personFor(tx, actor);
    const root = await tx.assembly(federation.rootAssemblyId);
    if (!root) return errT('not-found', 'fed.noTopAssembly', { federation: federation.name });
    // A level that acts in the federation's name (invitations, drafts) needs the federation's consent.
    const allowed = await mayAttachTo(tx, founder.id, root, federation);
    if (!allowed.ok) return allowed;
    const assembly = await tx.createAssembly({ kind: 'delegates', name: name.value, level: 1, parentAssemblyId: null, policy: defaultPolicy() });
    await tx.bindRoom({ ...room, assemblyId: assembly.id, purpose: 'delegates' });
    // Who may issue its first invitations before it has delegates: recorded as its founder.
    await tx.appendEvent(assembly.id, { type: 'delegates.created', actorId: founder.id, payload: { federation: federation.name, founderId: founder.id } }, deps.clock.now());
    return ok({ federation, assembly });
  }));
}

/**
 * Who may speak for an assembly of delegates when issuing invitations: its
 * facilitators, or its founder (the federation's founder for the top one, the
 * creator for a middle one) — needed before any delegate is seated.
 */
async function mayInvite(tx: StoreTx, assembly: Assembly, actor: Actor): Promise<boolean> {
  const person = await tx.personByAccount(actor.platform, actor.externalId);
  return person ? maySpeakForDelegates(tx, person.id, assembly) : false;
}

/** `federation invite`: the parent's consent, as a one-time code the joining assembly votes on. */
/** `onIssued` runs in the issuing transaction (the remote form records the code there). */
export async function invite(deps: CoreDeps, actor: Actor, room: RoomRef, hours: number, onIssued?: (tx: StoreTx, i: { invitation: Invitation; federation: Federation; assembly: Assembly }) => Promise<void>): Promise<Result<{ invitation: Invitation; federation: Federation; assembly: Assembly }>> {
  return deps.store.transaction(async (tx) => {
    const a = await assemblyOfRoom(tx, room);
    if (!a.ok) return a;
    const assembly = a.value;
    if (assembly.kind !== 'delegates') return errT('bad-input', 'fed.invite.notDelegates');
    if (!(await mayInvite(tx, assembly, actor))) return errT('forbidden', 'fed.invite.forbidden', { assembly: assembly.name });
    const federation = await federationOfDelegates(tx, assembly);
    if (!federation) return errT('not-found', 'fed.invite.noFederation', { assembly: assembly.name });
    const person = await personFor(tx, actor);
    const now = deps.clock.now();
    const code = `${federation.name.replace(/[^A-Za-z0-9]+/g, '').slice(0, 8).toUpperCase() || 'FED'}-${deps.randomCode()}`;
    const invitation = await tx.createInvitation({ code, federationId: federation.id, parentAssemblyId: assembly.id, issuedById: person.id, seats: assembly.policy.seats.count, expiresAt: new Date(now.getTime() + hours * HOUR) });
    await tx.appendEvent(assembly.id, { type: 'federation.invitation-issued', actorId: person.id, payload: { code, expiresAt: invitation.expiresAt?.toISOString() ?? null, remote: onIssued !== undefined } }, now);
    if (onIssued) await onIssued(tx, { invitation, federation, assembly });
    return ok({ invitation, federation, assembly });
  });
}

/** Would joining `parent` from `child` create a cycle (the parent sits below the child)? */
export async function wouldCycle(reads: StoreReads, federationId: Federation['id'], child: Assembly, parentId: Assembly['id']): Promise<boolean> {
  let current: Assembly['id'] | null = parentId;
  for (let depth = 0; current && depth < 64; depth++) {
    if (current === child.id) return true;
    const edge = await reads.activeEdge(federationId, current);
    current = edge ? edge.parentAssemblyId : null;
  }
  return false;
}

export { type Federation };
