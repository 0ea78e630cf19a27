import type { Actor, Assembly, Platform, RoomBinding } from '../model/entities.js';
import type { ElectorateSource } from '../ports/electorate-source.port.js';
import type { StoreTx } from '../ports/store.port.js';
import type { AssemblyId } from '../shared/ids.js';
import type { CoreDeps } from './deps.js';
import { endCircleMemberships, lockOpenMotions, voidDepartedBallots } from './departure.js';
import { personFor } from './identity.service.js';

/*
 * Assemblies whose membership is a platform role (policy `electorate
 * role:…`). Holders are members: a holder who is not one joins, a member who
 * no longer holds it leaves, each as its own recorded change through the
 * same steps as `join` and `leave` (a leave voids the person's ballots on open
 * motions). An excluded person stays excluded whatever roles they hold: only
 * the assembly readmits (admission motion). Assemblies of delegates never
 * follow a role (their members are their delegates).
 */

/** One assembly's electorate: its role, and the server of its rooms on the platform. */
export interface Electorate {
  readonly assembly: Assembly;
  readonly serverId: string;
  readonly roleId: string;
}

export type RoleChange = 'joined' | 'left' | 'unchanged';

/** The assemblies following a role on `platform` (optionally in one server). */
export async function electorates(deps: CoreDeps, platform: Platform, serverId?: string): Promise<Electorate[]> {
  const out: Electorate[] = [];
  for (const id of await deps.store.read.roleElectorateAssemblyIds()) {
    const assembly = await deps.store.read.assembly(id);
    const roleId = assembly?.policy.electorateRole;
    if (!assembly || !roleId || assembly.kind === 'delegates') continue;
    const binding = (await deps.store.read.bindingsOf(id)).find((b: RoomBinding) => b.platform === platform && b.serverId && (serverId === undefined || b.serverId === serverId));
    if (binding?.serverId) out.push({ assembly, serverId: binding.serverId, roleId });
  }
  return out;
}

/** The account holds (or no longer holds) the assembly's role: membership follows, recorded in the chain. */
export async function followRole(deps: CoreDeps, assemblyId: AssemblyId, account: Actor, holds: boolean): Promise<RoleChange> {
  return deps.store.transaction(async (tx) => {
    const assembly = await tx.lockAssembly(assemblyId);
    if (!assembly?.policy.electorateRole || assembly.kind === 'delegates') return 'unchanged';
    const person = holds ? await personFor(tx, account) : await tx.personByAccount(account.platform, account.externalId);
    if (!person) return 'unchanged';
    const m = await tx.membership(assembly.id, person.id);
    const now = deps.clock.now();
    const role = assembly.policy.electorateRole;
    if (holds) {
      if (m?.status === 'active' || m?.status === 'excluded') return 'unchanged';
      await tx.upsertMembership({ assemblyId: assembly.id, personId: person.id, status: 'active', role: 'member' });
      await tx.appendEvent(assembly.id, { type: 'member.joined', actorId: null, payload: { personId: person.id, byRole: role } }, now);
      return 'joined';
    }
    if (m?.status !== 'active' && m?.status !== 'pending') return 'unchanged';
    await depart(tx, assembly, person.id, m.status === 'active', role, now);
    return 'left';
  });
}

async function depart(tx: StoreTx, assembly: Assembly, personId: Parameters<typeof voidDepartedBallots>[2], wasActive: boolean, role: string, now: Date): Promise<void> {
  // The assembly's lock, then its open motions (departure.ts says why).
  const open = wasActive ? await lockOpenMotions(tx, assembly.id) : [];
  await tx.upsertMembership({ assemblyId: assembly.id, personId, status: 'left', role: 'member' });
  await tx.appendEvent(assembly.id, { type: 'member.left', actorId: null, payload: { personId, lostRole: role } }, now);
  await voidDepartedBallots(tx, open, personId, now, 'lost the role that made them a member');
  await endCircleMemberships(tx, assembly, personId, now, 'left');
}

export interface SyncOutcome {
  readonly assemblies: number;
  readonly joined: number;
  readonly left: number;
  /** Assemblies checked member by member (the platform would not list the role's holders). */
  readonly checkedOneByOne: number;
}

/**
 * Brings every role-electorate assembly on the platform in line with the
 * role, for changes no event reported (the bot was offline, or runs without
 * the platform's member events). With the holders' list: joins and leaves;
 * without it: each active member is asked about, and those who lost the
 * role leave (newcomers then join by command, which checks the role).
 */
export async function syncElectorates(deps: CoreDeps, platform: Platform, source: ElectorateSource): Promise<SyncOutcome> {
  let joined = 0;
  let left = 0;
  let checkedOneByOne = 0;
  const list = await electorates(deps, platform);
  for (const e of list) {
    const holders = await source.roleHolders(e.serverId, e.roleId);
    const members = (await deps.store.read.members(e.assembly.id, 'active')).map((m) => m.personId);
    const accounts = new Map<string, Actor>();
    for (const personId of members) for (const a of await deps.store.read.accountsOf(personId)) if (a.platform === platform) accounts.set(a.externalId, a);
    const count = (c: RoleChange): void => {
      if (c === 'joined') joined++;
      if (c === 'left') left++;
    };
    if (holders) {
      const holding = new Set(holders.map((h) => h.userId));
      for (const h of holders) if (!accounts.has(h.userId)) count(await followRole(deps, e.assembly.id, { platform, externalId: h.userId, displayName: h.displayName }, true));
      for (const [userId, account] of accounts) if (!holding.has(userId)) count(await followRole(deps, e.assembly.id, account, false));
      continue;
    }
    checkedOneByOne++;
    for (const [userId, account] of accounts) {
      // null: the platform could not say now; nobody leaves on an outage.
      if ((await source.holdsRole(e.serverId, userId, e.roleId)) === false) count(await followRole(deps, e.assembly.id, account, false));
    }
  }
  return { assemblies: list.length, joined, left, checkedOneByOne };
}

/**
 * After an exclusion the assembly wanted enforced in its rooms: the role that
 * made the person a member is taken away on each platform that has it, so
 * the next sync does not find a holder who is no member. Best effort (the
 * person stays excluded either way: an excluded holder never rejoins by role);
 * a failure is logged for the facilitators to fix by hand.
 */
export async function takeElectorateRole(deps: CoreDeps, assembly: Assembly, personId: Parameters<typeof voidDepartedBallots>[2], reason: string): Promise<void> {
  const role = assembly.policy.electorateRole;
  if (!role) return;
  const bindings = await deps.store.read.bindingsOf(assembly.id);
  for (const account of await deps.store.read.accountsOf(personId)) {
    const source = deps.electorates?.get(account.platform);
    const serverId = bindings.find((b) => b.platform === account.platform && b.serverId)?.serverId;
    if (!source || !serverId) continue;
    const out = await source.removeRole(serverId, account.externalId, role, reason);
    if (!out.ok) deps.log.warn({ assemblyId: assembly.id, platform: account.platform, reason: out.reason }, 'could not take the electorate role from an excluded member');
  }
}
