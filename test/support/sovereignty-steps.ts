import fc from 'fast-check';
import type { Assembly } from '../../src/core/model/entities.js';
import type { AssemblyId, PersonId } from '../../src/core/shared/ids.js';
import { closeDueMotions } from '../../src/core/services/closing.service.js';
import { drainRelay } from './relay-drain.js';
import { changedParts, snapshot, structuralBreaches, type World, type WorldShape, type WorldState } from './sovereignty-world.js';

/** Random steps for the sovereignty property (test/unit/sovereignty): each is resolved against the world as it is when it runs. */
export type Step =
  | { t: 'withdraw-elsewhere'; a: number; p: number; m: number }
  | { t: 'pass'; a: number; what: 'exclude' | 'leave-federation' | 'recall' | 'admit-stranger'; p: number }
  | { t: 'vote-all'; a: number; m: number }
  | { t: 'leave'; a: number; p: number }
  | { t: 'circle'; p: number; a: number }
  | { t: 'federation-assembly'; p: number; f: number }
  | { t: 'act'; a: number; p: number }
  | { t: 'drain' }
  | { t: 'time' };

const idx = fc.nat({ max: 50 });
export const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ t: fc.constant('withdraw-elsewhere' as const), a: idx, p: idx, m: idx }),
  fc.record({ t: fc.constant('pass' as const), a: idx, what: fc.constantFrom('exclude' as const, 'leave-federation' as const, 'recall' as const, 'admit-stranger' as const), p: idx }),
  fc.record({ t: fc.constant('vote-all' as const), a: idx, m: idx }),
  fc.record({ t: fc.constant('leave' as const), a: idx, p: idx }),
  fc.record({ t: fc.constant('circle' as const), p: idx, a: idx }),
  fc.record({ t: fc.constant('federation-assembly' as const), p: idx, f: idx }),
  fc.record({ t: fc.constant('act' as const), a: idx, p: idx }),
  fc.constant({ t: 'drain' as const }),
  fc.constant({ t: 'time' as const }),
);

export const shapeArb: fc.Arbitrary<WorldShape> = fc.record({
  locals: fc.integer({ min: 3, max: 5 }),
  circles: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
  federations: fc.array(fc.record({ levels: fc.integer({ min: 2, max: 4 }), fanout: fc.integer({ min: 1, max: 2 }), offset: fc.nat({ max: 4 }) }), { minLength: 1, maxLength: 2 }),
});

const pick = <T>(list: readonly T[], i: number): T | undefined => (list.length === 0 ? undefined : list[i % list.length]);

export interface Acted {
  /** The assembly the command was typed in (its room), if any. */
  readonly acting: AssemblyId | null;
  readonly actor: string | null;
  readonly job: boolean;
  /** Motions closed at their deadline: each acts for its own assembly. */
  readonly deadline?: boolean;
  readonly line: string;
}

async function assemblies(w: World): Promise<Assembly[]> {
  const reads = w.s.deps.store.read;
  const out: Assembly[] = [];
  for (const id of await reads.assemblyIds()) {
    const a = await reads.assembly(id);
    if (a) out.push(a);
  }
  return out.sort((x, y) => x.name.localeCompare(y.name));
}

const activeNames = async (w: World, a: Assembly): Promise<string[]> => (await w.s.deps.store.read.members(a.id, 'active')).map((m) => m.displayName);

/** Moves a motion as the first active member and has every active member vote yes on it. */
async function pass(w: World, a: Assembly, line: string): Promise<string> {
  const members = await activeNames(w, a);
  const mover = members[0];
  if (!mover) return `${a.name}: nobody to move "${line}"`;
  const r = await w.s.run(mover, w.room(a.name), line);
  const n = /Motion #(\d+) moved/.exec(r.text)?.[1];
  if (!n) return `${a.name}: ${line} → refused (${r.text.split('\n')[1] ?? ''})`;
  for (const m of members) await w.s.run(m, w.room(a.name), `vote ${n} yes`);
  const motion = await w.s.deps.store.read.motionByNumber(a.id, Number(n));
  return `${a.name}: ${line} → #${n} ${motion?.status ?? '?'}`;
}

let fresh = 0;

