import type { Platform } from '../model/entities.js';
import type { ReminderRecipient } from '../ports/store.port.js';
import { asMotionId, type MotionId } from '../shared/ids.js';
import { accountKey, pairKey, type FakeState } from './fake-store-state.js';

/** FakeStore's reminder rows, kept apart from fake-store.ts (the same contract as the Prisma store's). */
export function dueReminders(st: FakeState, now: Date, limit: number): MotionId[] {
  const due = [...st.reminderAt].flatMap(([id, at]) => (at && at <= now ? [{ id, at: at.getTime() }] : []));
  // The longest waiting first, as the Prisma store orders them (which leaves ties in any order; by id here).
  due.sort((x, y) => x.at - y.at || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return due.slice(0, limit).map((d) => asMotionId(d.id));
}

export function remindersSent(st: FakeState, motionId: MotionId): number[] {
  return [...st.remindersSent.keys()].flatMap((k) => {
    const [m, h] = k.split('\u0000');
    return m === motionId ? [Number(h)] : [];
  }).sort((a, b) => b - a);
}

export function reminderRecipients(st: FakeState, motionId: MotionId): ReminderRecipient[] {
  const motion = st.motions.get(motionId);
  if (!motion) return [];
  const waiting = (personId: string): boolean => {
    const b = st.ballots.get(pairKey(motionId, personId));
    return st.memberships.get(pairKey(motion.assemblyId, personId))?.status === 'active' && (!b || b.voidedAt !== null);
  };
  return [...st.accounts.values()].filter((a) => a.remind === true && waiting(a.personId)).map(({ platform, externalId, displayName, language, timeZone }) => ({ platform, externalId, displayName, preference: { language: language ?? null, timeZone: timeZone ?? null } })).sort((a, b) => (a.platform + a.externalId < b.platform + b.externalId ? -1 : 1));
}

export function forgetUnreminded(st: FakeState, motionIds: readonly MotionId[]): MotionId[] {
  return motionIds.filter((id) => {
    const m = st.motions.get(id);
    const quiet = m !== undefined && (st.assemblies.get(m.assemblyId)?.policy.reminders.length ?? 0) === 0;
    if (quiet) st.reminderAt.set(id, null);
    return quiet;
  });
}

export function setReminderAt(st: FakeState, motionId: MotionId, at: Date | null): void {
  if (st.motions.has(motionId)) st.reminderAt.set(motionId, at);
}

export function markReminderSent(st: FakeState, motionId: MotionId, hours: number, at: Date): boolean {
  const key = pairKey(motionId, String(hours));
  if (!st.motions.has(motionId) || st.remindersSent.has(key)) return false;
  st.remindersSent.set(key, at);
  return true;
}

export function setRemind(st: FakeState, platform: Platform, externalId: string, on: boolean): void {
  const a = st.accounts.get(accountKey(platform, externalId));
  if (a) st.accounts.set(accountKey(platform, externalId), { ...a, remind: on });
}

/** A policy change: the assembly's open motions are re-planned by the next sweep. */
export function replanAssembly(st: FakeState, assemblyId: string): void {
  for (const m of st.motions.values()) if (m.assemblyId === assemblyId && m.status === 'open') st.reminderAt.set(m.id, new Date(0));
}
