import { subtreeReportProblem, subtreeSize, type SubtreeBody } from '../../federation-protocol/index.js';
import type { Applied } from '../../federation-protocol/inbox.js';
import type { DeploymentIdentity } from '../../ports/federation-link.port.js';
import type { InboxEntry } from '../../ports/peer-link-store.port.js';
import type { StoreTx } from '../../ports/store.port.js';
import { rollupRow } from '../../relay/outbox.js';
import type { CoreDeps } from '../../services/deps.js';
import { asAssemblyId, asProposalId, type ProposalId } from '../../shared/ids.js';
import type { ChildProxyData } from './parent.js';
import { ownId, witnessHead } from './refs.js';
import { hostedProxy } from './seats.js';

/** The parent's latest verified subtree report of a child for a proposal version (`subtree-report` mirror data). */
export interface SubtreeReportData {
  readonly idempotencyKey: string;
  readonly chainSeq: number;
  readonly locals: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly amend: number;
  readonly pending: number;
  readonly membersCovered: number;
  readonly reports: number;
  readonly merkleRoot: string;
}

/** `proposal/version/assembly`: the report's state key, and the key of the parent's record of it. */
export const subtreeStateKey = (b: Pick<SubtreeBody, 'proposal' | 'version' | 'assembly'>): string => `${b.proposal}/v${String(b.version)}/${b.assembly}`;

/**
 * A verified `org.plenary.subtree` from the deployment that hosts the child:
 * when it holds together (`subtreeReportProblem`) and is not older than the
 * last one applied (state: the latest per proposal, version and assembly
 * wins), the proxy's referral takes the subtree's counts and size
 * (`RelayWrites.reportSubtree`) and a rollup is asked for, so rollup,
 * adoption and `proposal status` count the whole subtree. A report that does
 * not hold together is refused and recorded in the proxy's chain.
 */
export async function applySubtreeReport(tx: StoreTx, deps: CoreDeps, me: DeploymentIdentity, body: SubtreeBody, entry: InboxEntry): Promise<Applied> {
  const proxy = await hostedProxy(tx, body.assembly, entry);
  if (!proxy) return { status: 'refused', note: 'not_host' };
  const now = deps.clock.now();
  const proxyId = asAssemblyId(proxy.localId);
  const problem = subtreeReportProblem(body);
  if (problem) {
    await tx.appendEvent(proxyId, { type: 'federation.subtree-refused', actorId: null, payload: { proposal: body.proposal, version: body.version, reason: problem, merkleRoot: body.merkle_root } }, now);
    return { status: 'refused', note: `subtree report: ${problem}` };
  }
  const proposalId = ownId(me.deployment, body.proposal);
  const proposal = proposalId ? await tx.relay.lockProposal(asProposalId(proposalId)) : null;
  if (!proposal) return { status: 'recorded', note: 'no such proposal here' };
  if (proposal.currentVersion !== body.version) return { status: 'recorded', note: body.version < proposal.currentVersion ? 'superseded' : 'unknown-version' };
  const key = subtreeStateKey(body);
  const last = await tx.remotes.mirror('subtree-report', key);
  const lastSeq = (last?.data as unknown as SubtreeReportData | undefined)?.chainSeq ?? -1;
  if (body.chain_head.seq < lastSeq) return { status: 'recorded', note: 'older than the last report' };
  const found = await tx.relay.referralFor(proposal.id, body.version, proxyId);
  const [referral] = found ? await tx.relay.lockReferrals([found.id]) : [];
  if (!referral) return { status: 'recorded', note: 'never offered here' };
  const locals = subtreeSize(body);
  await tx.relay.reportSubtree(referral.id, { localTotal: locals, accepted: body.accepted, rejected: body.rejected, amendRequested: body.amend, pending: body.pending, membersCovered: body.members_covered });
  await tx.relay.enqueueMany([rollupRow(proposal.id, body.version, now)]);
  const data: SubtreeReportData = { idempotencyKey: entry.idempotencyKey, chainSeq: body.chain_head.seq, locals, accepted: body.accepted, rejected: body.rejected, amend: body.amend, pending: body.pending, membersCovered: body.members_covered, reports: body.reports, merkleRoot: body.merkle_root };
  if (!(await tx.remotes.putMirror({ kind: 'subtree-report', remote: key, localId: referral.id, data: { ...data } }, now))) await tx.remotes.updateMirror('subtree-report', key, { ...data });
  await tx.remotes.updateMirror('child-proxy', body.assembly, { ...proxy.data, locals } satisfies ChildProxyData);
  await tx.appendEvent(proxyId, { type: 'federation.subtree-report', actorId: null, payload: { proposal: body.proposal, version: body.version, locals, accepted: body.accepted, rejected: body.rejected, amend: body.amend, pending: body.pending, membersCovered: body.members_covered, reports: body.reports, merkleRoot: body.merkle_root } }, now);
  await witnessHead(tx, asAssemblyId(proxy.data.parentAssemblyId), body.assembly, body.chain_head, 'org.plenary.subtree', now);
  return { status: 'applied' };
}

/**
 * A referral just made for the proxy of a remote assembly of delegates
 * stands for its whole subtree from the start: its size is the one the child
 * last told (at its join, or in its latest report), all pending, so a share
 * rule is never judged against a scope that counts the subtree as one.
 */
export async function sizeSubtreeReferrals(tx: StoreTx, made: readonly { readonly referralId: string; readonly proposalId: ProposalId; readonly version: number; readonly proxyData: ChildProxyData }[], now: Date): Promise<void> {
  const versions = new Map<string, { proposalId: ProposalId; version: number }>();
  for (const m of made) {
    const n = m.proxyData.locals;
    if (n === undefined) continue;
    await tx.relay.reportSubtree(m.referralId, { localTotal: n, accepted: 0, rejected: 0, amendRequested: 0, pending: n, membersCovered: 0 });
    versions.set(`${m.proposalId}/${String(m.version)}`, { proposalId: m.proposalId, version: m.version });
  }
  // The ancestors' counts follow the new size at the next rollup.
  if (versions.size > 0) await tx.relay.enqueueMany([...versions.values()].map((v) => rollupRow(v.proposalId, v.version, now)));
}
