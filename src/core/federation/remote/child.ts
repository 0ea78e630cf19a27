import { randomUUID } from 'node:crypto';
import { errT } from '../../i18n/localized.js';
import { codeProof, invitationRef, joinBinding, type EventBody } from '../../federation-protocol/index.js';
import { firstKeyContent } from '../../federation-protocol/keys.js';
import type { Assembly, Motion } from '../../model/entities.js';
import { defaultPolicy, kindDefaults } from '../../model/policy.js';
import type { DeploymentIdentity, LinkRequest } from '../../ports/federation-link.port.js';
import type { InboxEntry } from '../../ports/peer-link-store.port.js';
import type { StoreTx } from '../../ports/store.port.js';
import { issueVersion } from '../../relay/lifecycle.js';
import { offerToLateMember } from '../../relay/late.js';
import type { CoreDeps } from '../../services/deps.js';
import { asAssemblyId, asFederationId, asMotionId, asPersonId, asProposalId, type AssemblyId } from '../../shared/ids.js';
import { ok, type Result } from '../../shared/result.js';
import type { Applied } from '../../federation-protocol/inbox.js';
import { decodeRemoteInvitation, type RemoteInvitation } from './invitation-code.js';
import { headOf, ownId, remoteRef, ruleFromWire, witnessHead } from './refs.js';
import { referralText } from './media.js';
import type { LargeTextSource } from '../../ports/large-text.port.js';

/** What a local assembly keeps about its edge to a remote parent (`parent-link` mirror data). */
export interface ParentLinkData {
  readonly federation: string;
  readonly parentAssembly: string;
  readonly parentName: string;
  readonly deployment: string;
  readonly botUserId: string;
  /** The one-time code: stays here; only its HMAC crosses (`code_proof`). */
  readonly code: string;
  readonly joinMotion: number;
  readonly joinMotionId: string;
  readonly movedById: string | null;
  readonly requestId: string;
  readonly roomId: string | null;
  /** `left`: by its own leave motion; `sovereign`: its parent's deployment stayed silent (remote/dormancy.ts). Either way it joins again only by a new invitation. */
  readonly status: 'requested' | 'join-sent' | 'joined' | 'left' | 'sovereign';
  /** Set while the parent's deployment is dormant (ISO): since when, and when it was last heard. */
  readonly dormantSince?: string;
  readonly lastHeard?: string;
  /** When the link ended (`left` / `sovereign`), ISO. */
  readonly endedAt?: string;
  /** Set once joined: the local mirror of the remote federation, of its parent assembly, and the edge to it. */
  readonly federationId?: string;
  readonly parentMirrorId?: string;
  readonly edgeId?: string;
}

/** A local copy of a remote proposal (`proposal` mirror data). */
export interface ProposalMirrorData {
  readonly linkRoomId: string;
  readonly parentAssembly: string;
  /** Local version → the remote version it copies. */
  readonly versions: Readonly<Record<string, number>>;
}

export const linkKey = (parentRef: string, localId: string): string => `${parentRef}|${localId}`;