export async function runStep(w: World, step: Step): Promise<Acted> {
  const reads = w.s.deps.store.read;
  const all = await assemblies(w);
  const withMembers: Assembly[] = [];
  for (const a of all) if ((await activeNames(w, a)).length > 0) withMembers.push(a);
  switch (step.t) {
    case 'time':
      w.s.clock.advance(73 * 3_600_000);
      await closeDueMotions(w.s.deps);
      return { acting: null, actor: null, job: true, deadline: true, line: '73 hours pass: due motions close' };
    case 'drain':
      await drainRelay(w.s.deps, w.sent, w.s.clock);
      return { acting: null, actor: null, job: true, line: 'relay jobs run' };
    case 'withdraw-elsewhere': {
      const a = pick(withMembers, step.a);
      if (!a) break;
      const actor = pick(await activeNames(w, a), step.p) ?? '';
      const open: { name: string; number: number }[] = [];
      for (const x of all) for (const m of await reads.motions(x.id, ['open', 'proposed'])) open.push({ name: x.name, number: m.number });
      const target = pick(open, step.m);
      if (!target) break;
      const line = `motion withdraw "${target.name}#${target.number}"`;
      const r = await w.s.run(actor, w.room(a.name), line);
      return { acting: a.id, actor, job: false, line: `${actor} in ${a.name}: ${line} → ${r.ok ? 'done' : 'refused'}` };
    }
    case 'pass': {
      const a = pick(withMembers, step.a);
      if (!a) break;
      let line = '';
      if (step.what === 'exclude') line = `motion propose "Exclude" --kind exclusion --person ${pick(await activeNames(w, a), step.p) ?? 'nobody'}`;
      if (step.what === 'admit-stranger') line = 'motion propose "Admit" --kind admission --person stranger';
      if (step.what === 'leave-federation') {
        const edge = pick(await reads.parentEdges(a.id), step.p);
        const f = edge ? await reads.federation(edge.federationId) : null;
        if (!f) break;
        line = `federation leave ${f.name}`;
      }
      if (step.what === 'recall') {
        const seat = pick(await reads.seats({ homeAssemblyId: a.id, status: 'active' }), step.p);
        const holder = seat ? await reads.person(seat.personId) : null;
        if (!holder) break;
        line = `recall ${holder.displayName}`;
      }
      const actor = (await activeNames(w, a))[0] ?? null;
      return { acting: a.id, actor, job: false, line: await pass(w, a, line) };
    }
    case 'vote-all': {
      const a = pick(withMembers, step.a);
      const m = a ? pick(await reads.motions(a.id, ['open']), step.m) : undefined;
      if (!a || !m) break;
      for (const name of await activeNames(w, a)) await w.s.run(name, w.room(a.name), `vote ${m.number} yes`);
      const after = await reads.motion(m.id);
      return { acting: a.id, actor: null, job: false, line: `${a.name}: everyone votes yes on #${m.number} (${m.kind}) → ${after?.status ?? '?'}` };
    }
    case 'leave': {
      const a = pick(withMembers, step.a);
      const who = a ? pick(await activeNames(w, a), step.p) : undefined;
      if (!a || !who) break;
      const r = await w.s.run(who, w.room(a.name), 'leave');
      return { acting: a.id, actor: who, job: false, line: `${who} in ${a.name}: leave → ${r.ok ? 'done' : 'refused'}` };
    }
    case 'circle': {
      const locals = all.filter((x) => x.kind === 'local');
      const l = pick(locals, step.a);
      const who = pick(w.people, step.p);
      if (!l || !who) break;
      const line = `circle create "Rogue ${++fresh}" --assembly ${l.name}`;
      const r = await w.s.run(who, `fresh-${fresh}`, line);
      return { acting: null, actor: who, job: false, line: `${who} in a new room: ${line} → ${r.ok ? 'done' : 'refused'}` };
    }
    case 'federation-assembly': {
      const roots = all.filter((x) => x.kind === 'delegates' && / delegates$/.test(x.name));
      const root = pick(roots, step.f);
      const who = pick(w.people, step.p);
      if (!root || !who) break;
      const fname = root.name.replace(/ delegates$/, '');
      const line = `federation assembly "Rogue level ${++fresh}" --federation ${fname}`;
      const r = await w.s.run(who, `fresh-${fresh}`, line);
      return { acting: null, actor: who, job: false, line: `${who} in a new room: ${line} → ${r.ok ? 'done' : 'refused'}` };
    }
    case 'act': {
      // Anyone at all (members, former members, strangers) tries to move and vote in a room.
      const a = pick(all, step.a);
      const who = pick(w.people, step.p);
      if (!a || !who) break;
      const r = await w.s.run(who, w.room(a.name), 'motion propose "Something"');
      const n = /Motion #(\d+) moved/.exec(r.text)?.[1];
      if (n) await w.s.run(who, w.room(a.name), `vote ${n} yes`);
      return { acting: a.id, actor: who, job: false, line: `${who} in ${a.name}: moves and votes → ${n ? `#${n}` : 'refused'}` };
    }
  }
  return { acting: null, actor: null, job: false, line: `(${step.t}: nothing to do)` };
}

/** Whether a change in `y` is a consequence the rule book allows of what `acted` did. */
async function allowed(w: World, before: WorldState, after: WorldState, yId: AssemblyId, part: string, acted: Acted): Promise<boolean> {
  const reads = w.s.deps.store.read;
  const y = after.get(yId) ?? before.get(yId);
  if (!y) return false;
  if (acted.job) return /^motion \S+: proposal-response(\(relay\))?:open → proposal-response(\(relay\))?:(superseded|withdrawn|expired)$/.test(part);
  const member = /^member (\S+): /.exec(part)?.[1] as PersonId | undefined;
  const acting = acted.acting;
  // An assembly that leaves a federation takes the branch it relayed proposals to out of them.
  if (acting && /^motion \S+: proposal-response(\(relay\))?:open → proposal-response(\(relay\))?:withdrawn$/.test(part) && ancestors(before, yId).has(acting)) return true;
  // A member acts in their own assembly from any room (\`Name#12\`) — but the relay's acceptance vote is the assembly's, withdrawn by nobody.
  if (acted.actor && part.startsWith('motion ') && !part.includes('(relay)') && before.get(yId)?.members.get((await reads.personByAccount('console', acted.actor))?.id ?? ('' as PersonId)) === 'active') return true;
  if (member && acting) {
    const own = after.get(acting) ?? before.get(acting);
    const ownBefore = before.get(acting);
    // A delegate's vote upstairs follows the seat the acting assembly gave or took back.
    const parents = new Set([...(ownBefore?.parents ?? []), ...(own?.parents ?? [])]);
    if (parents.has(yId) && own && ownBefore && changedParts(ownBefore, own).some((p) => p.startsWith('seat ') && p.includes(`(${member})`))) return true;
    // A circle's members are members of its local assembly.
    if (y.parentAssemblyId === acting && / → left$/.test(part) && own?.members.get(member) !== 'active') return true;
  }
  // A new part of an assembly, or a new level acting for a federation, needs the owner's consent: its facilitator (or the founder).
  if (acted.actor && (part.startsWith('circles:') || part.startsWith('assemblies acting for'))) {
    const person = await reads.personByAccount('console', acted.actor);
    const m = person ? await reads.membership(yId, person.id) : null;
    if (m?.status === 'active' && m.role === 'facilitator') return true;
    const f = part.startsWith('assemblies acting for') ? await reads.federationByRoot(yId) : null;
    if (f && person && f.foundedById === person.id) return true;
  }
  return false;
}

export function ancestors(state: WorldState, id: AssemblyId): Set<AssemblyId> {
  const seen = new Set<AssemblyId>();
  let frontier = [id];
  while (frontier.length > 0) {
    const next = frontier.flatMap((x) => [...(state.get(x)?.parents ?? [])]).filter((p) => !seen.has(p));
    for (const p of next) seen.add(p);
    frontier = next;
  }
  return seen;
}

export async function breachesOf(w: World, before: WorldState, acted: Acted): Promise<string[]> {
  const after = await snapshot(w.s.deps.store.read);
  // At a deadline, each assembly whose own motion closed acts, by that motion.
  const closing = new Set<AssemblyId>();
  if (acted.deadline) for (const [id, b] of before) if (changedParts(b, after.get(id)).some((p) => /^motion \S+: [^:]+:(open|proposed) → [^:]+:(passed|failed|expired)/.test(p))) closing.add(id);
  const actors: Acted[] = acted.deadline ? [...closing].map((id) => ({ acting: id, actor: null, job: false, line: acted.line })) : [acted];
  const out: string[] = [];
  for (const [id, b] of before) {
    if (id === acted.acting || closing.has(id)) continue;
    for (const part of changedParts(b, after.get(id))) {
      let fine = false;
      for (const a of actors) if (!fine && (await allowed(w, before, after, id, part, a))) fine = true;
      if (!fine) out.push(`${b.name}: ${part}`);
    }
  }
  return [...out, ...(await structuralBreaches(w.s.deps.store.read))];
}

