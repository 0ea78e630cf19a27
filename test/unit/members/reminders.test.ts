import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closeDueMotions } from '../../../src/core/services/closing.service.js';
import { sendDueReminders } from '../../../src/core/services/reminder.service.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { describeAssembly, Scenario } from '../../../src/core/testing/scenario.js';
import { drainRelay, type Sent } from '../../support/relay-drain.js';

const HOUR = 3_600_000;
const MEMBERS = ['ana', 'ben', 'cy', 'dee'];

/** A sweep's reminders, delivered as the dispatcher and the platform lanes would. */
async function sweep(s: Scenario): Promise<Sent[]> {
  await sendDueReminders(s.deps);
  const sent: Sent[] = [];
  await drainRelay(s.deps, sent);
  return sent.filter((m) => m.key.startsWith('remind.'));
}

async function riverside(reminders = '24,1', store = new FakeStore()) {
  const { s, room } = await describeAssembly({ name: 'Riverside', members: MEMBERS, policy: { reminders, 'flood-member-commands': '10000' } }, { store });
  return { s, room, store };
}

const rooms = (sent: readonly Sent[]) => sent.filter((m) => !m.direct);
const dms = (sent: readonly Sent[]) => sent.filter((m) => m.direct).map((m) => m.roomId).sort();

