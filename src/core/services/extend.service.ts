import { publicMessage } from '../messages/message.js';
import { roomSpeech } from '../i18n/audience.js';
import type { Actor, Assembly, Motion, RoomRef } from '../model/entities.js';
import { MAX_VOTING_HOURS } from '../model/policy.js';
import { mayExtend } from '../authority/authority.js';
import { ok, type Result } from '../shared/result.js';
import type { CoreDeps } from './deps.js';
import { personFor } from './identity.service.js';
import { motionDeadlineRow } from './motion-deadline.js';
import { resolveMotion } from './motion.service.js';
import { errT } from '../i18n/localized.js';

const HOUR = 3_600_000;

export interface Extension {
  readonly motion: Motion;
  readonly assembly: Assembly;
  readonly hours: number;
  readonly before: Date;
}

/** Hours already added to the motion's deadline: whatever lies past its voting period. */
export function extendedHours(motion: Motion): number {
  if (!motion.opensAt || !motion.closesAt) return 0;
  return Math.max(0, Math.round((motion.closesAt.getTime() - motion.opensAt.getTime()) / HOUR - motion.votingHours));
}


/**
 * Moves an open motion's deadline `hours` later, under the motion's and then
 * the assembly's lock (a close racing it either closed first, and the
 * extension is refused, or sees the new deadline). The rule it applies, the
 * assembly's `extend-hours` (how much may be added in all), is read under the
 * lock. A deadline only moves later, so no motion closes before the period
 * its members were promised. The new deadline gets its own timer (the old
 * one finds nothing due); the record and every room are told.
 */
export async function extendMotion(deps: CoreDeps, actor: Actor, room: RoomRef, ref: string, hours: number): Promise<Result<Extension>> {
  if (!Number.isInteger(hours) || hours < 1) return errT('bad-input', 'extend.refused.hours');
  const r = await deps.store.transaction(async (tx): Promise<Result<Extension>> => {
    const found = await resolveMotion(tx, room, ref);
    if (!found.ok) return found;
    const motion = await tx.lockMotion(found.value.motion.id);
    if (!motion) return errT('not-found', 'motion.refused.gone');
    const assembly = await tx.lockAssembly(motion.assemblyId);
    if (!assembly) return errT('not-found', 'extend.refused.assemblyGone');
    const person = await personFor(tx, actor);
    const allowed = await mayExtend(tx, person.id, motion, assembly);
    if (!allowed.ok) return allowed;
    const now = deps.clock.now();
    if (motion.status !== 'open' || !motion.closesAt || !motion.opensAt) return errT('closed', 'extend.refused.notOpen', { number: motion.number, status: motion.status });
    if (motion.closesAt <= now) return errT('closed', 'extend.refused.closing', { number: motion.number });
    const limit = assembly.policy.extendHours;
    if (limit === 0) return errT('forbidden', 'extend.refused.never', { assembly: assembly.name });
    const used = extendedHours(motion);
    if (used + hours > limit) return errT('bad-input', 'extend.refused.limit', { assembly: assembly.name, limit, number: motion.number, left: limit - used });
    const closesAt = new Date(motion.closesAt.getTime() + hours * HOUR);
    if (closesAt.getTime() - motion.opensAt.getTime() > MAX_VOTING_HOURS * HOUR) return errT('bad-input', 'extend.refused.max', { max: MAX_VOTING_HOURS });
    const updated = await tx.updateMotion(motion.id, { closesAt });
    // Its reminders now fall later: the next sweep plans them again (one already sent is not sent twice).
    await tx.setReminderAt(motion.id, new Date(0));
    await tx.appendEvent(assembly.id, { type: 'motion.extended', actorId: person.id, payload: { motion: motion.number, hours, from: motion.closesAt.toISOString(), closesAt: closesAt.toISOString() } }, now);
    const row = motionDeadlineRow(closesAt);
    await tx.enqueue(row.kind, row.dedupeKey, row.payload, row.availableAt);
    return ok({ motion: updated, assembly, hours, before: motion.closesAt });
  });
  if (!r.ok) return r;
  const { motion, assembly, before } = r.value;
  const by = actor.displayName;
  // Keyed by the new deadline: each extension is its own announcement, a retry of one is not.
  const t = roomSpeech(assembly.policy);
  const closes = motion.closesAt ?? before;
  await deps.announcer.announce(assembly.id, publicMessage(t.t('extend.announce.title', { assembly: assembly.name, number: motion.number, hours }), t.t('extend.announce.body', { title: motion.title, closes, before, by }), { fields: [{ name: t.t('field.closes'), value: t.date(closes), inline: true }] }), `motion-extended:${motion.id}:${motion.closesAt?.getTime() ?? 0}`);
  return r;
}
