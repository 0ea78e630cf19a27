import type { StoreTx } from '../ports/store.port.js';
import type { AssemblyId, FederationId } from '../shared/ids.js';
import { LIVE_PROPOSAL, type Proposal, type Referral } from './model.js';
import { downRows } from './outbox.js';

/** As many live proposals as a parent is looked at for (newest first). */
const MOST = 1000;

/**
 * An assembly joined a federation (a local join, a remote child's proxy at
 * the parent's deployment, or a local assembly under the mirror of a remote
 * parent): the proposals its new parent has already offered below — the
 * current version of each live one, accepted there and relayed — are offered
 * to it too, by the normal relay step (`relay.down` on the parent's referral:
 * it offers only members that have no referral of the version yet, and grows
 * the counts' scope by what it adds). A parent that has not relayed a version
 * yet offers it to the new member in its own step.
 */
export async function offerToLateMember(tx: StoreTx, federationId: FederationId, parentAssemblyId: AssemblyId, tag: string): Promise<number> {
  const live = (p: Proposal | null, version: number): boolean => p !== null && p.federationId === federationId && LIVE_PROPOSAL.includes(p.status) && !p.closedAt && p.currentVersion === version;
  const relayed = (r: Referral | null): r is Referral => r !== null && r.status === 'accepted' && r.relayedAt !== null;
  const parents: Referral[] = [];
  for (const p of await tx.relay.proposalsOf(parentAssemblyId, MOST)) {
    const root = live(p, p.currentVersion) ? await tx.relay.rootReferral(p.id, p.currentVersion) : null;
    if (relayed(root)) parents.push(root);
  }
  for (const r of await tx.relay.referralsTo(parentAssemblyId, MOST)) {
    if (relayed(r) && live(await tx.relay.proposal(r.proposalId), r.version)) parents.push(r);
  }
  if (parents.length > 0) await tx.relay.enqueueMany(downRows(parents.map((r) => r.id), `.late.${tag}`));
  return parents.length;
}
