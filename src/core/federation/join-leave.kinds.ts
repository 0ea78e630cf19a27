import { asFederationId } from '../shared/ids.js';
import { err, ok } from '../shared/result.js';
import type { MotionKindHandler } from '../services/motion-kinds.js';
import { endSeat, tellBoth } from './delegates.js';
import { wouldCycle } from './federation.service.js';
import { seatsFor } from './seats.js';
import { endReferralsOnLeave } from '../relay/leave.js';
import { looksRemote } from './remote/invitation-code.js';
import { passRemoteJoin, prepareRemoteJoin } from './remote/child.js';

/** `federation-join`: the joining assembly's own vote on the parent's invitation code. */
export const federationJoinKind: MotionKindHandler = {
  kind: 'federation-join',
  async prepare(tx, assembly, payload, now, deps) {
    const code = typeof payload.code === 'string' ? payload.code.trim() : '';
    if (looksRemote(code)) return prepareRemoteJoin(tx, deps, assembly, code);
    const inv = code ? await tx.invitation(code) : null;
    if (!inv) return err('not-found', 'That invitation code is unknown. Ask the parent assembly for one (`federation invite` in its room).');
    if (inv.usedAt) return err('closed', 'That invitation code was already used.');
    if (inv.expiresAt && inv.expiresAt <= now) return err('closed', 'That invitation code has expired; ask for a new one.');
    if (inv.parentAssemblyId === assembly.id) return err('bad-input', 'An assembly cannot join itself.');
    const federation = await tx.federation(inv.federationId);
    if (!federation) return err('not-found', 'The federation of that invitation no longer exists.');
    if (await tx.activeEdge(federation.id, assembly.id)) return err('conflict', `${assembly.name} is already in ${federation.name}; leave first to change its parent.`);
    if (await wouldCycle(tx, federation.id, assembly, inv.parentAssemblyId)) return err('bad-input', 'That parent sits below this assembly in the federation; joining it would make a loop.');
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
      afterCommit(tellBoth(deps, assembly, null, `${assembly.name} could not join`, 'The invitation was used or withdrawn while the vote ran. Ask the parent for a new code.', `join-failed:${motion.id}`));
      return;
    }
    const seats = seatsFor(parent.policy, await tx.countMembers(assembly.id, 'active'));
    const edge = await tx.createEdge({ federationId: federation.id, childAssemblyId: assembly.id, parentAssemblyId: parent.id, seats, joinedByMotionId: motion.id });
    await tx.appendEvent(assembly.id, { type: 'federation.joined', actorId: null, payload: { federation: federation.name, parent: parent.name, seats, motion: motion.number } }, at);
    await tx.appendEvent(parent.id, { type: 'federation.member-joined', actorId: null, payload: { member: assembly.name, seats, edgeId: edge.id } }, at);
    afterCommit(tellBoth(deps, assembly, parent, `${assembly.name} joined ${federation.name}`, `${assembly.name} now sends ${seats} delegate(s) to ${parent.name}. Nominate candidates with \`nominate ${federation.name}\`, then \`election call ${federation.name}\`.`, `joined:${edge.id}`));
  },
  describe: (m) => `joins ${String(m.payload.federationName)} under ${String(m.payload.parentName)}`,
};

/** `federation-leave`: only the leaving assembly's own vote; its seats end and its delegates lose access. */
export const federationLeaveKind: MotionKindHandler = {
  kind: 'federation-leave',
  async prepare(tx, assembly, payload) {
    const federation = typeof payload.federation === 'string' ? await tx.federationByName(payload.federation) : null;
    if (!federation) return err('not-found', 'Name the federation to leave (see `federation show`).');
    const edge = await tx.activeEdge(federation.id, assembly.id);
    if (!edge) return err('not-found', `${assembly.name} is not in ${federation.name}.`);
    return ok({ federationId: federation.id, federationName: federation.name, edgeId: edge.id });
  },
  async onPassed({ tx, deps, assembly, motion, at, afterCommit }) {
    const edge = await tx.activeEdge(asFederationId(String(motion.payload.federationId)), assembly.id);
    if (!edge) return;
    const parent = await tx.assembly(edge.parentAssemblyId);
    await tx.endEdge(edge.id, at, motion.id);
    for (const seat of await tx.seats({ edgeId: edge.id, status: 'active' })) await endSeat(tx, seat, 'ended', at, motion, `${assembly.name} left the federation`);
    // Its decisions on that federation's proposals stop counting, and no more are asked of it.
    const ended = await endReferralsOnLeave(tx, assembly, edge.federationId, at);
    await tx.appendEvent(assembly.id, { type: 'federation.left', actorId: null, payload: { federation: String(motion.payload.federationName), motion: motion.number } }, at);
    if (parent) await tx.appendEvent(parent.id, { type: 'federation.member-left', actorId: null, payload: { member: assembly.name } }, at);
    afterCommit(tellBoth(deps, assembly, parent, `${assembly.name} left ${String(motion.payload.federationName)}`, `Its delegates no longer hold seats there and have lost access to the delegates’ room.${ended > 0 ? ` Its part in that federation's open proposals has ended (${ended} referral(s)): open votes on them are closed and its decisions no longer count${assembly.level > 0 ? ' (nor those of the assemblies below it, whose votes on them close shortly)' : ''}.` : ''}`, `left:${edge.id}`));
  },
  describe: (m) => `leaves ${String(m.payload.federationName)}`,
};
