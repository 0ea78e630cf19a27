import type { Assembly } from '../model/entities.js';
import type { FederationEdge } from '../model/federation.js';
import type { StoreTx } from '../ports/store.port.js';
import type { CoreDeps } from '../services/deps.js';
import { moveMotionIn } from '../services/motion.service.js';
import type { PersonId } from '../shared/ids.js';
import { err, ok, type Result } from '../shared/result.js';
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
export async function callElectionIn(tx: StoreTx, deps: CoreDeps, home: Assembly, edge: FederationEdge, moverId: PersonId | null, opts: { hours?: number | undefined; termDays?: number | undefined; exclude?: PersonId | undefined }): Promise<Result<{ motion: Motion; assembly: Assembly; effect: string }>> {
  const v = await vacancies(tx, home, edge);
  if (!v) return err('not-found', 'The parent assembly no longer exists.');
  const open = v.seats - v.held;
  if (open <= 0) return err('conflict', `${home.name} already fills all ${v.seats} of its seat(s) in ${v.parent.name}.`);
  const seated = new Set((await tx.seats({ edgeId: edge.id, status: 'active' })).map((s) => s.personId));
  const nominations = (await tx.openNominations(edge.id)).filter((n) => n.acceptedAt !== null && n.personId !== opts.exclude && !seated.has(n.personId));
  const people = await Promise.all(nominations.map((n) => tx.person(n.personId)));
  const candidates = nominations.flatMap((n, i) => (people[i] ? [{ id: n.personId, name: people[i].displayName, nomination: n.id }] : []));
  if (candidates.length === 0) return err('bad-input', `Nobody has accepted a nomination for ${v.parent.name} yet: \`nominate\` someone (or yourself), and they run \`nomination accept\`.`);
  const seats = Math.min(open, candidates.length);
  const r = await moveMotionIn(tx, deps, home, moverId, {
    kind: 'election',
    title: `Delegate election: ${seats} seat(s) in ${v.parent.name}`,
    body: `Candidates: ${candidates.map((c) => c.name).join(', ')}. Rank them, best first; "${RON}" keeps a seat vacant if it wins.`,
    method: 'ranked',
    options: [...candidates.map((c) => c.name), RON],
    seats,
    hours: opts.hours,
    payload: { edgeId: edge.id, parentName: v.parent.name, candidates: candidates.map((c) => c.id), ...(opts.termDays ? { termDays: opts.termDays } : {}) },
  });
  if (!r.ok) return r;
  await tx.useNominations(candidates.map((c) => c.nomination), r.value.motion.id);
  return ok(r.value);
}

/** After a recall: a by-election opens at once when there are accepted nominees; otherwise members are asked to nominate. */
export async function openByElection(tx: StoreTx, deps: CoreDeps, home: Assembly, edgeId: string, moverId: PersonId | null, recalled: PersonId): Promise<{ line: string; opened: { motion: Motion; assembly: Assembly; effect: string } | null }> {
  const edge = await tx.edge(edgeId);
  if (edge?.status !== 'active') return { line: '', opened: null };
  const r = await callElectionIn(tx, deps, home, edge, moverId, { exclude: recalled });
  if (r.ok) return { line: `A by-election is open: motion #${r.value.motion.number}.`, opened: r.value };
  return { line: 'The seat is vacant. Nominate candidates with `nominate`, then `election call` opens the by-election.', opened: null };
}
