import { federationModule } from '../../src/core/federation/index.js';
import { federationOfDelegates } from '../../src/core/federation/federation.service.js';
import type { Assembly } from '../../src/core/model/entities.js';
import { defaultPolicy, type Policy } from '../../src/core/model/policy.js';

/** Random steps pack many commands into a few minutes: these worlds are about sovereignty, not flood limits. */
const unlimited = (): Policy => ({ ...defaultPolicy(), flood: { memberCommandsPerMinute: 100_000, memberMotionsPerHour: 100_000, roomCommandsPerMinute: 100_000, roomMotionsPerHour: 100_000 } });
import { relayModule } from '../../src/core/relay/index.js';
import { LIVE_PROPOSAL } from '../../src/core/relay/model.js';
import type { StoreReads, StoreTx } from '../../src/core/ports/store.port.js';
import { Scenario } from '../../src/core/testing/scenario.js';
import type { AssemblyId, PersonId } from '../../src/core/shared/ids.js';
import { drainRelay, type Sent } from './relay-drain.js';

/** The shape of a random world: local assemblies (some with a circle) and federations of 2-4 levels sharing them. */
export interface WorldShape {
  readonly locals: number;
  readonly circles: readonly boolean[];
  readonly federations: readonly { readonly levels: number; readonly fanout: number; readonly offset: number }[];
}

export interface World {
  readonly s: Scenario;
  readonly sent: Sent[];
  readonly room: (name: string) => string;
  /** Everyone who may type a command: members, founders and a stranger. */
  readonly people: readonly string[];
}

export function sovereigntyScenario(): Scenario {
  const f = federationModule();
  const r = relayModule();
  return new Scenario({ extraCommands: [...f.commands, ...r.commands], extraKinds: [...f.kinds, ...r.kinds], observers: f.observers });
}

const room = (name: string): string => `room-${name}`;

async function person(tx: StoreTx, name: string): Promise<PersonId> {
  const p = (await tx.personByAccount('console', name)) ?? (await tx.createPerson(name, { platform: 'console', externalId: name, displayName: name }));
  return p.id;
}

/**
 * Writes the world straight into the store (no votes), with real seats: every
 * member assembly sends one delegate (its first member), and the members of
 * each assembly of delegates are exactly its seat holders. Then each
 * federation's top assembly issues a proposal, relayed one level down.
 */
