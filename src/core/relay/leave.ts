import type { Assembly, Motion } from '../model/entities.js';
import type { NewEvent, StoreTx } from '../ports/store.port.js';
import type { AssemblyId, FederationId, MotionId } from '../shared/ids.js';
import { LIVE_PROPOSAL, proposalRef, type Proposal, type Referral } from './model.js';
import { rollupRow } from './outbox.js';

const STILL_COUNTING = ['pending', 'accepted', 'rejected', 'amend-requested'];
const PAGE = 500;

/**
 * Leaving a federation ends the assembly's part in its proposals, in the
 * leave's own transaction: its referrals of live versions (and those of the
 * assemblies below it that it relayed them to) end as withdrawn, their open
 * response motions close as withdrawn, and a rollup is asked for each
 * version, so the counts above it no longer include its decisions. The relay
 * had its consent only while it was a member (src/core/authority).
 * Returns how many referrals ended.
 */
export async function endReferralsOnLeave(tx: StoreTx, assembly: Assembly, federationId: FederationId, at: Date): Promise<number> {
  const proposals = new Map<string, Proposal | null>();
  const live = async (r: Referral): Promise<Proposal | null> => {
    if (!proposals.has(r.proposalId)) proposals.set(r.proposalId, await tx.relay.proposal(r.proposalId));
    const p = proposals.get(r.proposalId) ?? null;
    return p && p.federationId === federationId && LIVE_PROPOSAL.includes(p.status) && !p.closedAt && p.currentVersion === r.version ? p : null;
  };
  const ending: Referral[] = [];
  for (const r of await tx.relay.referralsTo(assembly.id, 1000)) if (r.depth > 0 && STILL_COUNTING.includes(r.status) && (await live(r))) ending.push(r);
  // The branch below it was offered the proposal through it: those referrals end with it.
  let frontier = ending.filter((r) => r.relayedAt);
  while (frontier.length > 0) {
    const next: Referral[] = [];
    for (const parent of frontier) {
      let after: AssemblyId | undefined;
      for (;;) {
        const page = await tx.relay.childReferrals(parent.id, PAGE, after);
        next.push(...page.filter((k) => STILL_COUNTING.includes(k.status)));
        if (page.length < PAGE) break;
        after = page.at(-1)?.assemblyId;
      }
    }
    ending.push(...next);
    frontier = next.filter((r) => r.relayedAt);
  }
  if (ending.length === 0) return 0;
  const ids = new Set(ending.map((r) => r.id));
  await tx.relay.endReferrals([...ids], 'withdrawn', false);
  // Out of scope: "of N local assemblies" and share rules above it no longer count its branch.
  await tx.relay.detachReferrals(ending.filter((r) => r.assemblyId === assembly.id).map((r) => r.id));
  // The relay's acceptance motions, and any response motion a member moved on these referrals.
  const motionIds: MotionId[] = ending.flatMap((r) => (r.responseMotionId ? [r.responseMotionId] : []));
  for (const a of new Set(ending.map((r) => r.assemblyId))) {
    for (const m of await tx.motions(a, ['proposed', 'open'])) if (m.kind === 'proposal-response' && ids.has(String(m.payload.referralId)) && !motionIds.includes(m.id)) motionIds.push(m.id);
  }
  const closed: readonly Motion[] = await tx.relay.closeMotions(motionIds, 'withdrawn', at);
  const events: { assemblyId: AssemblyId; event: NewEvent }[] = closed.map((m) => ({ assemblyId: m.assemblyId, event: { type: 'motion.withdrawn', actorId: null, payload: { motion: m.number, reason: `${assembly.name} left the federation` } } }));
  for (const r of ending) {
    const p = proposals.get(r.proposalId);
    events.push({ assemblyId: r.assemblyId, event: { type: 'proposal.left', actorId: null, payload: { proposal: p ? proposalRef(p) : r.proposalId, version: r.version, referralId: r.id, left: assembly.name } } });
  }
  await tx.relay.appendEventsMany(events, at);
  const versions = new Map(ending.map((r) => [`${r.proposalId}/${r.version}`, r] as const));
  await tx.relay.enqueueMany([...versions.values()].map((r) => rollupRow(r.proposalId, r.version, at)));
  return ending.length;
}
