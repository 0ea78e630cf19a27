import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Scenario } from '../../../src/core/testing/scenario.js';
import { PENDING_SHOWN } from '../../../src/core/commands/personal.commands.js';
import { federationScenario, ok } from '../../support/federation-scenario.js';

const HOUR = 3_600_000;

async function local(s: Scenario, name: string, room: string, members: readonly string[]): Promise<void> {
  await ok(s.run(members[0]!, room, `assembly setup "${name}"`));
  await ok(s.run(members[0]!, room, 'assembly policy flood-member-motions 1000'));
  await ok(s.run(members[0]!, room, 'assembly policy flood-member-commands 1000'));
  for (const m of members.slice(1)) await ok(s.run(m, room, 'join'));
}

/** The `Name#n` lines of a `pending` answer, in order. */
const refs = (text: string): string[] => [...text.matchAll(/^(.+#\d+) · /gm)].map((m) => m[1]!);

describe('GIVEN a member of two assemblies', () => {
  it('THEN `pending` lists the open motions without their ballot in both, closing first on top, from any room and a DM', async () => {
    const s = new Scenario();
    await local(s, 'North', '#north', ['ana', 'ben']);
    await local(s, 'South', '#south', ['cy', 'ana']);
    await ok(s.run('ben', '#north', 'motion propose "Paint the hall" --hours 48'));
    await ok(s.run('cy', '#south', 'motion propose "Buy a kettle" --hours 5'));
    await ok(s.run('cy', '#south', 'motion propose "Secret thing" --secret --hours 30'));
    await ok(s.run('ben', '#north', 'motion propose "Already voted"'));
    await ok(s.run('ana', '#north', 'vote 2 yes'));
    for (const room of ['#north', '@ana-dm']) {
      const text = await ok(s.run('ana', room, 'pending'));
      expect(refs(text)).toEqual(['South#1', 'South#2', 'North#1']);
      expect(text).toContain('South#2 · Secret thing · yes-no-abstain, secret');
    }
    // Voting by the listed name takes it off the list.
    await ok(s.run('ana', '@ana-dm', 'vote South#1 no'));
    expect(refs(await ok(s.run('ana', '@ana-dm', 'pending')))).toEqual(['South#2', 'North#1']);
    // A closed motion is no longer pending.
    s.clock.advance(31 * HOUR);
    await import('../../../src/core/services/closing.service.js').then((c) => c.closeDueMotions(s.deps));
    expect(refs(await ok(s.run('ana', '@ana-dm', 'pending')))).toEqual(['North#1']);
  });

  it('THEN a person unknown to the bot, or with nothing to vote on, is told so kindly', async () => {
    const s = new Scenario();
    await local(s, 'North', '#north', ['ana', 'ben']);
    expect(await ok(s.run('zed', '@zed', 'pending'))).toContain('Nothing waits for your vote');
    expect(await ok(s.run('ana', '#north', 'pending'))).toContain('Nothing waits for your vote');
  });

  it('THEN more open motions than one answer shows are counted, not listed, and the ones closing first are shown', async () => {
    const s = new Scenario();
    await local(s, 'North', '#north', ['ana', 'ben']);
    for (let i = 1; i <= PENDING_SHOWN + 3; i++) await ok(s.run('ben', '#north', `motion propose "Motion ${i}" --hours ${200 - i}`));
    const text = await ok(s.run('ana', '#north', 'pending'));
    expect(text).toContain(`More than ${PENDING_SHOWN} open motions`);
    const shown = refs(text);
    expect(shown).toHaveLength(PENDING_SHOWN);
    expect(shown[0]).toBe(`North#${PENDING_SHOWN + 3}`);
  });
});

describe('GIVEN a delegate', () => {
  it('THEN `pending` lists the open motions upstairs too', async () => {
    const s = federationScenario();
    await local(s, 'North', '#north', ['ana', 'ben']);
    await ok(s.run('founder', '#district', 'federation create District --purpose "Buses"'));
    const code = /Code: (\S+)/.exec(await ok(s.run('founder', '#district', 'federation invite')))![1]!;
    await ok(s.run('ana', '#north', `federation join ${code}`));
    for (const m of ['ana', 'ben']) await ok(s.run(m, '#north', 'vote 1 yes'));
    await ok(s.run('ana', '#north', 'nominate District'));
    await ok(s.run('ana', '#north', 'election call District'));
    for (const m of ['ana', 'ben']) await ok(s.run(m, '#north', 'vote 2 1'));
    await ok(s.run('ana', '#district', 'motion propose "Two buses"'));
    await ok(s.run('ben', '#north', 'motion propose "A bench"'));
    expect(refs(await ok(s.run('ana', '@ana', 'pending')))).toEqual(['District delegates#1', 'North#3']);
    expect(refs(await ok(s.run('ben', '@ben', 'pending')))).toEqual(['North#3']);
  });
});

describe('GIVEN random motions, ballots and departures in three assemblies (property)', () => {
  const PEOPLE = ['ana', 'ben', 'cy', 'dee'] as const;
  const ROOMS = ['#a', '#b', '#c'] as const;
  type Step = { op: 'move'; who: number; room: number; hours: number } | { op: 'vote'; who: number; room: number; n: number } | { op: 'leave'; who: number; room: number } | { op: 'join'; who: number; room: number } | { op: 'time'; hours: number };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ op: fc.constant('move' as const), who: fc.nat(3), room: fc.nat(2), hours: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ op: fc.constant('vote' as const), who: fc.nat(3), room: fc.nat(2), n: fc.integer({ min: 1, max: 6 }) }),
    fc.record({ op: fc.constant('leave' as const), who: fc.integer({ min: 1, max: 3 }), room: fc.nat(2) }),
    fc.record({ op: fc.constant('join' as const), who: fc.nat(3), room: fc.nat(2) }),
    fc.record({ op: fc.constant('time' as const), hours: fc.integer({ min: 1, max: 20 }) }),
  );

  it('THEN `pending` always equals the open motions of their assemblies that hold no ballot of theirs, by deadline', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
        const s = new Scenario();
        // Everyone starts in every assembly; the facilitator (ana) never leaves.
        for (const [i, room] of ROOMS.entries()) await local(s, `A${i}`, room, PEOPLE);
        const { closeDueMotions } = await import('../../../src/core/services/closing.service.js');
        for (const st of steps) {
          if (st.op === 'time') {
            s.clock.advance(st.hours * HOUR);
            await closeDueMotions(s.deps);
          } else if (st.op === 'move') await s.run(PEOPLE[st.who]!, ROOMS[st.room]!, `motion propose "M" --hours ${st.hours}`);
          else if (st.op === 'vote') await s.run(PEOPLE[st.who]!, ROOMS[st.room]!, `vote ${st.n} yes`);
          else await s.run(PEOPLE[st.who]!, ROOMS[st.room]!, st.op);
        }
        // The oracle reads the store's rows directly: the answer must match them exactly.
        const store = s.deps.store.read;
        for (const who of PEOPLE) {
          const person = await store.personByAccount('console', who);
          const want: { ref: string; closes: number }[] = [];
          for (const [i, room] of ROOMS.entries()) {
            const binding = await store.bindingByRoom('console', room);
            if ((await store.membership(binding!.assemblyId, person!.id))?.status !== 'active') continue;
            for (const m of await store.motions(binding!.assemblyId, ['open'])) if (!(await store.ballot(m.id, person!.id))) want.push({ ref: `A${i}#${m.number}`, closes: m.closesAt!.getTime() });
          }
          want.sort((x, y) => x.closes - y.closes);
          const got = refs(await ok(s.run(who, `@${who}`, 'pending')));
          expect(got.map((r) => want.find((w) => w.ref === r)?.closes)).toEqual(want.map((w) => w.closes));
          expect([...got].sort()).toEqual(want.map((w) => w.ref).sort());
        }
      }),
      { numRuns: 40 },
    );
  });
});
