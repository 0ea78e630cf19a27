import { compareCodePoints, merkleRoot, signingInput, type EventBody } from '../../federation-protocol/index.js';
import type { Applied } from '../../federation-protocol/inbox.js';
import type { DeploymentIdentity } from '../../ports/federation-link.port.js';
import type { InboxEntry } from '../../ports/peer-link-store.port.js';
import type { Mirror, RemoteMirrorReads } from '../../ports/remote-mirror.port.js';
import type { StoreTx } from '../../ports/store.port.js';
import { proposalRef, type Proposal } from '../../relay/model.js';
import { cascadeRows } from '../../relay/outbox.js';
import type { CoreDeps } from '../../services/deps.js';
import { asProposalId } from '../../shared/ids.js';
import { announceRoomOf } from './announce.js';
import type { ProposalMirrorData } from './child.js';
import type { ChildProxyData } from './parent.js';
import { headOf, ownId, remoteRef, witnessHead } from './refs.js';

const MAX_LEAVES = 100_000;

/**
 * The adoption, told to remote children as the cascade reaches their proxies
 * (in the cascade step's transaction): one event per version in the
 * federation's announce room for the deployments whose bot is in it, one per
 * proxy in its link room for the others: counts at the origin and a Merkle root
 * over the signed decisions counted from other deployments (their signing
 * inputs, by assembly), so a child can check its own decision is inside.
 */
export async function tellRemoteAdoption(tx: StoreTx, me: DeploymentIdentity, proposal: Proposal, version: number, proxies: readonly Mirror[], now: Date): Promise<void> {
  if (proxies.length === 0) return;
  const root = await tx.relay.rootReferral(proposal.id, version);
  if (!root) return;
  const ref = remoteRef(me.deployment, proposal.id);
  const body = { proposal: ref, version, adopted_at: (proposal.adoptedAt ?? now).toISOString(), accepted: root.accepted, members_covered: root.membersCovered, merkle_root: merkleRoot(await adoptionLeaves(tx, ref, version)), chain_head: await headOf(tx, proposal.originAssemblyId) };
  // Once per version into the federation's announce room for every deployment whose bot is in it; the link rooms for the rest.
  const federation = await tx.federation(proposal.federationId);
  const announce = federation ? await announceRoomOf(tx, federation.name) : null;
  const inAnnounce = (p: Mirror) => announce?.joined.has((p.data as unknown as ChildProxyData).deployment) ?? false;
  const events = proxies.filter((p) => !inAnnounce(p)).map((p) => ({ roomId: (p.data as unknown as ChildProxyData).linkRoomId, type: 'org.plenary.adoption' as const, idempotencyKey: `adopt/${proposal.id}/v${String(version)}/${p.localId}`, body }));
  if (announce && proxies.some(inAnnounce)) events.push({ roomId: announce.roomId, type: 'org.plenary.adoption', idempotencyKey: `adopt/${proposal.id}/v${String(version)}/announce`, body });
  await tx.peerOutbox.enqueue(events, now);
}

/**
 * The leaves of an adoption's Merkle tree: the signing inputs of the signed
 * reports the origin counted from other deployments for that version — each
 * remote child's decision and, for a remote assembly of delegates, its latest
 * subtree report (whose own root holds its subtree's decisions) — sorted by
 * assembly, a decision before a subtree report. A member below a remote
 * assembly of delegates goes from its decision to the subtree root, and from
 * that report to this root.
 */
export async function adoptionLeaves(tx: { readonly links: Pick<StoreTx['links'], 'countedDecisions' | 'inboxEntry'>; readonly remotes: RemoteMirrorReads }, ref: string, version: number): Promise<Uint8Array[]> {
  const keyed: { assembly: string; kind: number; bytes: Uint8Array }[] = [];
  const add = async (assembly: string, kind: number, key: string): Promise<void> => {
    const entry = await tx.links.inboxEntry(key);
    const bytes = entry ? signingInput(entry.content) : null;
    if (bytes?.ok) keyed.push({ assembly, kind, bytes: bytes.value });
  };
  for (const c of await tx.links.countedDecisions(ref, version, MAX_LEAVES)) await add(c.assembly, 0, c.idempotencyKey);
  const prefix = `${ref}/v${String(version)}/`;
  for (const m of await tx.remotes.mirrorsFrom('subtree-report', prefix, MAX_LEAVES)) await add(m.remote.slice(prefix.length), 1, String(m.data.idempotencyKey));
  return keyed.sort((a, b) => compareCodePoints(a.assembly, b.assembly) || a.kind - b.kind).map((k) => k.bytes);
}

/**
 * The origin adopted a proposal this deployment holds a copy of: the copy is
 * adopted too and the adoption cascades to the local assemblies as a local
 * one would (those that accepted are bound: their law books take it).
 */
export async function applyRemoteAdoption(tx: StoreTx, deps: CoreDeps, _me: DeploymentIdentity, body: EventBody<'org.plenary.adoption'>, entry: InboxEntry): Promise<Applied> {
  if (ownId(entry.sender, body.proposal) === null) return { status: 'refused', note: 'not_host' };
  const m = await tx.remotes.mirror('proposal', body.proposal);
  if (!m) return { status: 'recorded', note: 'no copy here' };
  const data = m.data as unknown as ProposalMirrorData;
  const local = Object.entries(data.versions).find(([, remote]) => remote === body.version)?.[0];
  const proposal = await tx.relay.lockProposal(asProposalId(m.localId));
  if (!proposal || local === undefined || proposal.currentVersion !== Number(local)) return { status: 'recorded', note: 'superseded' };
  if (proposal.status !== 'open' || proposal.closedAt) return { status: 'recorded', note: `copy is ${proposal.status}` };
  const now = deps.clock.now();
  const root = await tx.relay.rootReferral(proposal.id, proposal.currentVersion);
  await tx.relay.updateProposal(proposal.id, { status: 'adopted', adoptedAt: new Date(body.adopted_at) });
  await tx.appendEvent(proposal.originAssemblyId, { type: 'proposal.adopted', actorId: null, payload: { proposal: proposalRef(proposal), version: proposal.currentVersion, remote: body.proposal, accepted: body.accepted, membersCovered: body.members_covered, merkleRoot: body.merkle_root } }, now);
  await witnessHead(tx, proposal.originAssemblyId, body.proposal, body.chain_head, 'org.plenary.adoption', now);
  if (root) await tx.relay.enqueueMany(cascadeRows('adopted', proposal.id, proposal.currentVersion, [root.id]));
  return { status: 'applied' };
}