export async function buildWorld(shape: WorldShape, s: Scenario = sovereigntyScenario()): Promise<World> {
  const people = new Set<string>(['stranger']);
  const pendingSeats: { edge: string; child: Assembly; parent: Assembly }[] = [];
  await s.deps.store.transaction(async (tx) => {
    const at = new Date(0);
    const make = async (kind: Assembly['kind'], name: string, level: number, parent: AssemblyId | null): Promise<Assembly> => {
      const a = await tx.createAssembly({ kind, name, level, parentAssemblyId: parent, policy: unlimited() });
      await tx.bindRoom({ platform: 'console', roomId: room(name), assemblyId: a.id, purpose: 'main' });
      return a;
    };
    const join = async (a: Assembly, name: string, role: 'member' | 'facilitator' = 'member'): Promise<PersonId> => {
      const id = await person(tx, name);
      people.add(name);
      await tx.upsertMembership({ assemblyId: a.id, personId: id, status: 'active', role });
      return id;
    };
    const locals: Assembly[] = [];
    for (let i = 1; i <= shape.locals; i++) {
      const l = await make('local', `L${i}`, 0, null);
      await join(l, `L${i}-a`, 'facilitator');
      await join(l, `L${i}-b`);
      await join(l, `L${i}-c`);
      locals.push(l);
      if (shape.circles[i - 1]) {
        const c = await make('circle', `L${i} circle`, 0, l.id);
        await join(c, `L${i}-a`, 'facilitator');
        await join(c, `L${i}-b`);
      }
    }
    for (const [k, f] of shape.federations.entries()) {
      const fname = `F${k + 1}`;
      const founder = await person(tx, `${fname}-founder`);
      people.add(`${fname}-founder`);
      const root = await make('delegates', `${fname} delegates`, f.levels - 1, null);
      const federation = await tx.createFederation({ name: fname, purpose: 'testing sovereignty', rootAssemblyId: root.id, foundedById: founder });
      // Top down: each assembly of delegates takes `fanout` members from the level below; the bottom takes locals.
      let level: Assembly[] = [root];
      let nextLocal = f.offset;
      const used = new Set<string>();
      for (let depth = f.levels - 2; depth >= 0; depth--) {
        const below: Assembly[] = [];
        for (const [pi, parent] of level.entries()) {
          for (let i = 1; i <= f.fanout; i++) {
            let child: Assembly | undefined;
            if (depth === 0) {
              for (let tries = 0; tries < locals.length && !child; tries++) {
                const l = locals[nextLocal++ % locals.length];
                if (l && !used.has(l.id)) child = l;
              }
              if (!child) continue;
              used.add(child.id);
            } else {
              child = await make('delegates', `${fname} D${depth}.${pi + 1}.${i}`, depth, null);
              await tx.appendEvent(child.id, { type: 'delegates.created', actorId: null, payload: { federation: fname } }, at);
            }
            const edge = await tx.createEdge({ federationId: federation.id, childAssemblyId: child.id, parentAssemblyId: parent.id, seats: 1, joinedByMotionId: null });
            below.push(child);
            // The child's delegate is seated after the child has members of its own (bottom-up below).
            pendingSeats.push({ edge: edge.id, child, parent });
          }
        }
        level = below;
      }
    }
    // Seats bottom-up, so an assembly of delegates has its members (the delegates it received) before it sends one.
    pendingSeats.sort((a, b) => a.child.level - b.child.level);
    for (const p of pendingSeats) {
      const [holder] = (await tx.members(p.child.id, 'active')).map((m) => m.personId);
      if (!holder) continue;
      await tx.createSeat({ edgeId: p.edge, homeAssemblyId: p.child.id, parentAssemblyId: p.parent.id, personId: holder, electedByMotionId: null, startedAt: at, termEndsAt: null });
      await tx.upsertMembership({ assemblyId: p.parent.id, personId: holder, status: 'active', role: 'member' });
    }
  });
  const sent: Sent[] = [];
  // Each federation's top assembly drafts one proposal, passed by its delegates and relayed down one level.
  for (const [k] of shape.federations.entries()) {
    const top = await s.deps.store.read.assemblyByName(`F${k + 1} delegates`);
    const members = top ? await s.deps.store.read.members(top.id, 'active') : [];
    const drafter = members[0]?.displayName;
    if (!top || !drafter) continue;
    const moved = await s.run(drafter, room(top.name), `proposal draft "Plan of F${k + 1}" --text "Share the work" --rule 1`);
    const n = /Motion #(\d+)/.exec(moved.text)?.[1];
    if (!n) continue;
    for (const m of members) await s.run(m.displayName, room(top.name), `vote ${n} yes`);
    await drainRelay(s.deps, sent, s.clock);
  }
  return { s, sent, room, people: [...people].sort() };
}

/** What an assembly owns, as the rule book counts it: its motions' status and outcome, its members, its seats, its policy, its parts. */
export interface AssemblyState {
  readonly name: string;
  readonly kind: Assembly['kind'];
  readonly parentAssemblyId: AssemblyId | null;
  readonly motions: ReadonlyMap<string, string>;
  readonly members: ReadonlyMap<PersonId, string>;
  /** Seats this assembly holds upstairs: status, and whether the holder can vote there. */
  readonly seats: ReadonlyMap<string, { personId: PersonId; state: string }>;
  readonly policy: string;
  readonly circles: readonly string[];
  /** For a federation's top assembly: the assemblies that act in its federation's name. */
  readonly claimants: readonly string[];
  /** Parents in every federation, and member assemblies (ids), before or after a change. */
  readonly parents: readonly AssemblyId[];
}

export type WorldState = ReadonlyMap<AssemblyId, AssemblyState>;

export async function snapshot(reads: StoreReads): Promise<WorldState> {
  const out = new Map<AssemblyId, AssemblyState>();
  const ids = await reads.assemblyIds();
  const claimants = new Map<AssemblyId, string[]>();
  for (const id of ids) {
    const a = await reads.assembly(id);
    if (a?.kind !== 'delegates') continue;
    const f = await federationOfDelegates(reads, a);
    if (f && f.rootAssemblyId !== a.id) claimants.set(f.rootAssemblyId, [...(claimants.get(f.rootAssemblyId) ?? []), a.name]);
  }
  for (const id of ids) {
    const a = await reads.assembly(id);
    if (!a) continue;
    const motions = new Map((await reads.motions(id)).map((m) => [m.id as string, `${m.kind}${m.payload.auto === true ? '(relay)' : ''}:${m.status}${m.result ? `/${m.result.outcome}` : ''}`] as const));
    const members = new Map((await reads.members(id)).map((m) => [m.personId, m.status] as const));
    const seats = new Map<string, { personId: PersonId; state: string }>();
    for (const seat of await reads.seats({ homeAssemblyId: id })) {
      const upstairs = await reads.membership(seat.parentAssemblyId, seat.personId);
      seats.set(seat.id, { personId: seat.personId, state: `${seat.status}/${seat.status === 'active' ? (upstairs?.status ?? 'none') : '-'}` });
    }
    const circles = a.kind === 'local' ? [...(await reads.circlesOf(id))].sort() : [];
    const parents = (await reads.parentEdges(id)).map((e) => e.parentAssemblyId);
    out.set(id, { name: a.name, kind: a.kind, parentAssemblyId: a.parentAssemblyId, motions, members, seats, policy: JSON.stringify(a.policy), circles, claimants: (claimants.get(id) ?? []).sort(), parents });
  }
  return out;
}

