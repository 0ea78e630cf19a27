import type { NewEvent, StoreTx } from '../ports/store.port.js';
import type { OutboxWrite } from '../ports/relay-store.port.js';
import type { CoreDeps } from '../services/deps.js';
import type { AssemblyId, ProposalId } from '../shared/ids.js';
import { STILL_COUNTING } from './leave.js';
import { proposalRef, type Referral } from './model.js';
import { CHILDREN_PER_STEP, leaveRows, rollupRow } from './outbox.js';

export interface LeaveStep {
  readonly proposalId: ProposalId;
  readonly version: number;
  /** The name of the assembly that left (for the records). */
  readonly left: string;
  /** Ended referrals whose members' referrals end now. */
  readonly referralIds: readonly string[];
  /** Resume the first of them after this member assembly. */
  readonly after: AssemblyId | null;
}

/**
 * Up to `budget` children of the given referrals, in (parent, assembly) order
 * from `after`, and the step that takes the rest, if any.
 */
export async function pageChildren(tx: StoreTx, referralIds: readonly string[], after: AssemblyId | null, budget: number): Promise<{ kids: Referral[]; rest: { referralIds: readonly string[]; after: AssemblyId | null } | null }> {
  const kids: Referral[] = [];
  let left = budget;
  for (const [i, parentId] of referralIds.entries()) {
    const page = await tx.relay.childReferrals(parentId, left + 1, i === 0 ? (after ?? undefined) : undefined);
    const taken = page.slice(0, left);
    kids.push(...taken);
    left -= taken.length;
    if (page.length > taken.length) return { kids, rest: { referralIds: referralIds.slice(i), after: taken.at(-1)?.assemblyId ?? after } };
    if (left <= 0 && i + 1 < referralIds.length) return { kids, rest: { referralIds: referralIds.slice(i + 1), after: null } };
  }
  return { kids, rest: null };
}

/**
 * One page of the branch below an assembly that left the federation: the
 * members of the given (ended) referrals have their referrals end as
 * withdrawn and their open response motions closed as withdrawn, a record
 * event each, in one transaction of set-based statements; members that had
 * offered it on get the next step, and the version's rollup is asked for
 * again (its counts below the leaver settle; above it they already exclude
 * the branch). Idempotent: the outbox row is taken once, what has ended is
 * not ended again and a closed motion is not closed again, and every
 * follow-up row has a deterministic key.
 */
export async function leaveBranch(deps: CoreDeps, step: LeaveStep, opts: { outboxKey?: string; budget?: number } = {}): Promise<{ ended: number }> {
  const budget = opts.budget ?? CHILDREN_PER_STEP;
  return deps.store.transaction(async (tx) => {
    if (opts.outboxKey !== undefined && !(await tx.relay.takeOutbox(opts.outboxKey))) return { ended: 0 };
    const now = deps.clock.now();
    const proposal = await tx.relay.proposal(step.proposalId);
    if (!proposal) return { ended: 0 };
    // A relay step offering the version below one of these parents finishes first: its children are then on this page.
    await tx.relay.guardReferrals(step.referralIds);
    const { kids, rest } = await pageChildren(tx, step.referralIds, step.after, budget);
    const rows: OutboxWrite[] = rest ? leaveRows(step.proposalId, step.version, step.left, rest.referralIds, rest.after) : [];
    // The children's own relay steps, likewise: one in flight ends before this reads whether it offered the version on.
    const fresh = await tx.relay.guardReferrals(kids.map((k) => k.id));
    const ending = fresh.filter((k) => STILL_COUNTING.includes(k.status));
    if (ending.length > 0) await tx.relay.endReferrals(ending.map((k) => k.id), 'withdrawn', false);
    const closed = fresh.length > 0 ? await tx.relay.closeResponseMotions(fresh, 'withdrawn', now) : [];
    const events: { assemblyId: AssemblyId; event: NewEvent }[] = closed.map((m) => ({ assemblyId: m.assemblyId, event: { type: 'motion.withdrawn', actorId: null, payload: { motion: m.number, reason: `${step.left} left the federation` } } }));
    for (const k of ending) events.push({ assemblyId: k.assemblyId, event: { type: 'proposal.left', actorId: null, payload: { proposal: proposalRef(proposal), version: step.version, referralId: k.id, left: step.left } } });
    if (events.length > 0) await tx.relay.appendEventsMany(events, now);
    rows.push(...leaveRows(step.proposalId, step.version, step.left, fresh.filter((k) => k.relayedAt).map((k) => k.id)));
    if (ending.length > 0 || closed.length > 0) rows.push(rollupRow(step.proposalId, step.version, now));
    if (rows.length > 0) await tx.relay.enqueueMany(rows);
    return { ended: ending.length };
  });
}
