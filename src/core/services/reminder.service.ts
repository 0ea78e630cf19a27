import { personal, publicMessage, type OutMessage } from '../messages/message.js';
import type { Assembly, Motion } from '../model/entities.js';
import { directRows, sendRows } from '../relay/outbox.js';
import type { MotionId } from '../shared/ids.js';
import type { CoreDeps } from './deps.js';
import { personalSpeech, roomSpeech } from '../i18n/audience.js';
import type { ReminderRecipient } from '../ports/store.port.js';
import type { Speech } from '../i18n/speech.js';

const HOUR = 3_600_000;
/** Motions taken per due query; each is then decided in its own short transaction. */
export const REMINDER_PAGE = 200;
/** Pages per sweep: a backlog (a relay's 100,000 new motions) is worked off over several slots. */
export const REMINDER_PAGES_PER_SWEEP = 20;

export interface ReminderTime {
  readonly hours: number;
  readonly at: Date;
}

/**
 * When a motion's reminders fall: `hours` before its close, for each of the
 * assembly's reminder hours that falls after it opened (a 10-hour motion gets
 * no "24 hours left"), latest first.
 */
export function reminderTimes(motion: Pick<Motion, 'opensAt' | 'closesAt'>, hours: readonly number[]): ReminderTime[] {
  if (!motion.opensAt || !motion.closesAt) return [];
  const { opensAt, closesAt } = motion;
  return [...new Set(hours)]
    .map((h) => ({ hours: h, at: new Date(closesAt.getTime() - h * HOUR) }))
    .filter((t) => t.at > opensAt)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** "in 5 hours (Thu 10 Dec, 23:30 CET)": relative, then the deadline in the audience's zone. */
const left = (t: Speech, closesAt: Date, now: Date): string => t.deadline(closesAt.getTime() > now.getTime() ? closesAt : new Date(now.getTime() + 60_000), now);

/** The room's reminder, in the assembly's language: how many have voted, never who (a secret ballot stays secret; nobody is singled out). */
export function roomReminder(assembly: Assembly, motion: Motion, cast: number, eligible: number, now: Date): OutMessage {
  const t = roomSpeech(assembly.policy);
  const closes = motion.closesAt ?? now;
  return publicMessage(t.t('reminder.room.title', { assembly: assembly.name, number: motion.number, left: left(t, closes, now) }), t.t('reminder.room.body', { title: motion.title, cast, eligible, number: motion.number }), { tone: 'info' });
}

/**
 * The direct reminder: only to a member who asked for them (`remind on`) and
 * has not voted; in the recipient's own language and zone (`language`,
 * `timezone`), else the assembly's (a direct message carries no platform locale).
 */
export function directReminder(assembly: Assembly, motion: Motion, now: Date, t: Speech = roomSpeech(assembly.policy)): OutMessage {
  const closes = motion.closesAt ?? now;
  return personal(t.t('reminder.direct.title', { assembly: assembly.name, number: motion.number, left: left(t, closes, now) }), t.t('reminder.direct.body', { title: motion.title, assembly: assembly.name, number: motion.number }));
}

/**
 * One motion's reminders, decided under its lock and then its assembly's (the
 * order closing takes): the reminders now due that were not yet sent are
 * recorded (one row per motion and hour: a reminder goes out once, whatever
 * the sweeps, workers and restarts), and only the one nearest the close is
 * posted (after a pause, one nudge rather than three), as outbox rows for the
 * paced platform lanes in this same transaction: to every bound room and, by
 * direct message, to each member who asked and has not voted. Then the next
 * look is planned (or none). Returns whether a reminder went out.
 */
async function remindOne(deps: CoreDeps, motionId: MotionId, now: Date): Promise<boolean> {
  return deps.store.transaction(async (tx) => {
    const motion = await tx.lockMotion(motionId);
    if (!motion) return false;
    if (motion.status !== 'open' || !motion.closesAt || motion.closesAt <= now) {
      await tx.setReminderAt(motionId, null);
      return false;
    }
    const assembly = await tx.lockAssembly(motion.assemblyId);
    if (!assembly) return false;
    const sent = new Set(await tx.remindersSent(motionId));
    const times = reminderTimes(motion, assembly.policy.reminders).filter((t) => !sent.has(t.hours));
    const due = times.filter((t) => t.at <= now);
    let posted = false;
    const nearest = due[due.length - 1];
    if (nearest) {
      const marked = await Promise.all(due.map((t) => tx.markReminderSent(motionId, t.hours, now)));
      if (marked[marked.length - 1]) {
        const key = `remind.${motionId}.${nearest.hours}`;
        const [bindings, cast, eligible, recipients] = await Promise.all([tx.bindingsOf(assembly.id), tx.countBallots(motionId), tx.countMembers(assembly.id, 'active'), tx.reminderRecipients(motionId)]);
        // One message per language and zone in use, not per recipient.
        const worded = new Map<Speech, OutMessage>();
        const dm = (to: ReminderRecipient): OutMessage => {
          const t = personalSpeech(to.preference, undefined, assembly.policy);
          const m = worded.get(t) ?? directReminder(assembly, motion, now, t);
          worded.set(t, m);
          return m;
        };
        const direct = recipients.map((to) => ({ to: { platform: to.platform, externalId: to.externalId, displayName: to.displayName }, message: dm(to), key }));
        await tx.relay.enqueueMany([...sendRows([{ bindings, message: roomReminder(assembly, motion, cast, eligible, now), key }], key), ...directRows(direct, key)]);
        await tx.appendEvent(assembly.id, { type: 'motion.reminded', actorId: null, payload: { motion: motion.number, hours: nearest.hours, direct: recipients.length } }, now);
        posted = true;
      }
    }
    const next = times.find((t) => t.at > now);
    await tx.setReminderAt(motionId, next ? next.at : null);
    return posted;
  });
}

/**
 * The sweep's reminders: every motion whose next look is due (new ones at
 * once, to plan them) is decided in its own transaction. Returns how many
 * reminders went out.
 */
export async function sendDueReminders(deps: CoreDeps, o: { readonly page?: number; readonly maxPages?: number } = {}): Promise<number> {
  const page = o.page ?? REMINDER_PAGE;
  const now = deps.clock.now();
  let posted = 0;
  for (let p = 0; p < (o.maxPages ?? REMINDER_PAGES_PER_SWEEP); p++) {
    const due = await deps.store.read.dueReminders(now, page);
    // Most assemblies ask for no reminders: their new motions are settled for the whole page at once.
    const quiet = new Set<MotionId>(await deps.store.transaction((tx) => tx.forgetUnreminded(due)));
    for (const id of due.filter((m) => !quiet.has(m))) {
      try {
        if (await remindOne(deps, id, now)) posted++;
      } catch (e) {
        // One motion's failure must not hold back the others; it stays due for the next slot.
        deps.log.warn({ err: e, motionId: id }, 'could not send a motion reminder; will retry next sweep');
      }
    }
    // Every motion taken was re-planned past now (or to none), so the next page holds new ones.
    if (due.length < page) break;
  }
  return posted;
}