describe('GIVEN an assembly that reminds 24 and 1 hours before a close', () => {
  it('THEN each reminder goes out once at its time: to the rooms with the count of voters, and by DM only to who asked and has not voted', async () => {
    const { s, room } = await riverside();
    for (const who of ['ana', 'ben']) expect((await s.run(who, '@dm', 'remind on')).ok).toBe(true);
    await s.run('dee', room, 'motion propose "Paint the hall"');
    await s.run('ana', room, 'vote 1 yes');
    expect(await sweep(s)).toEqual([]);
    s.clock.advance(48 * HOUR - 1);
    expect(await sweep(s)).toEqual([]);
    s.clock.advance(1);
    const first = await sweep(s);
    expect(rooms(first).map((m) => [m.roomId, m.message.title])).toEqual([[room, 'Riverside · Motion #1 closes in 24 hours (Thu 8 Jan, 12:00 UTC)']]);
    expect(rooms(first)[0]!.message.body).toContain('1 of 4 members have voted');
    expect(dms(first)).toEqual(['ben']);
    expect(first.find((m) => m.direct)!.message.title).toBe('Riverside#1 closes in 24 hours (Thu 8 Jan, 12:00 UTC) and you have not voted');
    expect(await sweep(s)).toEqual([]);
    await s.run('ben', room, 'vote 1 no');
    s.clock.advance(23 * HOUR);
    const last = await sweep(s);
    expect(rooms(last).map((m) => m.message.title)).toEqual(['Riverside · Motion #1 closes in 1 hour (Thu 8 Jan, 12:00 UTC)']);
    expect(dms(last)).toEqual([]);
    s.clock.advance(HOUR);
    await closeDueMotions(s.deps);
    s.clock.advance(HOUR);
    expect(await sweep(s)).toEqual([]);
  });

  it('THEN a member who chose Spanish and her own zone gets her reminder in them, the others and the room in the assembly\'s English', async () => {
    const { s, room } = await riverside();
    for (const who of ['ana', 'ben', 'cy']) expect((await s.run(who, '@dm', 'remind on')).ok).toBe(true);
    expect((await s.run('ben', '@dm', 'language es')).ok).toBe(true);
    expect((await s.run('ben', '@dm', 'timezone Europe/Madrid')).ok).toBe(true);
    expect((await s.run('cy', '@dm', 'timezone America/New_York')).ok).toBe(true);
    await s.run('dee', room, 'motion propose "Paint the hall"');
    s.clock.advance(48 * HOUR);
    const sent = await sweep(s);
    const dm = (who: string) => sent.find((m) => m.direct && m.roomId === who)!.message;
    expect(rooms(sent).map((m) => m.message.title)).toEqual(['Riverside · Motion #1 closes in 24 hours (Thu 8 Jan, 12:00 UTC)']);
    expect(dm('ana').title).toBe('Riverside#1 closes in 24 hours (Thu 8 Jan, 12:00 UTC) and you have not voted');
    expect(dm('ben').title).toBe('Riverside#1 se cierra dentro de 24 horas (jue, 8 ene, 13:00 CET) y no has votado');
    expect(dm('ben').body).toContain('`remind off` los detiene');
    expect(dm('cy').title).toBe('Riverside#1 closes in 24 hours (Thu 8 Jan, 07:00 GMT-5) and you have not voted');
  });

  it('THEN after a pause in which both fell due, one reminder goes out (the nearer to the close), never the earlier one later', async () => {
    const { s, room } = await riverside();
    await s.run('dee', room, 'motion propose "Paint the hall"');
    s.clock.advance(71.5 * HOUR);
    const sent = await sweep(s);
    expect(rooms(sent).map((m) => m.message.title)).toEqual(['Riverside · Motion #1 closes in 30 minutes (Thu 8 Jan, 12:00 UTC)']);
    expect(await sweep(s)).toEqual([]);
  });

  it('THEN a reminder falling before the motion opened is skipped, and a secret ballot reminds without naming anyone', async () => {
    const { s, room } = await riverside();
    await s.run('ben', '@dm', 'remind on');
    await s.run('dee', room, 'motion propose "Short secret" --hours 10 --secret');
    await s.run('ana', room, 'vote 1 yes');
    s.clock.advance(9 * HOUR);
    const sent = await sweep(s);
    expect(rooms(sent).map((m) => m.message.title)).toEqual(['Riverside · Motion #1 closes in 1 hour (Mon 5 Jan, 22:00 UTC)']);
    const text = sent.map((m) => `${m.message.title} ${m.message.body ?? ''}`).join('\n');
    for (const name of ['ana', 'cy', 'dee']) expect(text).not.toContain(name);
    expect(dms(sent)).toEqual(['ben']);
  });

  it('THEN an extension moves the reminders still to come; one already sent is not sent again', async () => {
    const { s, room } = await riverside();
    await s.run('dee', room, 'motion propose "Paint the hall"');
    s.clock.advance(48 * HOUR);
    expect(await sweep(s)).toHaveLength(1);
    expect((await s.run('dee', room, 'motion extend 1 24')).ok).toBe(true);
    // Now closing at 96 h: the 24-hour mark (72 h) passes without a second "24 hours" reminder.
    s.clock.advance(25 * HOUR);
    expect(await sweep(s)).toEqual([]);
    s.clock.advance(21 * HOUR);
    expect(await sweep(s)).toEqual([]);
    s.clock.advance(HOUR);
    expect(rooms(await sweep(s)).map((m) => m.message.title)).toEqual(['Riverside · Motion #1 closes in 1 hour (Fri 9 Jan, 12:00 UTC)']);
  });

  it('THEN turning reminders off (or changing them) applies to open motions; bad values are refused', async () => {
    const { s, room } = await riverside();
    await s.run('dee', room, 'motion propose "Paint the hall"');
    await sweep(s);
    expect((await s.run('ana', room, 'assembly policy reminders off')).ok).toBe(true);
    s.clock.advance(71 * HOUR);
    expect(await sweep(s)).toEqual([]);
    for (const bad of ['-1', '0,5', 'soon', '1,2,3,4,5,6', '99999']) expect((await s.run('ana', room, `assembly policy reminders "${bad}"`)).ok, bad).toBe(false);
    expect((await s.run('ana', room, 'assembly policy reminders "2, 1,2"')).ok).toBe(true);
    expect((await s.run('ana', room, 'assembly show')).text).toContain('2 h, 1 h before the close');
  });

  it('THEN two sweeps at once, and a restarted process on the same store, send each reminder once', async () => {
    const store = new FakeStore();
    const { s, room } = await riverside('24,1', store);
    await s.run('dee', room, 'motion propose "Paint the hall"');
    s.clock.advance(48 * HOUR);
    await Promise.all([sendDueReminders(s.deps), sendDueReminders(s.deps), sendDueReminders(s.deps)]);
    const restarted = new Scenario({ store });
    restarted.clock.set(s.clock.now());
    await sendDueReminders(restarted.deps);
    const sent: Sent[] = [];
    await drainRelay(s.deps, sent);
    expect(sent.filter((m) => m.key.startsWith('remind.'))).toHaveLength(1);
  });

  it('THEN `remind on|off` answers only the caller and bad words are refused', async () => {
    const { s } = await riverside();
    expect((await s.run('zed', '@zed', 'remind on')).first.visibility).toBe('personal');
    expect(await s.deps.store.read.remindOf('console', 'zed')).toBe(true);
    await s.run('zed', '@zed', 'remind off');
    expect(await s.deps.store.read.remindOf('console', 'zed')).toBe(false);
    expect((await s.run('zed', '@zed', 'remind maybe')).ok).toBe(false);
  });
});

