import type { Actor, Assembly, RoomRef } from '../model/entities.js';
import { defaultPolicy } from '../model/policy.js';
import { motionAnnouncement } from '../messages/motion-messages.js';
import { ok, type Result } from '../shared/result.js';
import { cleanName } from '../shared/names.js';
import { ENGLISH, errT, roomSpeech } from '../i18n/index.js';
import { sameName } from './names.js';
import { claimingName } from '../services/name-race.js';
import type { CoreDeps } from '../services/deps.js';
import { personFor } from '../services/identity.service.js';
import type { MotionKindHandler } from '../services/motion-kinds.js';
import { moveMotionIn } from '../services/motion.service.js';
import { forwardToParent, prepareFederationForward } from '../relay/forward.js';
import { mayAttachTo } from '../authority/authority.js';

/** `circle create`: a circle of a local assembly (with its facilitator's consent), bound to this room; its creator is its first member and facilitator. */
export async function createCircle(deps: CoreDeps, actor: Actor, room: RoomRef, rawName: string, localName: string): Promise<Result<{ circle: Assembly; local: Assembly }>> {
  const name = cleanName('circle name', rawName);
  if (!name.ok) return name;
  return claimingName(deps, name.value, async () => (await deps.store.read.assemblyByName(name.value))?.name, deps.store.transaction(async (tx) => {
    if (await tx.bindingByRoom(room.platform, room.roomId)) return errT('conflict', 'fed.roomTaken.circle');
    const local = await tx.assemblyByName(localName);
    if (local?.kind !== 'local') return errT('not-found', 'fed.circle.noLocal', { name: localName });
    const person = await personFor(tx, actor);
    const allowed = await mayAttachTo(tx, person.id, local);
    if (!allowed.ok) return allowed;
    const taken = await tx.assemblyByName(name.value);
    if (taken) return errT('conflict', 'fed.assemblyExists', sameName(taken.name, name.value));
    const circle = await tx.createAssembly({ kind: 'circle', name: name.value, level: 0, parentAssemblyId: local.id, policy: defaultPolicy() });
    await tx.bindRoom({ ...room, assemblyId: circle.id, purpose: 'main' });
    await tx.upsertMembership({ assemblyId: circle.id, personId: person.id, status: 'active', role: 'facilitator' });
    const now = deps.clock.now();
    await tx.appendEvent(circle.id, { type: 'circle.created', actorId: person.id, payload: { local: local.name } }, now);
    await tx.appendEvent(local.id, { type: 'circle.added', actorId: person.id, payload: { circle: circle.name } }, now);
    return ok({ circle, local });
  }));
}

/** `forward`: a passed forward motion puts its text on the local assembly's agenda as a new motion there. */
export const forwardKind: MotionKindHandler = {
  kind: 'forward',
  async prepare(tx, assembly, payload) {
    if (typeof payload.federation === 'string') return prepareFederationForward(tx, assembly, payload.federation);
    // A committee asks its local assembly to decide the same way (`committee ask`).
    if ((assembly.kind !== 'circle' && assembly.kind !== 'committee') || !assembly.parentAssemblyId) return errT('bad-input', 'fed.forward.notCircle');
    return ok({ localAssemblyId: assembly.parentAssemblyId });
  },
  async onPassed(ctx) {
    if (typeof ctx.motion.payload.parentAssemblyId === 'string') return forwardToParent(ctx);
    const { tx, deps, assembly, motion, at, afterCommit } = ctx;
    const local = assembly.parentAssemblyId ? await tx.assembly(assembly.parentAssemblyId) : null;
    if (!local) return;
    const moverId = motion.movedById;
    const mover = moverId ? await tx.membership(local.id, moverId) : null;
    if (!moverId || mover?.status !== 'active') {
      await tx.appendEvent(assembly.id, { type: 'forward.failed', actorId: null, payload: { motion: motion.number, reason: 'the mover is no longer a member of the local assembly' } }, at);
      return;
    }
    const r = await moveMotionIn(tx, deps, local, moverId, { kind: 'resolution', title: motion.title, body: roomSpeech(local.policy).t('fed.forward.note', { body: motion.body, from: assembly.kind === 'committee' ? 'committee' : 'circle', assembly: assembly.name, number: motion.number }).trim() });
    if (!r.ok) {
      await tx.appendEvent(assembly.id, { type: 'forward.failed', actorId: null, payload: { motion: motion.number, reason: r.error.message } }, at);
      return;
    }
    await tx.appendEvent(assembly.id, { type: 'forward.sent', actorId: null, payload: { motion: motion.number, local: local.name, localMotion: r.value.motion.number } }, at);
    const opened = r.value;
    afterCommit(() => deps.announcer.announce(local.id, motionAnnouncement(opened.assembly, opened.motion, opened.effect), `motion-${opened.motion.status}:${opened.motion.id}`));
  },
  describe: (m, t = ENGLISH) => (typeof m.payload.parentName === 'string' ? t.t('fed.effect.forwardFederation', { parent: m.payload.parentName, federation: String(m.payload.federationName) }) : t.t('fed.effect.forwardLocal')),
};
