import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../src/core/model/policy.js';
import { assembly, ballotOf, cast, HOUR, motion, person, UNKNOWN } from './store-fixtures.js';
import type { ConformanceContext } from './store.conformance.js';

export function describeStoreReminderConformance(ctx: ConformanceContext): void {
  describe('motion reminders', () => {
    it('GIVEN a new motion THEN its reminders are due for a look at once; re-planned later or to none, it leaves the due list', async () => {
      const [a, ann] = [await assembly(ctx.store), await person(ctx.store)];
      const m = await motion(ctx.store, a, ann.id);
      const now = new Date();
      expect(await ctx.store.read.dueReminders(now, 100_000)).toContain(m.id);
      const later = new Date(now.getTime() + HOUR);
      await ctx.store.transaction((tx) => tx.setReminderAt(m.id, later));
      expect(await ctx.store.read.dueReminders(now, 100_000)).not.toContain(m.id);
      expect(await ctx.store.read.dueReminders(later, 100_000)).toContain(m.id);
      await ctx.store.transaction((tx) => tx.setReminderAt(m.id, null));
      expect(await ctx.store.read.dueReminders(new Date('9999-01-01T00:00:00Z'), 100_000)).not.toContain(m.id);
      // A policy change has the assembly's open motions planned again.
      await ctx.store.transaction((tx) => tx.updatePolicy(a.id, { ...defaultPolicy(), reminders: [2] }));
      expect(await ctx.store.read.dueReminders(now, 100_000)).toContain(m.id);
    });

    it('GIVEN a page of due motions in assemblies with and without reminder hours THEN one call settles exactly those without, and leaves the others due', async () => {
      const [quiet, asking, ann] = [await assembly(ctx.store), await assembly(ctx.store), await person(ctx.store)];
      await ctx.store.transaction((tx) => tx.updatePolicy(asking.id, { ...defaultPolicy(), reminders: [24, 1] }));
      const ms = [await motion(ctx.store, quiet, ann.id), await motion(ctx.store, asking, ann.id), await motion(ctx.store, quiet, ann.id)];
      const settled = await ctx.store.transaction((tx) => tx.forgetUnreminded([...ms.map((m) => m.id), UNKNOWN.motion]));
      expect([...settled].sort()).toEqual([ms[0]!.id, ms[2]!.id].sort());
      const due = await ctx.store.read.dueReminders(new Date(), 100_000);
      expect(due).toContain(ms[1]!.id);
      expect(due).not.toContain(ms[0]!.id);
      expect(due).not.toContain(ms[2]!.id);
      // Reminders turned on later: the quiet assembly's open motions are looked at again.
      await ctx.store.transaction((tx) => tx.updatePolicy(quiet.id, { ...defaultPolicy(), reminders: [2] }));
      expect(await ctx.store.read.dueReminders(new Date(), 100_000)).toContain(ms[0]!.id);
    });

    it('GIVEN a reminder marked sent THEN marking it again says no, and the motion lists it', async () => {
      const [a, ann] = [await assembly(ctx.store), await person(ctx.store)];
      const m = await motion(ctx.store, a, ann.id);
      const at = new Date();
      expect(await ctx.store.transaction((tx) => tx.markReminderSent(m.id, 24, at))).toBe(true);
      expect(await ctx.store.transaction((tx) => tx.markReminderSent(m.id, 24, at))).toBe(false);
      expect(await ctx.store.transaction((tx) => tx.markReminderSent(m.id, 1, at))).toBe(true);
      expect(await ctx.store.read.remindersSent(m.id)).toEqual([24, 1]);
      expect(await ctx.store.transaction((tx) => tx.markReminderSent(UNKNOWN.motion, 1, at))).toBe(false);
      expect(await ctx.store.read.remindersSent(UNKNOWN.motion)).toEqual([]);
    });

    it('GIVEN members who asked for reminders THEN the recipients are the accounts of active members without a current ballot', async () => {
      const [a, ann, ben, cy, dee] = [await assembly(ctx.store), await person(ctx.store, 'ann'), await person(ctx.store, 'ben'), await person(ctx.store, 'cy'), await person(ctx.store, 'dee')];
      const m = await motion(ctx.store, a, ann.id);
      await cast(ctx.store, m, [ballotOf(m, ann)]);
      const accounts = await Promise.all([ann, ben, cy, dee].map(async (p) => (await ctx.store.read.accountsOf(p.id))[0]!));
      await ctx.store.transaction(async (tx) => {
        for (const p of [ben, cy, dee]) await tx.upsertMembership({ assemblyId: a.id, personId: p.id, status: p === dee ? 'left' : 'active', role: 'member' });
        for (const acc of [accounts[0]!, accounts[1]!, accounts[3]!]) await tx.setRemind(acc.platform, acc.externalId, true);
      });
      expect(await ctx.store.read.remindOf(accounts[1]!.platform, accounts[1]!.externalId)).toBe(true);
      expect(await ctx.store.read.remindOf(accounts[2]!.platform, accounts[2]!.externalId)).toBe(false);
      // ann voted, cy did not ask, dee left: only ben.
      expect((await ctx.store.read.reminderRecipients(m.id)).map((x) => x.externalId)).toEqual([accounts[1]!.externalId]);
      await ctx.store.transaction((tx) => tx.voidBallots(m.id, ann.id, new Date()));
      expect((await ctx.store.read.reminderRecipients(m.id)).map((x) => x.externalId).sort()).toEqual([accounts[0]!.externalId, accounts[1]!.externalId].sort());
      await ctx.store.transaction((tx) => tx.setRemind(accounts[1]!.platform, accounts[1]!.externalId, false));
      expect((await ctx.store.read.reminderRecipients(m.id)).map((x) => x.externalId)).toEqual([accounts[0]!.externalId]);
      expect(await ctx.store.read.reminderRecipients(UNKNOWN.motion)).toEqual([]);
      // Each recipient comes with her own language and zone, read in the same query.
      expect((await ctx.store.read.reminderRecipients(m.id)).map((x) => x.preference)).toEqual([{ language: null, timeZone: null }]);
      await ctx.store.transaction((tx) => tx.setSpeechPreference(accounts[0]!.platform, accounts[0]!.externalId, { language: 'es', timeZone: 'Europe/Madrid' }));
      expect((await ctx.store.read.reminderRecipients(m.id)).map((x) => x.preference)).toEqual([{ language: 'es', timeZone: 'Europe/Madrid' }]);
    });

    it('GIVEN an account THEN its language and time zone are set one at a time, cleared, and read back; an unknown account has none', async () => {
      const ann = await person(ctx.store, 'ann');
      const [acc] = await ctx.store.read.accountsOf(ann.id);
      const { platform, externalId } = acc!;
      expect(await ctx.store.read.speechPreferenceOf(platform, externalId)).toEqual({ language: null, timeZone: null });
      await ctx.store.transaction((tx) => tx.setSpeechPreference(platform, externalId, { language: 'es-MX' }));
      await ctx.store.transaction((tx) => tx.setSpeechPreference(platform, externalId, { timeZone: 'Pacific/Auckland' }));
      expect(await ctx.store.read.speechPreferenceOf(platform, externalId)).toEqual({ language: 'es-MX', timeZone: 'Pacific/Auckland' });
      await ctx.store.transaction((tx) => tx.setSpeechPreference(platform, externalId, { language: null }));
      expect(await ctx.store.read.speechPreferenceOf(platform, externalId)).toEqual({ language: null, timeZone: 'Pacific/Auckland' });
      expect(await ctx.store.read.speechPreferenceOf(platform, 'nobody-has-this-id')).toEqual({ language: null, timeZone: null });
    });
  });
}
