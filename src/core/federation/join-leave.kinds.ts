import { node, type StoredMessage } from '../i18n/stored.js';
import { asFederationId } from '../shared/ids.js';
import { ok } from '../shared/result.js';
import { ENGLISH, errT } from '../i18n/index.js';
import type { MotionKindHandler } from '../services/motion-kinds.js';
import { endSeat, tellBoth } from './delegates.js';
import { wouldCycle } from './federation.service.js';
import { seatsFor } from './seats.js';
import { endReferralsOnLeave } from '../relay/leave.js';
import { offerToLateMember } from '../relay/late.js';
import { looksRemote } from './remote/invitation-code.js';
import { closeRemoteLink, passRemoteJoin, prepareRemoteJoin } from './remote/child.js';
import type { Assembly, Motion } from '../model/entities.js';
import type { FederationEdge } from '../model/federation.js';
import type { StoreTx } from '../ports/store.port.js';

/** `federation-join`: the joining assembly's own vote on the parent's invitation code. */
export const federationJoinKind: MotionKindHandler = {
  kind: 'federation-join',
  async prepare(tx, assembly, payload, now, deps) {
    const code = typeof payload.code === 'string' ? payload.code.trim() : '';
    if (looksRemote(code)) return prepareRemoteJoin(tx, deps, assembly, code);
    const inv = code ? await tx.invitation(code) : null;
    if (!inv) return errT('not-found', 'fed.join.unknownCode');
    if (inv.usedAt) return errT('closed', 'fed.join.codeUsed');
    if (inv.expiresAt && inv.expiresAt <= now) return errT('closed', 'fed.join.codeExpired');
    if (inv.parentAssemblyId === assembly.id) return errT('bad-input', 'fed.join.self');
    const federation = await tx.federation(inv.federationId);
    if (!federation) return errT('not-found', 'fed.join.federationGone');
    if (await tx.activeEdge(federation.id, assembly.id)) return errT('conflict', 'fed.join.already', { assembly: assembly.name, federation: federation.name });
    if (await wouldCycle(tx, federation.id, assembly, inv.parentAssemblyId)) return errT('bad-input', 'fed.join.loop');
    const parent = await tx.assembly(inv.parentAssemblyId);
    return ok({ code: inv.code, federationId: federation.id, federationName: federation.name, parentAssemblyId: inv.parentAssemblyId, parentName: parent?.name ?? '?' });
  },
  async onPassed({ tx, deps, assembly, motion, at, afterCommit }) {
    if (motion.payload.remote === true) {
      await passRemoteJoin(tx, deps, assembly, motion, at);
      return;
    }
    const code = String(motion.payload.code);
    const inv = await tx.invitation(code);
    const federation = inv ? await tx.federation(inv.federationId) : null;
    const parent = inv ? await tx.assembly(inv.parentAssemblyId) : null;
    if (!inv || !federation || !parent || !(await tx.useInvitation(code, assembly.id, at)) || (await tx.activeEdge(federation.id, assembly.id))) {
      await tx.appendEvent(assembly.id, { type: 'federation.join-failed', actorId: null, payload: { motion: motion.number, reason: 'the invitation was used or withdrawn meanwhile' } }, at);
      afterCommit(tellBoth(deps, assembly, null, (t) => [t.t('fed.join.failed.title', { assembly: assembly.name }), t.t('fed.join.failed.body')], `join-failed:${motion.id}`));
      return;
    }
    const seats = seatsFor(parent.policy, await tx.countMembers(assembly.id, 'active'));
    const edge = await tx.createEdge({ federationId: federation.id, childAssemblyId: assembly.id, parentAssemblyId: parent.id, seats, joinedByMotionId: motion.id });
    await offerToLateMember(tx, federation.id, parent.id, edge.id);
    await tx.appendEvent(assembly.id, { type: 'federation.joined', actorId: null, payload: { federation: federation.name, parent: parent.name, seats, motion: motion.number } }, at);
    await tx.appendEvent(parent.id, { type: 'federation.member-joined', actorId: null, payload: { member: assembly.name, seats, edgeId: edge.id } }, at);
    afterCommit(tellBoth(deps, assembly, parent, (t) => [t.t('fed.join.done.title', { assembly: assembly.name, federation: federation.name }), t.t('fed.join.done.body', { assembly: assembly.name, seats, parent: parent.name, federation: federation.name })], `joined:${edge.id}`));
  },
  describe: (m, t = ENGLISH) => t.t('fed.effect.join', { federation: String(m.payload.federationName), parent: String(m.payload.parentName) }),
};

/** `federation-leave`: only the leaving assembly's own vote; its seats end and its delegates lose access. */
export const federationLeaveKind: MotionKindHandler = {
  kind: 'federation-leave',
  async prepare(tx, assembly, payload) {
    const federation = typeof payload.federation === 'string' ? await tx.federationByName(payload.federation) : null;
    if (!federation) return errT('not-found', 'fed.leave.which');
    const edge = await tx.activeEdge(federation.id, assembly.id);
    if (!edge) return errT('not-found', 'fed.notIn', { assembly: assembly.name, federation: federation.name });
    return ok({ federationId: federation.id, federationName: federation.name, edgeId: edge.id });
  },
  async onPassed({ tx, deps, assembly, motion, at, afterCommit }) {
    const edge = await tx.activeEdge(asFederationId(String(motion.payload.federationId)), assembly.id);
    if (!edge) return;
    const { parent, ended } = await leaveEdge(tx, assembly, edge, at, motion, node('fed.access.reason.left', { assembly: assembly.name }));
    await tx.appendEvent(assembly.id, { type: 'federation.left', actorId: null, payload: { federation: String(motion.payload.federationName), motion: motion.number } }, at);
    if (parent) await tx.appendEvent(parent.id, { type: 'federation.member-left', actorId: null, payload: { member: assembly.name } }, at);
    const federationName = String(motion.payload.federationName);
    afterCommit(tellBoth(deps, assembly, parent, (t) => [t.t('fed.leave.done.title', { assembly: assembly.name, federation: federationName }), t.t('fed.leave.done.body', { ended, below: assembly.level > 0 ? 'yes' : 'no' })], `left:${edge.id}`));
  },
  describe: (m, t = ENGLISH) => t.t('fed.effect.leave', { federation: String(m.payload.federationName) }),
};

/**
 * What leaving does to the leaving side, whoever decided it (its own
 * `federation-leave` motion, or sovereignty after its remote parent's
 * deployment went silent, remote/dormancy.ts): the edge ends, its seats end
 * (delegates lose access), its referrals in that federation end as withdrawn
 * (never rejected). A remote parent's link is closed too, so the parent's
 * later events do not revive it: it joins again by a new invitation.
 */
export async function leaveEdge(tx: StoreTx, assembly: Assembly, edge: FederationEdge, at: Date, motion: Motion | null, reason: StoredMessage): Promise<{ parent: Assembly | null; ended: number }> {
  const parent = await tx.assembly(edge.parentAssemblyId);
  await tx.endEdge(edge.id, at, motion?.id ?? null);
  for (const seat of await tx.seats({ edgeId: edge.id, status: 'active' })) await endSeat(tx, seat, 'ended', at, motion, reason);
  // Its decisions on that federation's proposals stop counting, and no more are asked of it.
  const ended = await endReferralsOnLeave(tx, assembly, edge.federationId, at);
  await closeRemoteLink(tx, assembly.id, edge.id, motion ? 'left' : 'sovereign', at);
  return { parent, ended };
}
