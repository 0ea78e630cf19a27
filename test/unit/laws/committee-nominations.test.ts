import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../../src/core/testing/scenario.js';
import type { Sent } from '../../support/relay-drain.js';
import { lawScenario, runScript } from './law-script.js';

/*
 * Issue 20: a committee's seats are filled as delegates' are (DOMAIN.md §6):
 * nominated members stand only once they accept; only accepted nominees are on
 * the ballot, and nobody is seated without having consented.
 */
const TOWN = `
/in north
/as ana
assembly setup North
/as ben
join
/as cy
join
/as dan
join
motion propose "Fridge committee" --kind committee --name "Fridge Committee" --mandate "Keep the fridge rota" --seats 2 --term-days 90
/as ana
vote 1 yes
/as ben
vote 1 yes
/as cy
vote 1 yes
/as dan
vote 1 yes
/in south
/as eve
assembly setup South
/as fay
join
motion propose "South committee" --kind committee --name "South Committee" --mandate "x" --seats 1
/as eve
vote 1 yes
/as fay
vote 1 yes
`;

async function town(): Promise<{ s: Scenario; sent: Sent[] }> {
  const s = lawScenario();
  const sent: Sent[] = [];
  await runScript(s, sent, TOWN);
  return { s, sent };
}

const fridge = async (s: Scenario) => (await s.deps.store.read.assemblyByName('Fridge Committee'))!;
const seatedNames = async (s: Scenario) => (await s.deps.store.read.members((await fridge(s)).id, 'active')).map((m) => m.displayName).sort();
const electionOf = async (s: Scenario, n: number) => (await s.deps.store.read.motionByNumber((await s.deps.store.read.assemblyByName('North'))!.id, n))!;

