import type { Platform } from '../model/entities.js';
import type { PendingMotion, ReminderRecipient, SpeechPreference } from '../ports/store.port.js';
import type { MotionId, PersonId } from '../shared/ids.js';
import { FakeFederation } from './fake-federation.js';
import * as reminders from './fake-reminders.js';
import { accountKey, isCurrent, pairKey, type FakeState } from './fake-store-state.js';

/**
 * FakeStore's reads and writes about members acting on time (issue 18):
 * `pending` and the reminder rows, between the federation part and the rest
 * of the transaction (fake-store.ts), with the same contract as the Prisma store's.
 */
export class FakeMemberTimes extends FakeFederation {
  constructor(
    private readonly st: () => FakeState,
    newId: (prefix: string) => string,
  ) {
    super(st, newId);
  }

  pendingFor(personId: PersonId, limit: number): Promise<readonly PendingMotion[]> {
    const st = this.st();
    const list = [...st.motions.values()].filter((m) => m.status === 'open' && st.memberships.get(pairKey(m.assemblyId, personId))?.status === 'active' && !isCurrent(st.ballots.get(pairKey(m.id, personId))));
    // As the Prisma store orders them: the earliest deadline first (none last), then by id.
    list.sort((a, b) => (a.closesAt?.getTime() ?? Infinity) - (b.closesAt?.getTime() ?? Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return Promise.resolve(list.slice(0, limit).map((motion) => ({ motion, assemblyName: st.assemblies.get(motion.assemblyId)?.name ?? '?' })));
  }
  dueReminders(now: Date, limit: number): Promise<readonly MotionId[]> {
    return Promise.resolve(reminders.dueReminders(this.st(), now, limit));
  }
  remindersSent(motionId: MotionId): Promise<readonly number[]> {
    return Promise.resolve(reminders.remindersSent(this.st(), motionId));
  }
  reminderRecipients(motionId: MotionId): Promise<readonly ReminderRecipient[]> {
    return Promise.resolve(reminders.reminderRecipients(this.st(), motionId));
  }
  remindOf(platform: Platform, externalId: string): Promise<boolean> {
    return Promise.resolve(this.st().accounts.get(accountKey(platform, externalId))?.remind === true);
  }
  speechPreferenceOf(platform: Platform, externalId: string): Promise<SpeechPreference> {
    const a = this.st().accounts.get(accountKey(platform, externalId));
    return Promise.resolve({ language: a?.language ?? null, timeZone: a?.timeZone ?? null });
  }
  setSpeechPreference(platform: Platform, externalId: string, change: Partial<SpeechPreference>): Promise<void> {
    const key = accountKey(platform, externalId);
    const a = this.st().accounts.get(key);
    if (a) this.st().accounts.set(key, { ...a, ...(change.language === undefined ? {} : { language: change.language }), ...(change.timeZone === undefined ? {} : { timeZone: change.timeZone }) });
    return Promise.resolve();
  }
  setReminderAt(motionId: MotionId, at: Date | null): Promise<void> {
    reminders.setReminderAt(this.st(), motionId, at);
    return Promise.resolve();
  }
  forgetUnreminded(motionIds: readonly MotionId[]): Promise<readonly MotionId[]> {
    return Promise.resolve(reminders.forgetUnreminded(this.st(), motionIds));
  }
  markReminderSent(motionId: MotionId, hours: number, at: Date): Promise<boolean> {
    return Promise.resolve(reminders.markReminderSent(this.st(), motionId, hours, at));
  }
  setRemind(platform: Platform, externalId: string, on: boolean): Promise<void> {
    reminders.setRemind(this.st(), platform, externalId, on);
    return Promise.resolve();
  }
}
