import type { MemberCursor } from '../ports/relay-store.port.js';
import type { OutboxWrite } from '../ports/relay-store.port.js';
import type { CoreDeps } from '../services/deps.js';
import type { AssemblyId, ProposalId } from '../shared/ids.js';
import { adoptedNotOffered } from './messages.js';
import { CHILDREN_PER_STEP, sendRows, unofferedRows, type Announcement } from './outbox.js';

export interface UnofferedStep {
  readonly proposalId: ProposalId;
  readonly version: number;
  /** The referral of the assembly of delegates that did not take the version on (its branch stopped there). */
  readonly branchReferralId: string;
  /** Assemblies whose members hear of the adoption in this step. */
  readonly parents: readonly AssemblyId[];
  readonly after: MemberCursor | null;
  /** Levels below the branch so far: a corrupt, cyclic tree is not walked forever. */
  readonly hops?: number;
}

/** As deep as a federation tree is ever walked (prisma-relay-tree.ts: MAX_HOPS). */
const MAX_HOPS = 64;

/**
 * Below an assembly of delegates that did not take a proposal on, nobody was
 * offered it; the rule book still has its adoption announced throughout the
 * scope: told, not bound. One page of a level per step (members of the given
 * parents, in the proposal's federation), each told once under a key of its
 * own (`adopted-unoffered.<branch referral>.<assembly>`); assemblies of
 * delegates among them get the next step, and a cut page a step of its own.
 * Idempotent: the outbox row is taken once, and every row and message key is
 * deterministic.
 */
export async function tellUnoffered(deps: CoreDeps, step: UnofferedStep, opts: { outboxKey?: string; budget?: number } = {}): Promise<{ told: number }> {
  const budget = opts.budget ?? CHILDREN_PER_STEP;
  return deps.store.transaction(async (tx) => {
    if (opts.outboxKey !== undefined && !(await tx.relay.takeOutbox(opts.outboxKey))) return { told: 0 };
    const [proposal, version, branch] = await Promise.all([tx.relay.proposal(step.proposalId), tx.relay.version(step.proposalId, step.version), tx.relay.referral(step.branchReferralId)]);
    // Taken on after all (it accepted since): its members are offered it, and told of the adoption with the offer.
    const hops = step.hops ?? 0;
    if (!proposal || !version || !branch || branch.status === 'accepted' || branch.relayedAt || hops >= MAX_HOPS) return { told: 0 };
    const via = (await tx.relay.assembliesWithBindings([branch.assemblyId])).get(branch.assemblyId)?.assembly;
    if (!via) return { told: 0 };
    const page = await tx.relay.memberAssemblies({ federationId: proposal.federationId, parents: step.parents, limit: budget + 1, after: step.after });
    const taken = page.slice(0, budget);
    const last = taken.at(-1);
    const rows: OutboxWrite[] = page.length > taken.length && last ? unofferedRows(step.proposalId, step.version, branch.id, step.parents, { parentAssemblyId: last.parentAssemblyId, assemblyId: last.assembly.id }, hops) : [];
    const announcements: Announcement[] = taken.map((m) => ({ bindings: m.bindings, key: `adopted-unoffered.${branch.id}.${m.assembly.id}`, message: adoptedNotOffered(m.assembly, proposal, version, via, branch.status) }));
    const first = taken[0];
    if (first) rows.push(...sendRows(announcements, `adopted-unoffered.${branch.id}.${first.assembly.id}`));
    rows.push(...unofferedRows(step.proposalId, step.version, branch.id, taken.filter((m) => m.assembly.level > 0).map((m) => m.assembly.id), null, hops + 1));
    if (rows.length > 0) await tx.relay.enqueueMany(rows);
    return { told: taken.length };
  });
}