/** `federation join PLENARY1.…`: checks the remote invitation when the join motion is moved. */
export async function prepareRemoteJoin(tx: StoreTx, deps: CoreDeps, assembly: Assembly, code: string): Promise<Result<Record<string, unknown>>> {
  if (!deps.deployment) return errT('bad-input', 'fed.remote.noIdentity');
  const inv = decodeRemoteInvitation(code);
  if (!inv.ok) return inv;
  const i = inv.value;
  if (i.deployment === deps.deployment.deployment) return errT('bad-input', 'fed.remote.ownInvitation');
  if (i.expiresAt && new Date(i.expiresAt) <= deps.clock.now()) return errT('closed', 'fed.remote.expired');
  // A link that ended (left, or sovereign) may be asked again by a new invitation; a live one answers as it stands.
  const status = ((await tx.remotes.mirror('parent-link', linkKey(i.parentAssembly, assembly.id)))?.data as unknown as ParentLinkData | undefined)?.status;
  if (status === 'joined') return errT('conflict', 'fed.remote.alreadyJoined', { assembly: assembly.name, parent: i.parentName });
  if (status && status !== 'left' && status !== 'sovereign') return errT('conflict', 'fed.remote.alreadyAsked', { assembly: assembly.name, parent: i.parentName });
  // An assembly of delegates brings its whole subtree: it must be the top of its own federation (its members' edges are there).
  if (assembly.level > 0 && !(await tx.federationByRoot(assembly.id))) return errT('bad-input', 'fed.remote.localOnly');
  return ok({ code: code.replace(/[\s`'"]+/g, ''), remote: true, federationName: i.federation, parentName: `${i.parentName} (${i.deployment})` });
}

/**
 * The join motion passed: the parent's key from the invitation is trusted
 * (the invitation came from the parent by hand, not through any homeserver),
 * and the carrier is asked to open the link room; the join event follows when
 * the room exists (`onLinkRoomOpened`).
 */
export async function passRemoteJoin(tx: StoreTx, deps: CoreDeps, assembly: Assembly, motion: Motion, at: Date): Promise<void> {
  const me = deps.deployment;
  const inv = decodeRemoteInvitation(String(motion.payload.code));
  if (!me || !inv.ok) {
    await tx.appendEvent(assembly.id, { type: 'federation.join-failed', actorId: null, payload: { motion: motion.number, reason: me ? inv.ok ? '' : inv.error.message : 'no federation identity' } }, at);
    return;
  }
  const i: RemoteInvitation = inv.value;
  await tx.links.addDeploymentKey({ deployment: i.deployment, keyId: i.keyId, publicKey: i.publicKey, botUserId: i.botUserId, validFrom: at, previousKeyId: null, rotationSignature: null, retiredAt: null });
  await tx.links.upsertPeer({ deployment: i.deployment, botUserId: i.botUserId, name: i.parentName }, at);
  const childRef = remoteRef(me.deployment, assembly.id);
  const request = await tx.peerOutbox.requestLink({ federation: i.federation, parentAssembly: i.parentAssembly, parentDeployment: i.deployment, parentBotUserId: i.botUserId, childAssembly: childRef }, at);
  const data: ParentLinkData = { federation: i.federation, parentAssembly: i.parentAssembly, parentName: i.parentName, deployment: i.deployment, botUserId: i.botUserId, code: i.code, joinMotion: motion.number, joinMotionId: motion.id, movedById: motion.movedById, requestId: request.id, roomId: null, status: 'requested' };
  const remote = linkKey(i.parentAssembly, assembly.id);
  const old = await tx.remotes.mirror('parent-link', remote);
  const was = (old?.data as unknown as ParentLinkData | undefined)?.status;
  if (was && was !== 'left' && was !== 'sovereign') {
    await tx.appendEvent(assembly.id, { type: 'federation.join-failed', actorId: null, payload: { motion: motion.number, reason: `the link to ${i.parentName} is ${was} meanwhile` } }, at);
    return;
  }
  await tx.appendEvent(assembly.id, { type: 'federation.join-requested', actorId: null, payload: { federation: i.federation, parent: i.parentAssembly, deployment: i.deployment, motion: motion.number } }, at);
  if (!old) {
    await tx.remotes.putMirror({ kind: 'parent-link', remote, localId: assembly.id, data: { ...data } }, at);
    return;
  }
  // Joining again after it left or became sovereign: closing the link left the room open (the bots stay in it), so
  // the new join goes into the same room at once; a request the carrier had refused is opened again by `requestLink`.
  await tx.remotes.updateMirror('parent-link', remote, { ...data });
  if (request.roomId && (request.status === 'room-open' || request.status === 'joined')) await sendJoin(tx, deps, me, { remote, data }, assembly, childRef, request.roomId);
}

/**
 * Called by the carrier once it has opened the link room of a request: the
 * child's join (seq 1 of the room: code proof, member count, chain head, the
 * join motion) and its key state are enqueued, in one transaction. Calling it
 * again for the same room does nothing.
 */
export async function onLinkRoomOpened(deps: CoreDeps, request: LinkRequest, roomId: string): Promise<boolean> {
  const me = deps.deployment;
  const localId = me ? ownId(me.deployment, request.childAssembly) : null;
  if (!me || !localId) return false;
  return deps.store.transaction(async (tx) => {
    const m = await tx.remotes.mirror('parent-link', linkKey(request.parentAssembly, localId));
    const assembly = await tx.assembly(asAssemblyId(localId));
    if (!m || !assembly) return false;
    const data = m.data as unknown as ParentLinkData;
    if (data.roomId !== null) return data.roomId === roomId;
    await sendJoin(tx, deps, me, { remote: m.remote, data }, assembly, request.childAssembly, roomId);
    return true;
  });
}

/** Enqueues the child's join (and its key state) in the link room, and marks the link `join-sent`. Its key names the invitation, so a join again by a new one is a new event. */
async function sendJoin(tx: StoreTx, deps: CoreDeps, me: DeploymentIdentity, link: { remote: string; data: ParentLinkData }, assembly: Assembly, childRef: string, roomId: string): Promise<void> {
  const { data } = link;
  const now = deps.clock.now();
  const base = { federation: data.federation, parent_assembly: data.parentAssembly, child_assembly: childRef, bot_user_id: me.botUserId, public_key: me.signer.publicKey, key_id: me.signer.keyId };
  const own = assembly.level > 0 ? await tx.federationByRoot(assembly.id) : null;
  const locals = own ? ((await tx.relay.localsBelow(own.id, [assembly.id])).get(assembly.id) ?? 0) : 0;
  const ref = invitationRef(data.code);
  const join: EventBody<'org.plenary.join'> = { ...base, child_name: assembly.name.slice(0, 100), members: await tx.countMembers(assembly.id, 'active'), chain_head: await headOf(tx, assembly.id), join_motion: data.joinMotion, code_proof: codeProof(data.code, joinBinding(base)), invitation_ref: ref, ...(own ? { locals: Math.max(1, locals) } : {}) };
  await tx.peerOutbox.enqueue(
    [
      { roomId, type: 'org.plenary.join', idempotencyKey: `join/${assembly.id}/${data.requestId}/${ref}`, body: join },
      { roomId, type: 'org.plenary.deployment_key', stateKey: me.deployment, idempotencyKey: `key/${me.deployment}/${me.signer.keyId}/${assembly.id}`, body: firstKeyContent(me.deployment, me.signer, me.botUserId, now) },
    ],
    now,
  );
  await tx.remotes.updateMirror('parent-link', link.remote, { ...data, roomId, status: 'join-sent' });
}

/** The link of a local assembly to a remote parent, when the event came from that parent's deployment in that link's room. */
async function linkFor(tx: StoreTx, me: DeploymentIdentity, parentRef: string, childRef: string, entry: InboxEntry): Promise<{ remote: string; data: ParentLinkData; localId: AssemblyId } | null> {
  const localId = ownId(me.deployment, childRef);
  if (!localId) return null;
  const m = await tx.remotes.mirror('parent-link', linkKey(parentRef, localId));
  const data = m?.data as unknown as ParentLinkData | undefined;
  if (!m || !data || data.deployment !== entry.sender || data.roomId !== entry.roomId) return null;
  return { remote: m.remote, data, localId: asAssemblyId(localId) };
}

/**
 * The parent accepted the join: the local assembly now belongs to a local
 * mirror of the remote federation, under a local mirror of the parent
 * assembly (one per remote parent, shared by every local assembly that joins
 * it), so `federation show`, the relay and `proposal status` work as for a
 * local parent.
 */
export async function applyJoinAccepted(tx: StoreTx, deps: CoreDeps, me: DeploymentIdentity, body: EventBody<'org.plenary.join_accepted'>, entry: InboxEntry): Promise<Applied> {
  const link = await linkFor(tx, me, body.parent_assembly, body.child_assembly, entry);
  if (!link) return { status: 'refused', note: 'not_host' };
  if (link.data.status !== 'join-sent' && link.data.status !== 'requested') return { status: 'recorded', note: link.data.status === 'joined' ? 'already joined' : `link ${link.data.status}: a new invitation is needed` };
  const now = deps.clock.now();
  const parent = await parentMirror(tx, link.data, now);
  if (!parent.movedById) return { status: 'refused', note: 'the join motion had no mover to found the mirror federation' };
  // An assembly of delegates joins in its own federation, where its members' edges are: the copies of the parent's proposals travel down it.
  const own = (await tx.assembly(link.localId))?.level ? await tx.federationByRoot(link.localId) : null;
  const federationId = own?.id ?? parent.federationId;
  const edge = await tx.createEdge({ federationId: asFederationId(federationId), childAssemblyId: link.localId, parentAssemblyId: asAssemblyId(parent.assemblyId), seats: body.seats, joinedByMotionId: asMotionId(link.data.joinMotionId) });
  // The copies of the parent's proposals already here are offered to it, as to any late member (relay/late.ts).
  await offerToLateMember(tx, asFederationId(federationId), asAssemblyId(parent.assemblyId), edge.id);
  await tx.remotes.updateMirror('parent-link', link.remote, { ...link.data, status: 'joined', federationId, parentMirrorId: parent.assemblyId, edgeId: edge.id });
  await tx.peerOutbox.moveLinkRequest(link.data.requestId, 'room-open', 'joined', entry.roomId, now);
  await tx.appendEvent(link.localId, { type: 'federation.joined', actorId: null, payload: { federation: link.data.federation, parent: link.data.parentName, remote: link.data.parentAssembly, seats: body.seats, motion: link.data.joinMotion } }, now);
  await witnessHead(tx, link.localId, link.data.parentAssembly, body.chain_head, 'org.plenary.join_accepted', now);
  return { status: 'applied' };
}

async function parentMirror(tx: StoreTx, data: ParentLinkData, now: Date): Promise<{ assemblyId: string; federationId: string; movedById: string | null }> {
  const known = await tx.remotes.mirror('parent', data.parentAssembly);
  if (known) return { assemblyId: known.localId, federationId: String(known.data.federationId), movedById: data.movedById };
  if (!data.movedById) return { assemblyId: '', federationId: '', movedById: null };
  const unique = async (base: string, taken: (n: string) => Promise<boolean>): Promise<string> => {
    let name = base.slice(0, 90);
    for (let i = 2; await taken(name); i++) name = `${base.slice(0, 90)} (${String(i)})`;
    return name;
  };
  const assemblyName = await unique(`${data.parentName} @ ${data.deployment}`, async (n) => (await tx.assemblyByName(n)) !== null);
  const assembly = await tx.createAssembly({ kind: 'delegates', name: assemblyName, level: 1, parentAssemblyId: null, policy: defaultPolicy() });
  const fedName = await unique(data.federation, async (n) => (await tx.federationByName(n)) !== null);
  const federation = await tx.createFederation({ name: fedName, purpose: `A federation whose ${data.parentName} meets on deployment ${data.deployment}.`, rootAssemblyId: assembly.id, foundedById: asPersonId(data.movedById) });
  await tx.remotes.putMirror({ kind: 'parent', remote: data.parentAssembly, localId: assembly.id, data: { federationId: federation.id, deployment: data.deployment } }, now);
  await tx.appendEvent(assembly.id, { type: 'federation.remote-parent', actorId: null, payload: { remote: data.parentAssembly, federation: data.federation, deployment: data.deployment } }, now);
  return { assemblyId: assembly.id, federationId: federation.id, movedById: data.movedById };
}

/**
 * A proposal (or a new version of it) offered from the remote parent: a
 * local copy of the proposal under the parent's mirror, issued as a version
 * there, so the normal relay opens the local assembly's response motion.
 */
export async function applyRemoteReferral(tx: StoreTx, deps: CoreDeps, me: DeploymentIdentity, body: EventBody<'org.plenary.referral'>, entry: InboxEntry, media?: LargeTextSource): Promise<Applied> {
  const link = await linkFor(tx, me, body.from_assembly, body.to_assembly, entry);
  if (!link?.data.parentMirrorId || !link.data.federationId) return { status: 'refused', note: 'not_host' };
  // Left, or sovereign after the parent's silence: a parent that comes back does not revive the edge.
  if (link.data.status !== 'joined') return { status: 'recorded', note: `link ${link.data.status}: the assembly must join again` };
  const whole = await referralText(body, media);
  // Inline, the signed hash is final. As media, what the homeserver serves can be withheld or swapped and put right:
  // the lane waits (nothing after it applies) and the event is tried again (the carrier checks the media first).
  if (!whole.ok && body.text_mxc === null) return { status: 'refused', note: whole.note };
  if (!whole.ok) throw new Error(`federation: referral ${entry.idempotencyKey}: ${whole.note}; tried again later`);
  const now = deps.clock.now();
  const origin = await tx.assembly(asAssemblyId(link.data.parentMirrorId));
  if (!origin) return { status: 'refused', note: 'the parent mirror is gone' };
  // The proposal's lock before the assembly's (its chain, `witnessHead`): the relay's steps take them in that order.
  const known = await tx.remotes.mirror('proposal', body.proposal);
  const proposal = known ? await tx.relay.lockProposal(asProposalId(known.localId)) : null;
  await witnessHead(tx, link.localId, body.from_assembly, body.chain_head, 'org.plenary.referral', now);
  if (proposal && proposal.currentVersion >= body.version) return { status: 'recorded', note: 'version already here' };
  const d = kindDefaults(origin.policy, 'proposal-draft');
  const [draft] = await tx.relay.createMotions([
    { id: asMotionId(randomUUID()), assemblyId: origin.id, kind: 'proposal-draft', method: 'yes-no-abstain', title: body.title.slice(0, 200), body: whole.text, options: [], seats: 1, quorum: d.quorum, threshold: d.threshold, secret: false, secondsRequired: 0, movedById: null, payload: { remote: body.proposal, version: body.version }, votingHours: 0, status: 'passed', opensAt: now, closesAt: now },
  ]);
  if (!draft) return { status: 'refused', note: 'no draft motion' };
  const text = { title: body.title.slice(0, 200), text: whole.text, changeNote: null };
  const r = proposal
    ? await issueVersion(tx, deps, origin, draft, text, { kind: 'amend', proposal })
    : await issueVersion(tx, deps, origin, draft, text, { kind: 'new', federationId: asFederationId(link.data.federationId), rule: ruleFromWire(body.adoption_rule), deadline: body.deadline ? new Date(body.deadline) : null });
  // Local version numbers run on their own (a version the parent never sent here is skipped): the map says which remote version each is.
  const versions = { ...((known?.data.versions ?? {}) as Record<string, number>), [String(r.proposal.currentVersion)]: body.version };
  const data: ProposalMirrorData = { linkRoomId: entry.roomId, parentAssembly: body.from_assembly, versions };
  if (known) await tx.remotes.updateMirror('proposal', body.proposal, { ...data });
  else await tx.remotes.putMirror({ kind: 'proposal', remote: body.proposal, localId: r.proposal.id, data: { ...data } }, now);
  return { status: 'applied' };
}

/** The local assembly left the remote parent this edge leads to (`leaveEdge`): its link is closed, so the parent's later events change nothing. */
export async function closeRemoteLink(tx: StoreTx, localId: AssemblyId, edgeId: string, how: 'left' | 'sovereign', at: Date): Promise<void> {
  for (const m of await tx.remotes.mirrorsOf('parent-link', [localId])) {
    const data = m.data as unknown as ParentLinkData;
    if (data.edgeId === edgeId && data.status === 'joined') await tx.remotes.updateMirror('parent-link', m.remote, { ...data, status: how, endedAt: at.toISOString() });
  }
}
