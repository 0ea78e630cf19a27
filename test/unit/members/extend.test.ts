import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closeDueMotions } from '../../../src/core/services/closing.service.js';
import { describeAssembly, type Scenario } from '../../../src/core/testing/scenario.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { motionDeadlineRow } from '../../../src/core/services/motion-deadline.js';

const HOUR = 3_600_000;
const MEMBERS = ['ana', 'ben', 'cy', 'dee'];
const POLICY = { 'flood-member-commands': '10000', 'flood-member-motions': '1000' };

async function motionOne(s: Scenario, room: string, extra = ''): Promise<Date> {
  const r = await s.run('ben', room, `motion propose "Paint the hall" --hours 10 ${extra}`);
  expect(r.ok).toBe(true);
  const m = await s.deps.store.read.motionByNumber((await s.deps.store.read.bindingByRoom('console', room))!.assemblyId, 1);
  return m!.closesAt!;
}

async function closesAt(s: Scenario, room: string): Promise<Date | null> {
  const a = (await s.deps.store.read.bindingByRoom('console', room))!.assemblyId;
  return (await s.deps.store.read.motionByNumber(a, 1))?.closesAt ?? null;
}

describe('GIVEN an open motion moved by ben, ana facilitating', () => {
  const setup = async () => {
    const store = new FakeStore();
    return { ...(await describeAssembly({ name: 'Riverside', members: MEMBERS, policy: POLICY }, { store })), store };
  };

  it('THEN the mover extends it: announced in the room, recorded, a timer at the new deadline, and it does not close at the old one', async () => {
    const { s, room, store } = await setup();
    const before = await motionOne(s, room);
    const r = await s.run('ben', room, 'motion extend 1 24');
    expect(r.ok, r.text).toBe(true);
    const after = await closesAt(s, room);
    expect(after!.getTime()).toBe(before.getTime() + 24 * HOUR);
    expect(s.chat.in(room).some((m) => m.title === 'Riverside · Motion #1 extended by 24 h' && (m.body ?? '').includes('extended by ben'))).toBe(true);
    const events = await s.deps.store.read.events((await s.deps.store.read.bindingByRoom('console', room))!.assemblyId);
    expect(events.filter((e) => e.type === 'motion.extended').map((e) => e.payload)).toEqual([{ motion: 1, hours: 24, from: before.toISOString(), closesAt: after!.toISOString() }]);
    expect(store.raw.outbox.has(motionDeadlineRow(after!).dedupeKey)).toBe(true);
    s.clock.advance(11 * HOUR);
    expect(await closeDueMotions(s.deps)).toBe(0);
    s.clock.advance(24 * HOUR);
    expect(await closeDueMotions(s.deps)).toBe(1);
  });

  it('THEN a facilitator may extend it, another member may not, nor a stranger, and the deadline is unchanged', async () => {
    const { s, room } = await setup();
    const before = await motionOne(s, room);
    expect((await s.run('cy', room, 'motion extend 1 5')).first.body).toContain('Only the member who moved motion #1 or a facilitator');
    expect((await s.run('zed', room, 'motion extend 1 5')).ok).toBe(false);
    expect((await closesAt(s, room))!.getTime()).toBe(before.getTime());
    expect((await s.run('ana', room, 'motion extend 1 5')).ok).toBe(true);
    expect((await closesAt(s, room))!.getTime()).toBe(before.getTime() + 5 * HOUR);
  });

  it('THEN bad hours (0, negative, text, past 90 days) are refused kindly and change nothing', async () => {
    const { s, room } = await setup();
    const before = await motionOne(s, room);
    for (const bad of ['0', '-3', 'soon', '1.5', '99999999']) {
      const r = await s.run('ben', room, `motion extend 1 ${bad}`);
      expect(r.ok, bad).toBe(false);
    }
    expect((await closesAt(s, room))!.getTime()).toBe(before.getTime());
  });

  it('THEN extensions stop at extend-hours in all, and extend-hours 0 turns them off', async () => {
    const { s, room } = await setup();
    await s.run('ana', room, 'assembly policy extend-hours 30');
    const before = await motionOne(s, room);
    expect((await s.run('ben', room, 'motion extend 1 20')).ok).toBe(true);
    const over = await s.run('ben', room, 'motion extend 1 11');
    expect(over.first.body).toContain('has 10 hours left');
    expect((await s.run('ben', room, 'motion extend 1 10')).ok).toBe(true);
    expect((await s.run('ben', room, 'motion extend 1 1')).ok).toBe(false);
    expect((await closesAt(s, room))!.getTime()).toBe(before.getTime() + 30 * HOUR);
    await s.run('ana', room, 'assembly policy extend-hours 0');
    expect((await s.run('ana', room, 'motion extend 1 1')).first.body).toContain('does not extend deadlines');
    expect((await s.run('ana', room, 'assembly policy extend-hours lots')).ok).toBe(false);
  });

  it('THEN a closed, withdrawn or still-unseconded motion cannot be extended', async () => {
    const { s, room } = await setup();
    await motionOne(s, room);
    s.clock.advance(11 * HOUR);
    expect((await s.run('ben', room, 'motion extend 1 5')).first.body).toContain('has reached its deadline');
    await closeDueMotions(s.deps);
    expect((await s.run('ben', room, 'motion extend 1 5')).first.title).toBe('Closed');
    await s.run('ben', room, 'motion propose "Second"');
    await s.run('ben', room, 'motion withdraw 2');
    expect((await s.run('ben', room, 'motion extend 2 5')).ok).toBe(false);
  });
});

