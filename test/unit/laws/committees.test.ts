import { describe, expect, it } from 'vitest';
import type { Sent } from '../../support/relay-drain.js';
import { lawScenario, runScript } from './law-script.js';

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
motion propose "Fridge rota" --body "The fridge is cleaned every Monday."
/as ana
vote 1 yes
/as ben
vote 1 yes
/as cy
vote 1 yes
/as dan
vote 1 yes
motion propose "Fridge committee" --kind committee --name "Fridge Committee" --mandate "Keep the fridge rota" --law 1 --seats 2 --term-days 90
vote 2 yes
/as ana
vote 2 yes
/as ben
vote 2 yes
/as cy
vote 2 yes
/in fridge
/as ana
committee room Fridge Committee
/in north
/as ana
nominate "Fridge Committee" --person ben
nominate "Fridge Committee" --person cy
nominate "Fridge Committee" --person dan
/as ben
nomination accept "Fridge Committee"
/as cy
nomination accept "Fridge Committee"
/as dan
nomination accept "Fridge Committee"
/as ana
committee elect "Fridge Committee"
vote 3 1>2>3
/as ben
vote 3 1>2>3
/as cy
vote 3 2>1>3
/as dan
vote 3 1>2>3
`;

describe('GIVEN a local assembly creating a committee for one of its laws', () => {
  it('THEN it is elected (STV), reports into the law book, asks the assembly to decide, a member is recalled, and it ends by motion', async () => {
    const s = lawScenario();
    const sent: Sent[] = [];
    await runScript(s, sent, TOWN);
    expect(s.chat.titles('north')).toContain('North · Committee Fridge Committee created');
    expect(s.chat.titles('north')).toContain('North elected Fridge Committee');
    const shown = await runScript(s, sent, '/in north\ncommittee show "Fridge Committee"');
    expect(shown).toContain('Seats: 2 of 2 filled');
    expect(shown).toContain('Members: ben, cy');
    expect(shown).toContain('Carries out: law 1');
    const committee = await s.deps.store.read.assemblyByName('Fridge Committee');
    const grants = [...(s.deps.store as unknown as { raw: { outbox: Map<string, { kind: string; payload: Record<string, unknown> }> } }).raw.outbox.values()].filter((o) => o.kind === 'access.grant' && o.payload.assemblyId === committee!.id);
    expect(grants.map((g) => g.payload.personId).length).toBe(2);

    // It reports (kept under law 1) and asks North to decide.
    await runScript(s, sent, `
/in fridge
/as ben
committee report "Cleaned on Monday; the seals need replacing."
committee ask "Buy new fridge seals" --body "Spend up to 40 on new seals."
vote 1 yes
/as cy
vote 1 yes
`);
    expect(s.chat.titles('north')).toContain('North · Report of Fridge Committee');
    expect(await runScript(s, sent, '/in north\nlaw show 1')).toContain('report: Fridge Committee (ben): Cleaned on Monday; the seals need replacing.');
    const agenda = await runScript(s, sent, '/in north\nmotion list');
    expect(agenda).toContain('Buy new fridge seals (resolution');

    // North recalls cy: seat, open ballots there and room access end.
    await runScript(s, sent, `
/in fridge
/as ben
committee ask "Defrost"
/as cy
vote 2 yes
/in north
/as ana
committee recall "Fridge Committee" cy --reason "Never shows up"
vote 5 yes
/as ben
vote 5 yes
/as dan
vote 5 yes
/as cy
vote 5 no
`);
    expect(s.chat.titles('north')).toContain('cy was recalled from Fridge Committee by North');
    expect(await runScript(s, sent, '/in north\ncommittee show "Fridge Committee"')).toContain('Members: ben');
    const revokes = [...(s.deps.store as unknown as { raw: { outbox: Map<string, { kind: string; payload: Record<string, unknown> }> } }).raw.outbox.values()].filter((o) => o.kind === 'access.revoke' && o.payload.assemblyId === committee!.id);
    expect(revokes).toHaveLength(1);
    expect(await s.deps.store.read.ballot((await s.deps.store.read.motionByNumber(committee!.id, 2))!.id, (await s.deps.store.read.personByAccount('console', 'cy'))!.id)).toBeNull();

    // It ends by motion: no more reports.
    await runScript(s, sent, `
