import { expect, it } from 'vitest';
import type { Store } from '../../src/core/ports/store.port.js';
import type { AssemblyId, PersonId } from '../../src/core/shared/ids.js';
import { auditAssembly } from '../../src/core/services/audit.service.js';
import { endExpiredTerms } from '../../src/core/federation/terms.js';
import { closeDueMotions } from '../../src/core/services/closing.service.js';
import type { Scenario } from '../../src/core/testing/scenario.js';
import { ok } from './federation-scenario.js';

/*
 * Defect 8 of issue 12, as cases any store runs (FakeStore in test/unit,
 * PostgreSQL in test/integration): a member who is gone must not count —
 * not toward "everyone voted", not in the tally, not in the turnout.
 */

const HOUR = 3_600_000;

async function local(s: Scenario, name: string, room: string, members: readonly string[]): Promise<void> {
  await ok(s.run(members[0]!, room, `assembly setup "${name}"`));
  for (const m of members.slice(1)) await ok(s.run(m, room, 'join'));
}

function field(s: Scenario, room: string, title: string, name: string): string | undefined {
  // The result message is the one with the field (the opening announcement shares the title's start).
  return s.chat.in(room).filter((m) => m.title.includes(title)).flatMap((m) => m.fields ?? []).find((f) => f.name === name)?.value;
}

async function auditClean(s: Scenario, name: string): Promise<void> {
  const assembly = (await s.deps.store.read.assemblyByName(name))!;
  const audit = await auditAssembly(s.deps.store.read, assembly);
  expect(audit.chain).toEqual([]);
  expect(audit.mismatches).toEqual([]);
}

async function eventTypes(s: Scenario, name: string): Promise<string[]> {
  const assembly = (await s.deps.store.read.assemblyByName(name))!;
  return (await s.deps.store.read.events(assembly.id)).map((e) => e.type);
}

/** A district of delegates with one delegate from each of North (ana) and South (dan). */
async function district(s: Scenario, northTermDays?: number): Promise<void> {
  await local(s, 'North', '#north', ['ana', 'ben', 'cy']);
  await local(s, 'South', '#south', ['dan', 'eve', 'fay']);
  await ok(s.run('founder', '#valley', 'federation create Valley --purpose "Shared transport"'));
  await ok(s.run('founder', '#district', 'federation assembly District --federation Valley'));
  for (const [room, people, delegate] of [['#north', ['ana', 'ben', 'cy'], 'ana'], ['#south', ['dan', 'eve', 'fay'], 'dan']] as const) {
    const code = /Code: (\S+)/.exec(await ok(s.run('founder', '#district', 'federation invite')))![1]!;
    await ok(s.run(people[0], room, `federation join ${code}`));
    for (const p of people) await ok(s.run(p, room, 'vote 1 yes'));
    await ok(s.run(delegate, room, 'nominate Valley'));
    await ok(s.run(delegate, room, `election call Valley${northTermDays && delegate === 'ana' ? ` --term-days ${northTermDays}` : ''}`));
    for (const p of people) await ok(s.run(p, room, 'vote 2 1'));
  }
}

export interface DepartedCaseStore {
  readonly s: Scenario;
  readonly store: Store;
  /** Sets a membership to `left` behind the services' back: what a departure racing a ballot leaves behind. */
  readonly departWithoutVoiding: (assemblyId: AssemblyId, personId: PersonId) => Promise<void>;
}

