import type { Assembly } from '../model/entities.js';
import type { NewEvent, StoreTx } from '../ports/store.port.js';
import type { OutboxWrite } from '../ports/relay-store.port.js';
import type { AssemblyId, FederationId } from '../shared/ids.js';
import { LIVE_PROPOSAL, proposalRef, type Proposal, type Referral } from './model.js';
import { leaveRows, rollupRow } from './outbox.js';

export const STILL_COUNTING: readonly string[] = ['pending', 'accepted', 'rejected', 'amend-requested'];

/**
 * Leaving a federation ends the assembly's part in its proposals. In the
 * leave's own transaction, only what is the leaving assembly's: its referrals
 * of live versions end as withdrawn (a later acceptance is refused at once),
 * their open response motions close as withdrawn, and its referrals are
 * detached (its local assemblies leave every ancestor's "of N"; an ended
 * referral counts nothing of its subtree, so the counts above never count its
 * branch again, whatever the branch's own rows still say). The branch below
 * it, which could be 10,000 local assemblies, is ended by `relay.leave` jobs
 * (leave-branch.ts), a bounded page each. Returns how many of its own
 * referrals ended. The relay had its consent only while it was a member
 * (src/core/authority).
 */
export async function endReferralsOnLeave(tx: StoreTx, assembly: Assembly, federationId: FederationId, at: Date): Promise<number> {
  const proposals = new Map<string, Proposal | null>();
  const live = async (r: Referral): Promise<Proposal | null> => {
    if (!proposals.has(r.proposalId)) proposals.set(r.proposalId, await tx.relay.proposal(r.proposalId));
    const p = proposals.get(r.proposalId) ?? null;
    return p && p.federationId === federationId && LIVE_PROPOSAL.includes(p.status) && !p.closedAt && p.currentVersion === r.version ? p : null;
  };
  const candidates: Referral[] = [];
  for (const r of await tx.relay.referralsTo(assembly.id, 1000)) if (r.depth > 0 && STILL_COUNTING.includes(r.status) && (await live(r))) candidates.push(r);
  if (candidates.length === 0) return 0;
  // Under the relay guard: a relay step offering the version below it finishes first (the branch job then
  // finds what it offered), or starts after this commits and finds the referral ended.
  const ending = (await tx.relay.guardReferrals(candidates.map((r) => r.id))).filter((r) => STILL_COUNTING.includes(r.status));
  if (ending.length === 0) return 0;
  const ids = ending.map((r) => r.id);
  await tx.relay.endReferrals(ids, 'withdrawn', false);
  await tx.relay.detachReferrals(ids);
  const closed = await tx.relay.closeResponseMotions(ending, 'withdrawn', at);
  const events: { assemblyId: AssemblyId; event: NewEvent }[] = closed.map((m) => ({ assemblyId: m.assemblyId, event: { type: 'motion.withdrawn', actorId: null, payload: { motion: m.number, reason: `${assembly.name} left the federation` } } }));
  for (const r of ending) {
    const p = proposals.get(r.proposalId);
    events.push({ assemblyId: r.assemblyId, event: { type: 'proposal.left', actorId: null, payload: { proposal: p ? proposalRef(p) : r.proposalId, version: r.version, referralId: r.id, left: assembly.name } } });
  }
  await tx.relay.appendEventsMany(events, at);
  const rows: OutboxWrite[] = [];
  for (const r of ending) {
    rows.push(rollupRow(r.proposalId, r.version, at));
    // Only an accepting assembly of delegates has offered it below (or is offering it now, guarded above).
    if (r.relayedAt || r.status === 'accepted') rows.push(...leaveRows(r.proposalId, r.version, assembly.name, [r.id]));
  }
  await tx.relay.enqueueMany(rows);
  return ending.length;
}
