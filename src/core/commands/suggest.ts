import type { Actor, Assembly, Motion, RoomRef } from '../model/entities.js';
import { committeeOf } from '../laws/committees.js';
import { proposalRef } from '../relay/model.js';
import { assemblyOfRoom, membershipOf } from '../services/assembly.service.js';
import { resolveMotion } from '../services/motion.service.js';
import { formatMotionRef } from '../services/motion-ref.js';
import type { CoreDeps } from '../services/deps.js';
import type { AssemblyId } from '../shared/ids.js';
import type { CommandSpec, SuggestKind } from './command.js';

/** One pick offered while a member types an argument: what they see and what is filled in. */
export interface Suggestion {
  readonly label: string;
  readonly value: string;
}

/** Discord shows at most 25; other platforms may show fewer. */
export const MAX_SUGGESTIONS = 25;
const MOTIONS_LOOKED_AT = 100;

export interface SuggestRequest {
  readonly deps: CoreDeps;
  readonly actor: Actor;
  readonly room: RoomRef;
  readonly spec: CommandSpec;
  /** The argument being typed. */
  readonly arg: string;
  /** What is typed so far. */
  readonly typed: string;
  /** The other arguments given so far (the motion whose options to offer). */
  readonly given: Readonly<Record<string, unknown>>;
}

/**
 * Picks for an argument as it is typed (Discord autocomplete), from what the
 * member may see anyway: this room's assembly's motions (open ones first)
 * and its neighbours' names, the options of a motion in an assembly they are
 * a member of, the proposals this assembly made or was offered. Never another
 * assembly's ballots or anything of an assembly the room is not linked to.
 * Best matches first (prefix before substring), at most 25.
 */
export async function suggest(r: SuggestRequest): Promise<Suggestion[]> {
  const kind = r.spec.args.find((a) => a.name === r.arg)?.suggest;
  if (!kind) return [];
  const here = await assemblyOfRoom(r.deps.store.read, r.room);
  const all = await SOURCES[kind](r, here.ok ? here.value : null);
  return rank(all, r.typed);
}

type Source = (r: SuggestRequest, here: Assembly | null) => Promise<Suggestion[]>;

const SOURCES: Readonly<Record<SuggestKind, Source>> = {
  motion: async (r, here) => (here ? motionPicks(r, here, (m) => String(m.number)) : []),
  'upstairs-motion': async (r, here) => {
    if (!here || !(await isMember(r, here.id))) return [];
    const parents = await neighbours(r, here, 'parents');
    return (await Promise.all(parents.map((p) => motionPicks(r, p, (m) => formatMotionRef(p.name, m.number), p.name)))).flat();
  },
  assembly: async (r, here) => (here ? [here, ...(await neighbours(r, here, 'all'))].map((a) => ({ label: a.name, value: a.name })) : []),
  federation: async (r, here) => (here ? federationPicks(r, here) : []),
  seats: async (r, here) => (here ? [...(await federationPicks(r, here)), ...(await committeePicks(r, here))] : []),
  option: optionPicks,
  proposal: async (r, here) => {
    if (!here) return [];
    const relay = r.deps.store.read.relay;
    const [own, offered] = await Promise.all([relay.proposalsOf(here.id, 50), relay.referralsTo(here.id, 50)]);
    const ids = [...new Set([...own.map((p) => p.id), ...offered.map((x) => x.proposalId)])];
    const picks = await Promise.all(
      ids.map(async (id) => {
        const p = await relay.proposal(id);
        if (!p) return [];
        const v = await relay.version(p.id, p.currentVersion);
        return [{ label: `${proposalRef(p)} ${v?.title ?? ''} (${p.status})`, value: proposalRef(p) }];
      }),
    );
    return picks.flat();
  },
};

async function federationPicks(r: SuggestRequest, here: Assembly): Promise<Suggestion[]> {
  const reads = r.deps.store.read;
  const ids = new Set((await reads.parentEdges(here.id)).map((e) => e.federationId as string));
  const rooted = await reads.federationByRoot(here.id);
  const feds = await Promise.all([...ids].map((id) => reads.federation(id as never)));
  return [...(rooted ? [rooted] : []), ...feds.flatMap((f) => (f ? [f] : []))].map((f) => ({ label: f.name, value: f.name }));
}