/** Registers the cases; `scenario` gives a fresh federation scenario on the store under test. */
export function departedBallotCases(scenario: () => Promise<DepartedCaseStore>): void {
  it('GIVEN a member who voted and then left WHEN the remaining members vote THEN the motion waits for the one who has not, and counts only current members', async () => {
    const { s } = await scenario();
    await local(s, 'Riverside', '#r', ['ana', 'ben', 'cy', 'dee', 'eli']);
    await ok(s.run('ana', '#r', 'motion propose "Open on Sundays"'));
    await ok(s.run('ana', '#r', 'vote 1 no'));
    await ok(s.run('ana', '#r', 'leave'));
    for (const who of ['ben', 'cy', 'dee']) expect(await ok(s.run(who, '#r', 'vote 1 yes'))).not.toContain('now closed');
    expect(await ok(s.run('ben', '#r', 'motion show 1'))).toContain('Ballots so far: 3');
    // eli is a current member who has not voted: the ballot is taken, and it is the one that closes the motion.
    expect(await ok(s.run('eli', '#r', 'vote 1 yes'))).toContain('now closed');
    expect(field(s, '#r', 'Motion #1 passed', 'Turnout')).toBe('4 of 4 (100%)');
    expect(field(s, '#r', 'Motion #1 passed', 'Tally')).toBe('Yes 4 · No 0 · Abstain 0');
    expect(await eventTypes(s, 'Riverside')).toContain('ballot.voided');
    await auditClean(s, 'Riverside');
  });

  it('GIVEN a member who voted, left and rejoined WHEN the motion closes THEN the old ballot does not come back; only a new one counts', async () => {
    const { s } = await scenario();
    await local(s, 'Riverside', '#r', ['ana', 'ben', 'cy']);
    await ok(s.run('ana', '#r', 'motion propose "Paint the hall"'));
    await ok(s.run('ben', '#r', 'vote 1 no'));
    await ok(s.run('ben', '#r', 'leave'));
    await ok(s.run('ben', '#r', 'join'));
    expect(await ok(s.run('ben', '#r', 'ballot 1'))).toContain('No ballot from you');
    await ok(s.run('ana', '#r', 'vote 1 yes'));
    s.clock.advance(73 * HOUR);
    await closeDueMotions(s.deps);
    expect(field(s, '#r', 'Motion #1 passed', 'Turnout')).toBe('1 of 3 (33.3%)');
    await auditClean(s, 'Riverside');
  });

  it('GIVEN a member excluded by the assembly WHEN the others vote on an open motion THEN the excluded member\'s ballot there is void and out of early close, tally and turnout', async () => {
    const { s } = await scenario();
    await local(s, 'Riverside', '#r', ['ana', 'ben', 'cy', 'dee']);
    await ok(s.run('ana', '#r', 'motion propose "Buy a kettle"'));
    await ok(s.run('dee', '#r', 'vote 1 no'));
    await ok(s.run('ana', '#r', 'motion propose "Exclude dee" --kind exclusion --person dee'));
    for (const who of ['ana', 'ben', 'cy']) await ok(s.run(who, '#r', 'vote 2 yes'));
    expect(await ok(s.run('dee', '#r', 'vote 2 no'))).toContain('now closed');
    expect(s.chat.titles('#r').some((t) => t.includes('Motion #2 passed'))).toBe(true);
    expect(await ok(s.run('ana', '#r', 'motion show 1'))).toContain('Ballots so far: 0');
    for (const who of ['ana', 'ben']) expect(await ok(s.run(who, '#r', 'vote 1 yes'))).not.toContain('now closed');
    expect(await ok(s.run('cy', '#r', 'vote 1 yes'))).toContain('now closed');
    expect(field(s, '#r', 'Motion #1 passed', 'Turnout')).toBe('3 of 3 (100%)');
    expect(field(s, '#r', 'Motion #1 passed', 'Tally')).toBe('Yes 3 · No 0 · Abstain 0');
    await auditClean(s, 'Riverside');
  });

  it('GIVEN a delegate who voted upstairs WHEN their assembly leaves the federation THEN that ballot is voided in the record and the motion waits only for the remaining delegate', async () => {
    const { s } = await scenario();
    await district(s);
    await ok(s.run('ana', '#district', 'motion propose "Buy two buses"'));
    await ok(s.run('dan', '#district', 'vote 1 no'));
    await ok(s.run('dan', '#south', 'federation leave Valley'));
    for (const p of ['dan', 'eve', 'fay']) await ok(s.run(p, '#south', 'vote 3 yes'));
    expect(await ok(s.run('ana', '#district', 'motion show 1'))).toContain('Ballots so far: 0');
    expect(await eventTypes(s, 'District')).toContain('ballot.voided');
    expect(await ok(s.run('ana', '#district', 'vote 1 yes'))).toContain('now closed');
    expect(field(s, '#district', 'Motion #1 passed', 'Turnout')).toBe('1 of 1 (100%)');
    expect(field(s, '#district', 'Motion #1 passed', 'Tally')).toBe('Yes 1 · No 0 · Abstain 0');
    await auditClean(s, 'District');
  });

  it('GIVEN a stored ballot whose voter is no longer a member but was not voided WHEN the motion closes THEN closing voids it in the record and counts only members', async () => {
    const { s, departWithoutVoiding } = await scenario();
    await local(s, 'Riverside', '#r', ['ana', 'ben', 'cy']);
    await ok(s.run('ana', '#r', 'motion propose "Fix the gate" --secret'));
    await ok(s.run('cy', '#r', 'vote 1 no'));
    const assembly = (await s.deps.store.read.assemblyByName('Riverside'))!;
    const cy = (await s.deps.store.read.personByAccount('console', 'cy'))!;
    await departWithoutVoiding(assembly.id, cy.id);
    // Two ballots stored, two members: "everyone voted" must not be decided on cy's ballot.
    expect(await ok(s.run('ana', '#r', 'vote 1 yes'))).not.toContain('now closed');
    expect(await ok(s.run('ben', '#r', 'vote 1 yes'))).toContain('now closed');
    expect(field(s, '#r', 'Motion #1 passed', 'Turnout')).toBe('2 of 2 (100%)');
    const voided = (await s.deps.store.read.events(assembly.id)).filter((e) => e.type === 'ballot.voided');
    // A secret motion's record does not name the voter.
    expect(voided.map((e) => e.payload)).toEqual([{ motion: 1, reason: 'not a member when the motion closed' }]);
    await auditClean(s, 'Riverside');
  });

  it('GIVEN a delegate who voted upstairs WHEN their term ends THEN that ballot is voided in the record and the remaining delegate alone closes the motion', async () => {
    const { s } = await scenario();
    await district(s, 1);
    await ok(s.run('dan', '#district', 'motion propose "Buy two buses" --hours 200'));
    await ok(s.run('ana', '#district', 'vote 1 no'));
    s.clock.advance(2 * 24 * HOUR);
    expect(await endExpiredTerms(s.deps)).toBe(1);
    expect(await ok(s.run('dan', '#district', 'motion show 1'))).toContain('Ballots so far: 0');
    expect(await ok(s.run('dan', '#district', 'vote 1 yes'))).toContain('now closed');
    expect(field(s, '#district', 'Motion #1 passed', 'Turnout')).toBe('1 of 1 (100%)');
    await auditClean(s, 'District');
  });
}