/in north
/as ana
motion propose "Done" --kind committee-end --name "Fridge Committee"
vote 6 yes
/as ben
vote 6 yes
/as cy
vote 6 yes
/as dan
vote 6 yes
/in fridge
/as ben
!refused committee report "Still here"
`);
    expect(s.chat.titles('north')).toContain('North · Committee Fridge Committee ended');
    expect(await runScript(s, sent, '/in north\n/as ana\naudit verify')).toContain('record verified');
  });

  it('THEN a committee cannot pass a law nor change one, nobody joins it, and only its local assembly creates, elects or recalls it', async () => {
    const s = lawScenario();
    const sent: Sent[] = [];
    await runScript(s, sent, TOWN);
    const out = await runScript(s, sent, `
/in fridge
/as ben
!refused motion propose "Fridge law" --body "The fridge is cleaned daily."
!refused motion propose "Change it" --kind amend-law --law North#1 --body "Daily."
!refused motion propose "Policy" --kind policy --key seconds --value 1
/as eve
!refused join
/in south
/as eve
assembly setup South
!refused committee elect "Fridge Committee"
!refused nominate "Fridge Committee"
!refused committee recall "Fridge Committee" ben
/in north
/as ana
!refused motion propose "Again" --kind committee --name "Fridge Committee" --mandate "x"
!refused motion propose "No mandate" --kind committee --name "Other"
!refused motion propose "Too many" --kind committee --name "Other" --mandate "x" --seats 26
!refused committee elect "Fridge Committee"
!refused committee recall "Fridge Committee" dan
`);
    expect(out).toContain('Fridge Committee is a committee: it has no law-making power');
    expect(out).toContain('are elected by its local assembly');
    expect(out).toContain('South has no committee called "Fridge Committee"');
    expect(out).not.toContain('Something went wrong');
    expect(out).toContain('All 2 seats of Fridge Committee are filled');
    expect(out).toContain('dan holds no seat on Fridge Committee');
    const north = await s.deps.store.read.assemblyByName('North');
    expect((await s.deps.store.read.laws.laws(north!.id, true)).map((l) => l.number)).toEqual([1]);
  });

  it('THEN at the end of its term it stops acting: its first act after the term ends it, seats and room access with it', async () => {
    const s = lawScenario();
    const sent: Sent[] = [];
    await runScript(s, sent, TOWN.replace('--term-days 90', '--term-days 1'));
    s.clock.advance(2 * 86_400_000);
    const out = await runScript(s, sent, '/in fridge\n/as ben\n!refused committee report "Late"\n/in north\n/as ana\ncommittee show "Fridge Committee"\n!refused committee elect "Fridge Committee"\n!refused nominate "Fridge Committee"');
    expect(out).toContain('Fridge Committee has ended; it no longer acts.');
    expect(out).toContain('Seats: 0 of 2 filled');
    expect(out).toContain('Fridge Committee has ended.');
    const committee = await s.deps.store.read.assemblyByName('Fridge Committee');
    const types = (await s.deps.store.read.events(committee!.id)).map((e) => e.type);
    expect(types.filter((t) => t === 'committee.unseated')).toHaveLength(2);
    expect(types).toContain('committee.ended');
  });

  it('THEN help lists the law book and the committee commands, and explains them', async () => {
    const s = lawScenario();
    const all = (await s.run('ana', 'lobby', 'help')).text;
    for (const c of ['law list', 'law show', 'committee room', 'committee elect', 'committee recall', 'committee report', 'committee ask', 'committee show']) expect(all).toContain(`${c} — `);
    expect((await s.run('ana', 'lobby', 'help law list')).text).toContain('--kind amend-law --law N');
    expect((await s.run('ana', 'lobby', 'help motion propose')).text).toContain('committee (--name, --mandate, --law, --seats, --term-days)');
  });
});
