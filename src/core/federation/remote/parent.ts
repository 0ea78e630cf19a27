import { invitationRef, type CountedDecisionReport, type EventBody, type JoinBinding, type OpenInvitation } from '../../federation-protocol/index.js';
import { errT } from '../../i18n/localized.js';
import { firstKeyContent } from '../../federation-protocol/keys.js';
import type { Actor, RoomRef } from '../../model/entities.js';
import { defaultPolicy } from '../../model/policy.js';
import type { DeploymentIdentity } from '../../ports/federation-link.port.js';
import type { StoreTx } from '../../ports/store.port.js';
import { recordDecisionsIn, decisionRefusal, sameDecision } from '../../relay/decide.js';
import type { Decision } from '../../relay/model.js';
import type { CoreDeps } from '../../services/deps.js';
import { asAssemblyId, asProposalId } from '../../shared/ids.js';
import { ok, type Result } from '../../shared/result.js';
import { invite } from '../federation.service.js';
import { showCountFlags, type CountFlag } from './count-flags.js';
import { offerToLateMember } from '../../relay/late.js';
import { encodeRemoteInvitation } from './invitation-code.js';
import { headOf, ownId, remoteRef, witnessHead } from './refs.js';

/** What the parent keeps about a remote child assembly beside its local proxy (`child-proxy` mirror data). */
export interface ChildProxyData {
  readonly deployment: string;
  readonly linkRoomId: string;
  readonly members: number;
  readonly federationId: string;
  readonly parentAssemblyId: string;
  readonly edgeId: string;
  /** When the child is an assembly of delegates: the level-0 assemblies it stands for (its join, then its latest subtree report). */
  readonly locals?: number;
}

/**
 * `federation invite --remote`: an invitation for an assembly on another
 * deployment — the usual one-time code, recorded as remote in the same
 * transaction, printed as one `PLENARY1.…` string with this deployment's id,
 * bot account and key.
 */
export async function issueRemoteInvitation(deps: CoreDeps, actor: Actor, room: RoomRef, hours: number): Promise<Result<{ text: string; assemblyName: string; expiresAt: Date | null }>> {
  const me = deps.deployment;
  if (!me) return errT('bad-input', 'fed.remote.noIdentity');
  const r = await invite(deps, actor, room, hours, async (tx, { invitation, assembly }) => {
    await tx.remotes.putMirror({ kind: 'invitation', remote: `${assembly.id}/${invitationRef(invitation.code)}`, localId: invitation.code, data: {} }, deps.clock.now());
  });
  if (!r.ok) return r;
  const { invitation, federation, assembly } = r.value;
  const text = encodeRemoteInvitation({
    federation: federation.name,
    parentAssembly: remoteRef(me.deployment, assembly.id),
    parentName: assembly.name,
    deployment: me.deployment,
    botUserId: me.botUserId,
    keyId: me.signer.keyId,
    publicKey: me.signer.publicKey,
    code: invitation.code,
    expiresAt: invitation.expiresAt?.toISOString() ?? null,
  });
  return ok({ text, assemblyName: assembly.name, expiresAt: invitation.expiresAt });
}

/**
 * The parent's remote invitations for a join naming `federation` and
 * `parentRef`: the one its `invitation_ref` names (one indexed read, however
 * many invitations are open), else (a join without one, or an invitation
 * issued before refs) the first 200 by key.
 */
export async function openRemoteInvitations(tx: StoreTx, me: DeploymentIdentity, federation: string, parentRef: string, ref?: string): Promise<readonly OpenInvitation[]> {
  const parentId = ownId(me.deployment, parentRef);
  if (!parentId) return [];
  const named = ref ? await tx.remotes.mirror('invitation', `${parentId}/${ref}`) : null;
  const candidates = named ? [named] : await tx.remotes.mirrorsFrom('invitation', `${parentId}/`, 200);
  const out: OpenInvitation[] = [];
  for (const m of candidates) {
    const inv = await tx.invitation(m.localId);
    if (!inv || inv.parentAssemblyId !== parentId) continue;
    const fed = await tx.federation(inv.federationId);
    if (fed?.name !== federation) continue;
    out.push({ code: inv.code, federation, parentAssembly: parentRef, expiresAt: inv.expiresAt, used: inv.usedAt !== null });
  }
  return out;
}

const PROXY_NAME_MAX = 90;

