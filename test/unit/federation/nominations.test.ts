import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../../src/core/testing/scenario.js';
import { RON } from '../../../src/core/federation/elections.js';
import { federationScenario, ok } from '../../support/federation-scenario.js';

/** North (the given members, the first its facilitator) in the District federation, its join passed. */
async function north(members: readonly string[]): Promise<Scenario> {
  const s = federationScenario();
  const [first, ...rest] = members;
  await ok(s.run(first!, '#north', 'assembly setup North'));
  for (const k of ['flood-member-commands', 'flood-room-commands']) await ok(s.run(first!, '#north', `assembly policy ${k} 100000`));
  for (const m of rest) await ok(s.run(m, '#north', 'join'));
  await ok(s.run('founder', '#district', 'federation create District --purpose "Buses"'));
  const code = /Code: (\S+)/.exec(await ok(s.run('founder', '#district', 'federation invite')))![1]!;
  await ok(s.run(first!, '#north', `federation join ${code}`));
  for (const m of members) await ok(s.run(m, '#north', 'vote 1 yes'));
  return s;
}

async function ballotOf(s: Scenario, n: number): Promise<readonly string[]> {
  const a = (await s.deps.store.read.bindingByRoom('console', '#north'))!.assemblyId;
  return (await s.deps.store.read.motionByNumber(a, n))!.options;
}

const people = (n: number): string[] => Array.from({ length: n }, (_, k) => `p${k + 1}`);

describe('GIVEN nominees for North\'s seat in District', () => {
  it('THEN a nominee withdraws (accepted or not), is left off the ballot, may stand again, and the record says so', async () => {
    const s = await north(['ana', 'ben', 'cy', 'dee']);
    await ok(s.run('ana', '#north', 'nominate District'));
    await ok(s.run('ana', '#north', 'nominate District --person ben'));
    await ok(s.run('cy', '#north', 'nominate District'));
    expect(await ok(s.run('ben', '#north', 'nomination withdraw District'))).toContain('ben withdraws');
    expect(await ok(s.run('ana', '#north', 'nomination withdraw District'))).toContain('ana withdraws');
    expect((await s.run('ana', '#north', 'nomination withdraw District')).text).toContain('no open nomination');
    expect((await s.run('dee', '#north', 'nomination withdraw District')).text).toContain('no open nomination');
    expect((await s.run('ben', '#north', 'nomination accept District')).text).toContain('Nobody has nominated you');
    await ok(s.run('ana', '#north', 'nominate District'));
    await ok(s.run('dee', '#north', 'election call District'));
    expect(await ballotOf(s, 2)).toEqual(['cy', 'ana', RON]);
    const a = (await s.deps.store.read.bindingByRoom('console', '#north'))!.assemblyId;
    expect((await s.deps.store.read.events(a)).filter((e) => e.type === 'nomination.withdrawn')).toHaveLength(2);
    // On the ballot now: too late to withdraw.
    expect((await s.run('cy', '#north', 'nomination withdraw District')).text).toContain('no open nomination');
  });

  it('THEN an election takes more than 20 candidates, up to 35 (and "Re-open nominations"); the rest stay nominated for the next', async () => {
    const members = ['ana', ...people(40)];
    const s = await north(members);
    for (const m of people(40)) await ok(s.run(m, '#north', 'nominate District'));
    const opened = await ok(s.run('ana', '#north', 'election call District'));
    expect(opened).toContain('Election opened: motion #2');
    const ballot = await ballotOf(s, 2);
    expect(ballot).toEqual([...people(35), RON]);
    const announced = s.chat.in('#north').find((m) => m.title.includes('Motion #2 is open'));
    expect(announced?.body).toContain('5 other accepted nominees stay nominated');
    expect(await ok(s.run('ana', '#north', 'seats'))).toContain('p36');
    // A ranked ballot past the 20th option votes like any other.
    expect(await ok(s.run('p1', '#north', 'vote 2 33>2>36'))).toContain('Vote recorded');
  });

  it('THEN the assembly caps the candidates, or a member shortlists accepted nominees by name; bad shortlists are refused', async () => {
    const s = await north(['ana', 'ben', 'cy', 'dee', 'eve']);
    for (const m of ['ben', 'cy', 'dee', 'eve']) await ok(s.run(m, '#north', 'nominate District'));
    await ok(s.run('ana', '#north', 'nominate District --person ana'));
    expect((await s.run('ana', '#north', 'assembly policy election-candidates 1')).ok).toBe(false);
    expect((await s.run('ana', '#north', 'assembly policy election-candidates 36')).ok).toBe(false);
    await ok(s.run('ana', '#north', 'assembly policy election-candidates 3'));
    expect((await s.run('ana', '#north', 'election call District --candidates eve,zed')).text).toContain('"zed" is not an accepted nominee');
    expect((await s.run('ana', '#north', 'election call District --candidates eve,eve')).text).toContain('twice');
    expect((await s.run('ana', '#north', 'election call District --candidates eve,dee,cy,ben')).text).toContain('at most 3');
    await ok(s.run('ana', '#north', 'election call District --candidates eve,cy'));
    expect(await ballotOf(s, 2)).toEqual(['eve', 'cy', RON]);
  });
});

describe('GIVEN random nominations, acceptances and withdrawals (property)', () => {
  const WHO = ['ana', 'ben', 'cy', 'dee', 'eve', 'fay'];
  const step = fc.oneof(
    fc.record({ op: fc.constant('self' as const), who: fc.nat(5) }),
    fc.record({ op: fc.constant('other' as const), who: fc.nat(5), by: fc.nat(5) }),
    fc.record({ op: fc.constant('accept' as const), who: fc.nat(5) }),
    fc.record({ op: fc.constant('withdraw' as const), who: fc.nat(5) }),
  );

  it('THEN the election\'s candidates are exactly the open accepted nominations, in the order they accepted, up to the cap', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 18 }), fc.constantFrom(0, 2, 3), async (steps, cap) => {
        const s = await north(WHO);
        if (cap > 0) await ok(s.run('ana', '#north', `assembly policy election-candidates ${cap}`));
        // The model: open nominations by person, and the order of acceptance.
        const open = new Map<string, boolean>();
        let accepted: string[] = [];
        for (const st of steps) {
          const who = WHO[st.who]!;
          if (st.op === 'self' || st.op === 'other') {
            const by = st.op === 'self' ? who : WHO[st.by]!;
            const r = await s.run(by, '#north', by === who ? 'nominate District' : `nominate District --person ${who}`);
            expect(r.ok).toBe(!open.has(who));
            if (!open.has(who)) {
              open.set(who, by === who);
              if (by === who) accepted.push(who);
            }
          } else if (st.op === 'accept') {
            const r = await s.run(who, '#north', 'nomination accept District');
            expect(r.ok).toBe(open.get(who) === false);
            if (open.get(who) === false) {
              open.set(who, true);
              accepted.push(who);
            }
          } else {
            const r = await s.run(who, '#north', 'nomination withdraw District');
            expect(r.ok).toBe(open.has(who));
            open.delete(who);
            accepted = accepted.filter((x) => x !== who);
          }
          s.clock.advance(1000);
        }
        const called = await s.run('ana', '#north', 'election call District');
        expect(called.ok).toBe(accepted.length > 0);
        if (called.ok) expect(await ballotOf(s, 2)).toEqual([...accepted.slice(0, cap === 0 ? undefined : cap), RON]);
      }),
      { numRuns: 40 },
    );
  });
});