describe('GIVEN random extensions by anyone, with time passing (property)', () => {
  const step = fc.oneof(
    fc.record({ op: fc.constant('extend' as const), who: fc.constantFrom('ana', 'ben', 'cy', 'zed'), hours: fc.integer({ min: -2, max: 60 }) }),
    fc.record({ op: fc.constant('time' as const), hours: fc.integer({ min: 1, max: 30 }) }),
    fc.record({ op: fc.constant('limit' as const), hours: fc.integer({ min: 0, max: 100 }) }),
  );

  it('THEN the deadline never moves earlier, grows exactly by the accepted extensions, each announced and recorded once, within the limit when each was made, and the motion closes at the last deadline', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 20 }), async (steps) => {
        const { s, room } = await describeAssembly({ name: 'Riverside', members: MEMBERS, policy: POLICY });
        const opened = await motionOne(s, room);
        let deadline = opened.getTime();
        let limit = 72;
        let accepted = 0;
        let closed = false;
        for (const st of steps) {
          if (st.op === 'time') {
            s.clock.advance(st.hours * HOUR);
            const n = await closeDueMotions(s.deps);
            expect(n === 1).toBe(!closed && s.clock.now().getTime() >= deadline);
            closed ||= n === 1;
          } else if (st.op === 'limit') {
            expect((await s.run('ana', room, `assembly policy extend-hours ${st.hours}`)).ok).toBe(true);
            limit = st.hours;
          } else {
            const r = await s.run(st.who, room, `motion extend 1 ${st.hours}`);
            const used = Math.round((deadline - opened.getTime()) / HOUR);
            const may = (st.who === 'ana' || st.who === 'ben') && st.hours >= 1 && !closed && s.clock.now().getTime() < deadline && used + st.hours <= limit;
            expect(r.ok, `${st.who} +${st.hours}: ${r.text}`).toBe(may);
            if (may) {
              deadline += st.hours * HOUR;
              accepted++;
            }
          }
          const now = await closesAt(s, room);
          expect(now!.getTime()).toBe(deadline);
        }
        const a = (await s.deps.store.read.bindingByRoom('console', room))!.assemblyId;
        expect((await s.deps.store.read.events(a)).filter((e) => e.type === 'motion.extended')).toHaveLength(accepted);
        expect(s.chat.in(room).filter((m) => m.title.includes('Motion #1 extended by'))).toHaveLength(accepted);
      }),
      { numRuns: 60 },
    );
  });
});