describe('GIVEN random time, votes, extensions, opt-ins and sweeps (property)', () => {
  const step = fc.oneof(
    fc.record({ op: fc.constant('time' as const), minutes: fc.integer({ min: 1, max: 30 * 60 }) }),
    fc.record({ op: fc.constant('sweep' as const), twice: fc.boolean() }),
    fc.record({ op: fc.constant('vote' as const), who: fc.constantFrom(...MEMBERS) }),
    fc.record({ op: fc.constant('remind' as const), who: fc.constantFrom(...MEMBERS), on: fc.boolean() }),
    fc.record({ op: fc.constant('extend' as const), hours: fc.integer({ min: 1, max: 30 }) }),
  );

  it('THEN each reminder goes out at most once, only while open and once its time has come, and DMs reach only opted-in members who had not voted', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 30 }), async (steps) => {
        const { s, room } = await riverside('24,6,1');
        await s.run('dee', room, 'motion propose "Paint the hall"');
        const a = (await s.deps.store.read.bindingByRoom('console', room))!.assemblyId;
        const voted = new Set<string>();
        const optedIn = new Set<string>();
        const seen = new Set<string>();
        for (const st of steps) {
          if (st.op === 'time') {
            s.clock.advance(st.minutes * 60_000);
            await closeDueMotions(s.deps);
          } else if (st.op === 'vote') {
            if ((await s.run(st.who, room, 'vote 1 yes')).ok) voted.add(st.who);
          } else if (st.op === 'remind') {
            await s.run(st.who, '@dm', `remind ${st.on ? 'on' : 'off'}`);
            if (st.on) optedIn.add(st.who);
            else optedIn.delete(st.who);
          } else if (st.op === 'extend') await s.run('dee', room, `motion extend 1 ${st.hours}`);
          else {
            const m = (await s.deps.store.read.motionByNumber(a, 1))!;
            const runs = st.twice ? [sendDueReminders(s.deps), sendDueReminders(s.deps)] : [sendDueReminders(s.deps)];
            await Promise.all(runs);
            const sent: Sent[] = [];
            await drainRelay(s.deps, sent);
            for (const r of sent.filter((x) => x.key.startsWith('remind.'))) {
              expect(seen.has(r.key), r.key).toBe(false);
              seen.add(r.key);
              const hours = Number(r.key.split('.')[2]);
              expect(m.status).toBe('open');
              expect(s.clock.now().getTime()).toBeGreaterThanOrEqual(m.closesAt!.getTime() - hours * HOUR);
              if (r.direct) {
                expect(optedIn.has(r.roomId), r.roomId).toBe(true);
                expect(voted.has(r.roomId), r.roomId).toBe(false);
              }
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
