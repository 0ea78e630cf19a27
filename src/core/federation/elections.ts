import type { Assembly } from '../model/entities.js';
import type { FederationEdge } from '../model/federation.js';
import type { StoreTx } from '../ports/store.port.js';
import type { CoreDeps } from '../services/deps.js';
import { moveMotionIn } from '../services/motion.service.js';
import type { PersonId } from '../shared/ids.js';
import { ok, type Result } from '../shared/result.js';
import { errT, roomSpeech, type Speech } from '../i18n/index.js';
import { LIMITS } from '../shared/text.js';
import type { Motion } from '../model/entities.js';
import { seatsFor } from './seats.js';

/** Always on the ballot of a delegate election: if it wins a seat, that seat stays vacant. */
export const RON = 'Re-open nominations';

export interface Vacancies {
  readonly edge: FederationEdge;
  readonly parent: Assembly;
  readonly seats: number;
  readonly held: number;
}

export async function vacancies(tx: StoreTx, home: Assembly, edge: FederationEdge): Promise<Vacancies | null> {
  const parent = await tx.assembly(edge.parentAssemblyId);
  if (!parent) return null;
  const seats = seatsFor(parent.policy, await tx.countMembers(home.id, 'active'));
  const held = (await tx.seats({ edgeId: edge.id, status: 'active' })).length;
  return { edge, parent, seats, held };
}

/**
 * Puts an election for the vacant seats on the home assembly's agenda, with
 * the accepted nominees (minus `exclude`) and "Re-open nominations".
 */
export interface ElectionOptions {
  readonly hours?: number | undefined;
  readonly termDays?: number | undefined;
  readonly exclude?: PersonId | undefined;
  /** Names of accepted nominees to put on the ballot instead of all of them (`--candidates`). */
  readonly shortlist?: readonly string[] | undefined;
}

interface Candidate {
  readonly id: PersonId;
  readonly name: string;
  readonly nomination: string;
}

/**
 * Who goes on the ballot: the shortlist when one is given (each name an
 * accepted nominee), else the accepted nominees in the order they accepted, at
 * most `cap` of them (the assembly's election-candidates, and what one ranked
 * ballot holds beside "Re-open nominations"). Those left off stay nominated.
 */
export function ballotCandidates(all: readonly (Candidate & { acceptedAt: Date })[], cap: number, shortlist?: readonly string[]): Result<{ on: Candidate[]; left: number }> {
  const most = Math.min(cap === 0 ? Infinity : cap, LIMITS.rankedOptions - 1);
  const ordered = [...all].sort((a, b) => a.acceptedAt.getTime() - b.acceptedAt.getTime());
  if (shortlist && shortlist.length > 0) {
    const on: Candidate[] = [];
    for (const raw of shortlist) {
      const key = raw.trim().replace(/^@/, '').toLowerCase();
      const c = ordered.find((x) => x.name.toLowerCase() === key);
      if (!c) return errT('bad-input', 'fed.shortlist.unknown', { name: raw, count: ordered.length, accepted: ordered.map((x) => x.name).join(', ') });
      if (on.includes(c)) return errT('bad-input', 'fed.shortlist.twice', { name: c.name });
      on.push(c);
    }
    if (on.length > most) return errT('too-long', 'fed.shortlist.tooLong', { count: on.length, most });
    return ok({ on, left: ordered.length - on.length });
  }
  return ok({ on: ordered.slice(0, most), left: Math.max(0, ordered.length - most) });
}

export async function callElectionIn(tx: StoreTx, deps: CoreDeps, home: Assembly, edge: FederationEdge, moverId: PersonId | null, opts: ElectionOptions): Promise<Result<{ motion: Motion; assembly: Assembly; effect: string }>> {
  const v = await vacancies(tx, home, edge);
  if (!v) return errT('not-found', 'fed.election.parentGone');
  const open = v.seats - v.held;
  if (open <= 0) return errT('conflict', 'fed.election.full', { assembly: home.name, seats: v.seats, parent: v.parent.name });
  const seated = new Set((await tx.seats({ edgeId: edge.id, status: 'active' })).map((s) => s.personId));
  const nominations = (await tx.openNominations(edge.id)).filter((n) => n.acceptedAt !== null && n.personId !== opts.exclude && !seated.has(n.personId));
  const people = await Promise.all(nominations.map((n) => tx.person(n.personId)));
  const accepted = nominations.flatMap((n, i) => (people[i] && n.acceptedAt ? [{ id: n.personId, name: people[i].displayName, nomination: n.id, acceptedAt: n.acceptedAt }] : []));
  const chosen = ballotCandidates(accepted, home.policy.electionCandidates, opts.shortlist);
  if (!chosen.ok) return chosen;
  const candidates = chosen.value.on;
  if (candidates.length === 0) return errT('bad-input', 'fed.election.noCandidates', { parent: v.parent.name });
  const seats = Math.min(open, candidates.length);
  // The motion is the home assembly's: worded in its language, "Re-open nominations" too.
  const t = roomSpeech(home.policy);
  const ron = t.t('fed.election.ron');
  const r = await moveMotionIn(tx, deps, home, moverId, {
    kind: 'election',
    title: t.t('fed.election.title', { seats, parent: v.parent.name }),
    body: t.t('fed.election.body', { candidates: candidates.map((c) => c.name).join(', '), ron, waiting: chosen.value.left }),
    method: 'ranked',
    options: [...candidates.map((c) => c.name), ron],
    seats,
    hours: opts.hours,
    payload: { edgeId: edge.id, parentName: v.parent.name, candidates: candidates.map((c) => c.id), ...(opts.termDays ? { termDays: opts.termDays } : {}) },
  });
  if (!r.ok) return r;
  await tx.useNominations(candidates.map((c) => c.nomination), r.value.motion.id);
  return ok(r.value);
}

/** What followed a seat's end: a line for the announcement (in each audience's words), and the election opened, if any. */
export interface ByElection {
  readonly line: (t: Speech) => string;
  readonly opened: { motion: Motion; assembly: Assembly; effect: string } | null;
}

/** After a recall: a by-election opens at once when there are accepted nominees; otherwise members are asked to nominate. */
export async function openByElection(tx: StoreTx, deps: CoreDeps, home: Assembly, edgeId: string, moverId: PersonId | null, recalled: PersonId): Promise<ByElection> {
  const edge = await tx.edge(edgeId);
  if (edge?.status !== 'active') return { line: () => '', opened: null };
  const r = await callElectionIn(tx, deps, home, edge, moverId, { exclude: recalled });
  if (r.ok) {
    const number = r.value.motion.number;
    return { line: (t) => t.t('fed.byElection.open', { number }), opened: r.value };
  }
  return { line: (t) => t.t('fed.byElection.vacant'), opened: null };
}