/** A local assembly's committees that have not ended (`committee.ended` in their own record). */
async function committeePicks(r: SuggestRequest, here: Assembly): Promise<Suggestion[]> {
  if (here.kind !== 'local') return [];
  const reads = r.deps.store.read;
  const ids = await reads.laws.committeesOf(here.id);
  const picks = await Promise.all(
    ids.map(async (id) => {
      const a = await reads.assembly(id);
      const c = a ? await committeeOf(reads, a) : null;
      return c && !c.ended ? [{ label: `${c.assembly.name} (committee)`, value: c.assembly.name }] : [];
    }),
  );
  return picks.flat();
}

/** Open and proposed motions first, then the latest closed ones. */
async function motionPicks(r: SuggestRequest, a: Assembly, value: (m: Motion) => string, prefix = ''): Promise<Suggestion[]> {
  const reads = r.deps.store.read;
  const [open, rest] = await Promise.all([reads.motions(a.id, ['open', 'proposed'], MOTIONS_LOOKED_AT), reads.motions(a.id, undefined, MOTIONS_LOOKED_AT)]);
  const openIds = new Set(open.map((m) => m.id));
  const ordered = [...open, ...rest.filter((m) => !openIds.has(m.id)).sort((x, y) => y.number - x.number)];
  return ordered.map((m) => ({ label: `${prefix ? `${prefix} ` : ''}#${m.number} ${m.title} (${m.status})`, value: value(m) }));
}

/** The options of the motion named so far, if the member belongs to its assembly. */
async function optionPicks(r: SuggestRequest): Promise<Suggestion[]> {
  const ref = r.given.motion;
  if (typeof ref !== 'string' || ref.trim() === '') return [];
  const found = await resolveMotion(r.deps.store.read, r.room, ref);
  if (!found.ok || !(await isMember(r, found.value.assembly.id))) return [];
  const m = found.value.motion;
  if (m.method === 'yes-no-abstain') return ['yes', 'no', 'abstain'].map((c) => ({ label: c, value: c }));
  return m.options.map((o, i) => ({ label: `${i + 1}. ${o}`, value: o }));
}

async function isMember(r: SuggestRequest, assemblyId: AssemblyId): Promise<boolean> {
  const a = await r.deps.store.read.assembly(assemblyId);
  return a !== null && (await membershipOf(r.deps.store.read, a, r.actor))?.status === 'active';
}

/** Assemblies linked to this one by a federation: its parents, and (for `all`) its members and circles. */
async function neighbours(r: SuggestRequest, here: Assembly, which: 'parents' | 'all'): Promise<Assembly[]> {
  const reads = r.deps.store.read;
  const parents = (await reads.parentEdges(here.id)).map((e) => e.parentAssemblyId);
  const more = which === 'all' ? [...(await reads.childEdges(here.id)).map((e) => e.childAssemblyId), ...(await reads.circlesOf(here.id))] : [];
  const ids = [...new Set([...parents, ...more])].filter((id) => id !== here.id);
  return (await Promise.all(ids.map((id) => reads.assembly(id)))).flatMap((a) => (a ? [a] : []));
}

/** Prefix matches, then matches anywhere (label or value), in the sources' order; the first of equal values wins. */
function rank(all: readonly Suggestion[], typed: string): Suggestion[] {
  const t = typed.trim().toLowerCase().replace(/^#/, '');
  const seen = new Set<string>();
  const unique = all.filter((s) => !seen.has(s.value) && seen.add(s.value));
  if (t === '') return unique.slice(0, MAX_SUGGESTIONS);
  const starts = (s: Suggestion) => s.value.toLowerCase().startsWith(t) || s.label.toLowerCase().replace(/^.*?#/, '').startsWith(t) || s.label.toLowerCase().startsWith(t);
  const first = unique.filter(starts);
  const then = unique.filter((s) => !starts(s) && `${s.label} ${s.value}`.toLowerCase().includes(t));
  return [...first, ...then].slice(0, MAX_SUGGESTIONS);
}