describe('GIVEN a local assembly filling the seats of its committee', () => {
  it('WHEN a nominated member never accepts THEN they are not on the ballot, cannot be shortlisted, and are not seated however the votes fall', async () => {
    const { s, sent } = await town();
    const out = await runScript(s, sent, `
/in north
/as ana
nominate "Fridge Committee" --person ben
!refused committee elect "Fridge Committee"
/as cy
nominate "Fridge Committee"
/as ana
!refused committee elect "Fridge Committee" --candidates ben
!refused election call "Fridge Committee" --candidates ben,cy
committee show "Fridge Committee"
committee elect "Fridge Committee"
`);
    expect(out).toContain('ben must accept: `nomination accept "Fridge Committee"`');
    expect(out).toContain('Nobody has accepted a nomination for Fridge Committee yet');
    expect(out).toContain('"ben" is not an accepted nominee. Accepted: cy.');
    expect(out).toContain('Nominated: ben (not yet accepted), cy');
    const m = await electionOf(s, 2);
    expect(m.kind).toBe('election');
    expect(m.options).toEqual(['cy', 'Re-open nominations']);
    expect(m.seats).toBe(1);
    // Everyone writes ben in as best they can: there is no option for him; they rank cy.
    await runScript(s, sent, '/in north\n/as ana\n!refused vote 2 ben\nvote 2 1\n/as ben\nvote 2 1\n/as cy\nvote 2 1\n/as dan\nvote 2 1');
    expect(await seatedNames(s)).toEqual(['cy']);
    // ben's nomination is still open and unaccepted: the next election still leaves him off.
    expect(await runScript(s, sent, '/in north\n/as ana\n!refused committee elect "Fridge Committee"')).toContain('Nobody has accepted a nomination for Fridge Committee yet');
    // Once he accepts, he stands.
    await runScript(s, sent, '/in north\n/as ben\nnomination accept "Fridge Committee"\n!refused nomination accept "Fridge Committee"\n/as ana\ncommittee elect "Fridge Committee"');
    expect((await electionOf(s, 3)).options).toEqual(['ben', 'Re-open nominations']);
  });

  it('WHEN a nominee withdraws (accepted or not) THEN the nomination drops out of the ballot; it can be made again later', async () => {
    const { s, sent } = await town();
    const out = await runScript(s, sent, `
/in north
/as ana
nominate "Fridge Committee" --person ben
nominate "Fridge Committee" --person cy
!refused nominate "Fridge Committee" --person ben
/as ben
nomination accept "Fridge Committee"
nomination withdraw "Fridge Committee"
!refused nomination withdraw "Fridge Committee"
/as cy
nomination withdraw "Fridge Committee"
!refused nomination accept "Fridge Committee"
/as dan
nominate "Fridge Committee"
/as ana
committee elect "Fridge Committee"
`);
    expect(out).toContain('ben is already nominated for Fridge Committee');
    expect(out).toContain('You have no open nomination for Fridge Committee');
    expect(out).toContain('Nobody has nominated you for Fridge Committee');
    expect((await electionOf(s, 2)).options).toEqual(['dan', 'Re-open nominations']);
    // The ballot stays as it was called: a nominee on it can no longer withdraw; ben may be nominated again.
    const later = await runScript(s, sent, '/in north\n/as dan\n!refused nomination withdraw "Fridge Committee"\n/as ben\nnominate "Fridge Committee"');
    expect(later).toContain('once an election is called, its ballot stays as it was called');
    expect(later).toContain('ben is nominated for Fridge Committee');
    const events = (await s.deps.store.read.events((await s.deps.store.read.assemblyByName('North'))!.id)).map((e) => e.type);
    expect(events.filter((t) => t === 'nomination.withdrawn')).toHaveLength(2);
  });

  it('WHEN a non-member, another assembly or the committee itself tries to nominate THEN each is refused and nothing is recorded', async () => {
    const { s, sent } = await town();
    const out = await runScript(s, sent, `
/in north
/as eve
!refused nominate "Fridge Committee"
!refused nominate "Fridge Committee" --person ben
/as ana
!refused nominate "Fridge Committee" --person eve
!refused nominate "South Committee" --person ben
!refused nominate "South Committee"
!refused committee elect "South Committee"
/in south
/as eve
!refused nominate "Fridge Committee"
!refused nominate "Fridge Committee" --person ben
!refused nomination accept "Fridge Committee"
!refused election call "Fridge Committee"
/in fridge
/as ana
committee room Fridge Committee
!refused nominate "Fridge Committee" --person ben
/in north
/as ana
!refused election call "Fridge Committee" --term-days 30
`);
    expect(out).toContain('Only members of North can do that.');
    expect(out).toContain('eve is not a member of North; only its members can stand for Fridge Committee.');
    expect(out).toContain('North has no committee called "South Committee"');
    expect(out).toContain('South has no committee called "Fridge Committee"');
    expect(out).toContain('Only members of Fridge Committee can do that.');
    expect(out).toContain("lasts the committee's term");
    expect(out).not.toContain('Something went wrong');
    for (const name of ['Fridge Committee', 'South Committee']) expect(await s.deps.store.read.openCommitteeNominations((await s.deps.store.read.assemblyByName(name))!.id)).toEqual([]);
  });

  it('WHEN an election leaves accepted nominees unseated THEN they keep standing, so a by-election after a recall opens with them at once', async () => {
    const { s, sent } = await town();
    await runScript(s, sent, `
/in north
/as ben
nominate "Fridge Committee"
/as cy
nominate "Fridge Committee"
/as dan
nominate "Fridge Committee"
/as ana
committee elect "Fridge Committee"
vote 2 1>2>3
/as ben
vote 2 1>2>3
/as cy
vote 2 2>1>3
/as dan
vote 2 1>2>3
`);
    expect(await seatedNames(s)).toEqual(['ben', 'cy']);
    const shown = await runScript(s, sent, '/in north\ncommittee show "Fridge Committee"');
    expect(shown).toContain('Nominated: dan');
    await runScript(s, sent, '/in north\n/as ana\ncommittee recall "Fridge Committee" cy\nvote 3 yes\n/as ben\nvote 3 yes\n/as dan\nvote 3 yes\n/as cy\nvote 3 no\n/as ana\ncommittee elect "Fridge Committee"');
    expect((await electionOf(s, 4)).options).toEqual(['dan', 'Re-open nominations']);
  });
});

describe('GIVEN a local assembly with a committee and a committee of another assembly', () => {
  it('WHEN a member types the seats of `nominate` THEN this assembly\'s own committee is offered, not the other assembly\'s, and an ended one disappears', async () => {
    const { s, sent } = await town();
    const { findCommand } = await import('../../../src/core/commands/dispatch.js');
    const { suggest } = await import('../../../src/core/commands/suggest.js');
    const picks = async (room: string, typed: string) =>
      (await suggest({ deps: s.deps, actor: { platform: 'console', externalId: 'ana', displayName: 'ana' }, room: { platform: 'console', roomId: room }, spec: findCommand(s.table, ['nominate'])!, arg: 'federation', typed, given: { federation: typed } })).map((p) => p.value);
    expect(await picks('north', '')).toEqual(['Fridge Committee']);
    expect(await picks('north', 'fri')).toEqual(['Fridge Committee']);
    expect(await picks('south', '')).toEqual(['South Committee']);
    await runScript(s, sent, `
/in north
/as ana
motion propose "End it" --kind committee-end --name "Fridge Committee"
`);
    const ended = (await s.deps.store.read.motionByNumber((await s.deps.store.read.assemblyByName('North'))!.id, 2))!;
    for (const who of ['ana', 'ben', 'cy', 'dan']) await s.run(who, 'north', `vote ${String(ended.number)} yes`);
    expect((await s.deps.store.read.motionByNumber((await s.deps.store.read.assemblyByName('North'))!.id, 2))!.status).toBe('passed');
    expect(await picks('north', '')).toEqual([]);
  });
});