/** The parts of an assembly's state that differ between two snapshots. */
export function changedParts(before: AssemblyState, after: AssemblyState | undefined): string[] {
  if (!after) return ['removed'];
  const parts: string[] = [];
  for (const [id, st] of before.motions) if (after.motions.get(id) !== st) parts.push(`motion ${id}: ${st} → ${after.motions.get(id) ?? 'gone'}`);
  const people = new Set([...before.members.keys(), ...after.members.keys()]);
  for (const p of people) if (before.members.get(p) !== after.members.get(p)) parts.push(`member ${p}: ${before.members.get(p) ?? 'none'} → ${after.members.get(p) ?? 'none'}`);
  for (const [id, st] of before.seats) if (after.seats.get(id)?.state !== st.state) parts.push(`seat ${id} (${st.personId}): ${st.state} → ${after.seats.get(id)?.state ?? 'gone'}`);
  for (const [id, st] of after.seats) if (!before.seats.has(id)) parts.push(`seat ${id} (${st.personId}): none → ${st.state}`);
  if (before.policy !== after.policy) parts.push('policy');
  if (before.circles.join() !== after.circles.join()) parts.push(`circles: [${before.circles.join()}] → [${after.circles.join()}]`);
  if (before.claimants.join() !== after.claimants.join()) parts.push(`assemblies acting for its federation: [${before.claimants.join()}] → [${after.claimants.join()}]`);
  return parts;
}

/**
 * Structural rules that hold whatever happened: a circle's members are members
 * of its local assembly; an assembly of delegates' members are exactly the
 * holders of its active seats; an assembly outside a federation has no live
 * referral and no open response motion there. Returns the broken ones.
 */
export async function structuralBreaches(reads: StoreReads): Promise<string[]> {
  const out: string[] = [];
  for (const id of await reads.assemblyIds()) {
    const a = await reads.assembly(id);
    if (!a) continue;
    const active = new Set((await reads.members(id, 'active')).map((m) => m.personId));
    if (a.kind === 'circle' && a.parentAssemblyId) {
      const local = new Set((await reads.members(a.parentAssemblyId, 'active')).map((m) => m.personId));
      for (const m of await reads.members(id)) if ((m.status === 'active' || m.status === 'pending') && !local.has(m.personId)) out.push(`${a.name}: ${m.displayName} is ${m.status} in the circle but not a member of its local assembly`);
      for (const motion of await reads.motions(id, ['open'])) for (const b of await reads.ballots(motion.id)) if (!active.has(b.personId)) out.push(`${a.name} #${motion.number}: a ballot of a non-member counts`);
    }
    if (a.kind === 'delegates') {
      const seated = new Set((await reads.seats({ parentAssemblyId: id, status: 'active' })).map((s) => s.personId));
      for (const p of seated) if (!active.has(p)) out.push(`${a.name}: ${(await reads.person(p))?.displayName ?? p} holds a seat but cannot vote there`);
      for (const p of active) if (!seated.has(p)) out.push(`${a.name}: ${(await reads.person(p))?.displayName ?? p} votes there without a seat`);
    }
    for (const r of await reads.relay.referralsTo(id, 100)) {
      const p = await reads.relay.proposal(r.proposalId);
      if (!p || !LIVE_PROPOSAL.includes(p.status) || p.closedAt || p.currentVersion !== r.version || r.depth === 0) continue;
      if (['superseded', 'withdrawn', 'expired'].includes(r.status)) continue;
      if (await reads.activeEdge(p.federationId, id)) continue;
      out.push(`${a.name} is not in the federation of P-${p.number} but its referral there is ${r.status}`);
      const motion = r.responseMotionId ? await reads.motion(r.responseMotionId) : null;
      if (motion?.status === 'open') out.push(`${a.name} #${motion.number}: a response to P-${p.number} is still open after leaving`);
    }
  }
  return out;
}
