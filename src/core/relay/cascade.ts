import type { NewEvent } from '../ports/store.port.js';
import type { OutboxWrite } from '../ports/relay-store.port.js';
import type { CoreDeps } from '../services/deps.js';
import type { AssemblyId, MotionId, ProposalId } from '../shared/ids.js';
import { enactAdopted } from '../laws/adopted.js';
import { tellRemoteAdoption } from '../federation/remote/adoption.js';
import { cascadeAnnouncement } from './messages.js';
import { proposalRef, type Referral } from './model.js';
import { CHILDREN_PER_STEP, cascadeRows, sendRows, unofferedRows, type Announcement, type CascadeAction } from './outbox.js';

export interface CascadeStep {
  readonly action: CascadeAction;
  readonly proposalId: ProposalId;
  readonly version: number;
  /** Parents whose member assemblies to tell (and, for the ending actions, whose referrals to end). */
  readonly referralIds: readonly string[];
  /** Resume the first parent after this member assembly (a parent with more members than one step takes). */
  readonly after: AssemblyId | null;
}

/**
 * Carries an adoption or an ending down a version's tree, one level per step:
 * the members of the given referrals hear it in their rooms; for superseded,
 * withdrawn and expired versions their referrals end and their open response
 * motions close; members that relayed it on get the next step. Idempotent:
 * ending what has ended and closing what is closed change nothing, and every
 * message and follow-up step has a deterministic key.
 */
export async function cascade(deps: CoreDeps, step: CascadeStep, opts: { outboxKey?: string; budget?: number } = {}): Promise<{ told: number }> {
  const budget = opts.budget ?? CHILDREN_PER_STEP;
  return deps.store.transaction(async (tx) => {
    if (opts.outboxKey !== undefined && !(await tx.relay.takeOutbox(opts.outboxKey))) return { told: 0 };
    const now = deps.clock.now();
    const [proposal, version] = await Promise.all([tx.relay.proposal(step.proposalId), tx.relay.version(step.proposalId, step.version)]);
    if (!proposal || !version) return { told: 0 };
    const kids: Referral[] = [];
    const rows: OutboxWrite[] = [];
    let left = budget;
    for (const [i, parentId] of step.referralIds.entries()) {
      const after = i === 0 ? (step.after ?? undefined) : undefined;
      const page = await tx.relay.childReferrals(parentId, left + 1, after);
      const taken = page.slice(0, left);
      kids.push(...taken);
      left -= taken.length;
      if (page.length > taken.length || (left <= 0 && i + 1 < step.referralIds.length)) {
        const rest = page.length > taken.length ? step.referralIds.slice(i) : step.referralIds.slice(i + 1);
        const resumeAfter = page.length > taken.length ? (taken.at(-1)?.assemblyId ?? null) : null;
        rows.push(...cascadeRows(step.action, step.proposalId, step.version, rest, resumeAfter));
        break;
      }
    }
    if (kids.length === 0 && rows.length === 0) return { told: 0 };
    const events: { assemblyId: AssemblyId; event: NewEvent }[] = [];
    if (step.action !== 'adopted') {
      const status = step.action;
      await tx.relay.endReferrals(kids.map((k) => k.id), status, status === 'expired');
      const motionIds = kids.flatMap((k): MotionId[] => (k.responseMotionId ? [k.responseMotionId] : []));
      for (const m of await tx.relay.closeMotions(motionIds, status, now)) {
        events.push({ assemblyId: m.assemblyId, event: { type: `motion.${status}`, actorId: null, payload: { motion: m.number, proposal: proposalRef(proposal), version: step.version } } });
      }
    }
    const info = await tx.relay.assembliesWithBindings(kids.map((k) => k.assemblyId));
    const refreshed = step.action === 'adopted' ? kids : await tx.relay.lockReferrals(kids.map((k) => k.id));
    const statusOf = new Map(refreshed.map((k) => [k.id, k.status]));
    const announcements: Announcement[] = kids.flatMap((k) => {
      const a = info.get(k.assemblyId);
      return a ? [{ bindings: a.bindings, key: `${step.action}.${k.id}`, message: cascadeAnnouncement(step.action, a.assembly, proposal, version, step.action === 'adopted' ? k.status : (statusOf.get(k.id) ?? null)) }] : [];
    });
    // Endings change each member's referral, so each record says so; an adoption changes nothing below the
    // origin (whose record has it) and is only announced.
    if (step.action !== 'adopted') for (const k of kids) events.push({ assemblyId: k.assemblyId, event: { type: `proposal.${step.action}`, actorId: null, payload: { proposal: proposalRef(proposal), version: step.version, referralId: k.id } } });
    if (events.length > 0) await tx.relay.appendEventsMany(events, now);
    // An adoption binds the local assemblies that accepted it: it enters their law books.
    if (step.action === 'adopted') {
      const accepting = kids.flatMap((k) => {
        const a = info.get(k.assemblyId)?.assembly;
        return k.status === 'accepted' && a ? [{ referral: k, assembly: a }] : [];
      });
      await enactAdopted(tx, proposal, accepting, now);
      // Members on other deployments (proxies) hear it through their link rooms.
      if (deps.deployment && kids.length > 0) await tellRemoteAdoption(tx, deps.deployment, proposal, step.version, await tx.remotes.mirrorsOf('child-proxy', kids.map((k) => k.assemblyId)), now);
    }
    // Below an assembly of delegates that did not take it on (it rejected, asked to amend, or has not decided),
    // nobody was offered it; the rule book still has the adoption announced throughout the scope: told, not bound.
    // Paged by relay.unoffered jobs (unoffered.ts): a branch may hold any number of assemblies.
    if (step.action === 'adopted') for (const k of kids) if (!k.relayedAt && (info.get(k.assemblyId)?.assembly.level ?? 0) > 0) rows.push(...unofferedRows(step.proposalId, step.version, k.id, [k.assemblyId]));
    const anchor = `${step.action}.${kids[0]?.id ?? step.referralIds[0] ?? ''}`;
    rows.push(...sendRows(announcements, anchor));
    // Only members that relayed it on have members of their own to tell.
    rows.push(...cascadeRows(step.action, step.proposalId, step.version, kids.filter((k) => k.relayedAt).map((k) => k.id)));
    if (rows.length > 0) await tx.relay.enqueueMany(rows);
    return { told: kids.length };
  });
}