/**
 * A remote child's join was verified (its code proof matched an open remote
 * invitation): in the lane's transaction, the invitation is consumed, a local
 * proxy of the child — a level-0 assembly, so the relay counts it as one local
 * assembly — joins the parent by a federation edge, its reported head is
 * witnessed, and the child is answered with this deployment's key and
 * `org.plenary.join_accepted`.
 */
export async function acceptRemoteJoin(tx: StoreTx, deps: CoreDeps, me: DeploymentIdentity, b: JoinBinding, join: EventBody<'org.plenary.join'>): Promise<void> {
  const now = deps.clock.now();
  const parentId = ownId(me.deployment, b.parentAssembly);
  const inv = await tx.invitation(b.invitationCode);
  const parent = parentId ? await tx.assembly(asAssemblyId(parentId)) : null;
  if (!inv || !parent || inv.parentAssemblyId !== parent.id) throw new Error(`remote join: invitation ${b.invitationCode} or parent ${b.parentAssembly} is gone`);
  const known = await tx.remotes.mirror('child-proxy', b.childAssembly);
  if (known) return acceptRejoin(tx, deps, me, b, join, { remote: known.remote, localId: known.localId, data: known.data as unknown as ChildProxyData });
  const base = `${join.child_name} @ ${b.deployment}`.slice(0, PROXY_NAME_MAX);
  let name = base;
  for (let i = 2; await tx.assemblyByName(name); i++) name = `${base} (${String(i)})`;
  const proxy = await tx.createAssembly({ kind: 'local', name, level: 0, parentAssemblyId: null, policy: defaultPolicy() });
  if (!(await tx.useInvitation(inv.code, proxy.id, now))) throw new Error(`remote join: invitation ${inv.code} was used meanwhile`);
  const edge = await tx.createEdge({ federationId: inv.federationId, childAssemblyId: proxy.id, parentAssemblyId: parent.id, seats: inv.seats, joinedByMotionId: null });
  // A child joining after a version was relayed to its siblings is offered it, as a local late joiner is.
  await offerToLateMember(tx, inv.federationId, parent.id, edge.id);
  const data: ChildProxyData = { deployment: b.deployment, linkRoomId: b.linkRoomId, members: join.members, federationId: inv.federationId, parentAssemblyId: parent.id, edgeId: edge.id, ...(join.locals === undefined ? {} : { locals: join.locals }) };
  await tx.remotes.putMirror({ kind: 'child-proxy', remote: b.childAssembly, localId: proxy.id, data: { ...data } }, now);
  await tx.appendEvent(proxy.id, { type: 'federation.remote-proxy', actorId: null, payload: { remote: b.childAssembly, deployment: b.deployment, members: join.members, joinMotion: join.join_motion, locals: join.locals ?? 1 } }, now);
  await tx.appendEvent(parent.id, { type: 'federation.member-joined', actorId: null, payload: { member: proxy.name, remote: b.childAssembly, seats: inv.seats, edgeId: edge.id } }, now);
  await witnessHead(tx, parent.id, b.childAssembly, join.chain_head, 'org.plenary.join', now);
  await tx.peerOutbox.enqueue(
    [
      { roomId: b.linkRoomId, type: 'org.plenary.deployment_key', stateKey: me.deployment, idempotencyKey: `key/${me.deployment}/${me.signer.keyId.replace(/^ed25519:/, '')}/${proxy.id}`, body: firstKeyContent(me.deployment, me.signer, me.botUserId, now) },
      { roomId: b.linkRoomId, type: 'org.plenary.join_accepted', idempotencyKey: `joined/${proxy.id}`, body: { child_assembly: b.childAssembly, parent_assembly: b.parentAssembly, seats: inv.seats, chain_head: await headOf(tx, parent.id) } },
    ],
    now,
  );
}

const DECISIONS: Record<'accept' | 'reject' | 'amend', Decision> = { accept: 'accepted', reject: 'rejected', amend: 'amend-requested' };

/**
 * A verified decision of a remote child (`PeerReceiver` checked the host and
 * the version): the proxy's referral is decided as a local response motion
 * would decide it, with the reported member count, so rollup, adoption and
 * `proposal status` work unchanged; a later decision replaces an earlier one
 * while the proposal is open, as locally. The child's head is witnessed in
 * the parent's chain. Returns why nothing was decided (then it is recorded,
 * not counted), or null.
 */
export async function applyRemoteDecision(tx: StoreTx, deps: CoreDeps, me: DeploymentIdentity, report: CountedDecisionReport): Promise<string | null> {
  const d = report.decision;
  const now = deps.clock.now();
  const proxy = await tx.remotes.mirror('child-proxy', d.assembly);
  const proposalId = ownId(me.deployment, d.proposal);
  if (!proxy || !proposalId) return 'no local proxy or proposal';
  const data = proxy.data as unknown as ChildProxyData;
  const found = await tx.relay.referralFor(asProposalId(proposalId), d.version, asAssemblyId(proxy.localId));
  const [referral] = found ? await tx.relay.lockReferrals([found.id]) : [];
  const proposal = await tx.relay.proposal(asProposalId(proposalId));
  await witnessHead(tx, asAssemblyId(data.parentAssemblyId), d.assembly, d.chain_head, 'org.plenary.decision', now);
  const previous = (proxy.data as { countFlag?: CountFlag }).countFlag;
  const countFlag = await showCountFlags(tx, report, { localId: proxy.localId, parentAssemblyId: data.parentAssemblyId, deployment: data.deployment, previous }, proposal ? `P-${String(proposal.number)}` : d.proposal, now);
  await tx.remotes.updateMirror('child-proxy', d.assembly, { ...proxy.data, members: report.members, ...(countFlag ? { countFlag: { ...countFlag } } : {}) });
  if (!referral || !proposal) return 'never offered here';
  const why = decisionRefusal(referral, proposal, 0);
  if (why) return why;
  const decision = DECISIONS[d.decision];
  const input = { referralId: referral.id, decision, text: decision === 'amend-requested' ? d.amendment : null, memberCount: report.members };
  // A later decision replaces the earlier one as a local assembly's later response does; the same decision again changes nothing.
  if (!sameDecision(referral, input)) await recordDecisionsIn(tx, deps, [{ referral, proposal, input }]);
  return null;
}

/**
 * A verified join from a child whose proxy is already here: it left, or
 * became sovereign, and joins again by a new invitation. The invitation is
 * consumed; the proxy's edge is kept while active (the parent is not told
 * when a child leaves), else a new one is made with the new invitation's
 * seats; the head is witnessed and the child answered again.
 */
async function acceptRejoin(tx: StoreTx, deps: CoreDeps, me: DeploymentIdentity, b: JoinBinding, join: EventBody<'org.plenary.join'>, proxy: { remote: string; localId: string; data: ChildProxyData }): Promise<void> {
  const now = deps.clock.now();
  const inv = await tx.invitation(b.invitationCode);
  const parent = inv ? await tx.assembly(inv.parentAssemblyId) : null;
  if (!inv || !parent || ownId(me.deployment, b.parentAssembly) !== parent.id) throw new Error(`remote join: invitation ${b.invitationCode} or parent ${b.parentAssembly} is gone`);
  if (!(await tx.useInvitation(inv.code, asAssemblyId(proxy.localId), now))) throw new Error(`remote join: invitation ${inv.code} was used meanwhile`);
  const active = await tx.activeEdge(inv.federationId, asAssemblyId(proxy.localId));
  const edge = active ?? (await tx.createEdge({ federationId: inv.federationId, childAssemblyId: asAssemblyId(proxy.localId), parentAssemblyId: parent.id, seats: inv.seats, joinedByMotionId: null }));
  if (!active) {
    await offerToLateMember(tx, inv.federationId, parent.id, edge.id);
    await tx.appendEvent(parent.id, { type: 'federation.member-joined', actorId: null, payload: { member: (await tx.assembly(asAssemblyId(proxy.localId)))?.name ?? b.childAssembly, remote: b.childAssembly, seats: inv.seats, edgeId: edge.id } }, now);
  }
  const data: ChildProxyData = { ...proxy.data, linkRoomId: b.linkRoomId, members: join.members, federationId: inv.federationId, parentAssemblyId: parent.id, edgeId: edge.id, ...(join.locals === undefined ? {} : { locals: join.locals }) };
  await tx.remotes.updateMirror('child-proxy', proxy.remote, { ...data });
  await witnessHead(tx, parent.id, b.childAssembly, join.chain_head, 'org.plenary.join', now);
  const body = { child_assembly: b.childAssembly, parent_assembly: b.parentAssembly, seats: edge.seats, chain_head: await headOf(tx, parent.id) };
  await tx.peerOutbox.enqueue([{ roomId: b.linkRoomId, type: 'org.plenary.join_accepted', idempotencyKey: `joined/${proxy.localId}/${invitationRef(inv.code)}`, body }], now);
}
