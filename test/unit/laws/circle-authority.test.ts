import { describe, expect, it } from 'vitest';
import type { Sent } from '../../support/relay-drain.js';
import { lawScenario, runScript } from './law-script.js';

const TOWN_WITH_GARDEN = `
/in north
/as ana
assembly setup North
/as ben
join
/as cy
join
motion propose "No pesticides" --body "No pesticides on common land."
/as ana
vote 1 yes
/as ben
vote 1 yes
/as cy
vote 1 yes
/in garden
/as ana
circle create Garden --assembly North
/as ben
join
motion propose "Spray the roses" --body "Use pesticide on the roses."
vote 1 yes
/as ana
vote 1 yes
/in south
/as dan
assembly setup South
`;

describe('GIVEN a circle decision that conflicts with its local assembly\'s law', () => {
  it('THEN the local assembly annuls it by its own motion, citing the law: the circle is told why, the decision shows annulled, the law keeps it', async () => {
    const s = lawScenario();
    const sent: Sent[] = [];
    await runScript(s, sent, TOWN_WITH_GARDEN);
    await runScript(s, sent, `
/in north
/as cy
motion propose "Annul the spraying" --kind annul --circle Garden --motion 1 --law 1 --body "Pesticides are banned on common land."
vote 2 yes
/as ana
vote 2 yes
/as ben
vote 2 yes
`);
    const toGarden = s.chat.in('garden').find((m) => m.title.includes('Motion #1 annulled by North'));
    expect(toGarden?.body).toContain("conflicts with North's law 1");
    expect(toGarden?.body).toContain('Why: Pesticides are banned on common land.');
    expect(await runScript(s, sent, '/in garden\nmotion show 1')).toContain('Annulled: by North (motion #2): it conflicts with law 1 there');
    expect(await runScript(s, sent, '/in north\nlaw show 1')).toContain("Garden's motion #1 \"Spray the roses\" annulled by motion #2");
    // Once is enough.
    await runScript(s, sent, '/in north\n/as ana\n!refused motion propose "Again" --kind annul --circle Garden --motion 1 --law 1');
    const garden = await s.deps.store.read.assemblyByName('Garden');
    const types = (await s.deps.store.read.events(garden!.id)).map((e) => e.type);
    expect(types).toContain('motion.annulled');
    expect(await runScript(s, sent, '/in north\n/as ana\naudit verify\n/in garden\naudit verify')).not.toContain('mismatch');
  });

  it('THEN nobody else may annul: not a circle member in the circle, not another assembly, not without a law in force, not an open or failed motion', async () => {
    const s = lawScenario();
    const sent: Sent[] = [];
    await runScript(s, sent, TOWN_WITH_GARDEN);
    const refusals = await runScript(s, sent, `
/in garden
/as ben
!refused motion propose "Annul ours" --kind annul --circle Garden --motion 1 --law North#1
/in south
/as dan
!refused motion propose "Annul theirs" --kind annul --circle Garden --motion 1 --law 1
/in north
/as ana
!refused motion propose "Annul" --kind annul --circle Garden --motion 1
!refused motion propose "Annul" --kind annul --circle Garden --motion 1 --law 2
!refused motion propose "Annul" --kind annul --circle Nowhere --motion 1 --law 1
!refused motion propose "Annul" --kind annul --circle South --motion 1 --law 1
!refused motion propose "Annul" --kind annul --circle Garden --motion 9 --law 1
/in garden
/as ben
motion propose "Maybe spray" --body "Later."
/in north
/as ana
!refused motion propose "Annul" --kind annul --circle Garden --motion 2 --law 1
`);
    expect(refusals).toContain('annul motions are moved in a local assembly; Garden is a circle');
    expect(refusals).toContain('Garden is a circle of another local assembly: only its own local assembly may overrule it');
    expect(refusals).toContain('Cite the law of North it conflicts with, with --law');
    expect(refusals).toContain('North has no law 2');
    expect(refusals).toContain('No circle is called "Nowhere"');
    expect(refusals).toContain('South is not a circle');
    expect(refusals).toContain('Garden has no motion #9');
    expect(refusals).toContain("Garden's motion #2 is open: only a decision it passed can be annulled");
    expect(await s.deps.store.read.laws.annulmentOf((await s.deps.store.read.motionByNumber((await s.deps.store.read.assemblyByName('Garden'))!.id, 1))!.id)).toBeNull();
  });

  it('THEN a law repealed while the annulment ran leaves the decision standing, and the record says why', async () => {
    const s = lawScenario();
    const sent: Sent[] = [];
    await runScript(s, sent, TOWN_WITH_GARDEN);
    await runScript(s, sent, `
/in north
/as cy
motion propose "Annul the spraying" --kind annul --circle Garden --motion 1 --law 1
motion propose "Allow pesticides" --kind repeal-law --law 1
/as ana
vote 3 yes
/as ben
vote 3 yes
/as cy
vote 3 yes
/as ana
vote 2 yes
/as ben
vote 2 yes
/as cy
vote 2 yes
`);
    expect(await runScript(s, sent, '/in garden\nmotion show 1')).not.toContain('Annulled');
    const north = await s.deps.store.read.assemblyByName('North');
    const ev = (await s.deps.store.read.events(north!.id)).find((e) => e.type === 'annul.not-applied');
    expect(ev?.payload.reason).toBe('law 1 was repealed meanwhile');
  });
});

describe('GIVEN a circle in a federation whose activity conflicts with its local assembly\'s law', () => {
  it('THEN the local assembly requires it to leave, by motion: the circle leaves and is told why; nobody else can', async () => {
    const s = lawScenario();
    const sent: Sent[] = [];
    await runScript(s, sent, TOWN_WITH_GARDEN);
    await runScript(s, sent, `
/in agro
/as fay
federation create "Agro Chem" --purpose "Bulk pesticide buying"
federation invite
/in garden
/as ben
federation join $CODE
vote 2 yes
/as ana
vote 2 yes
/in south
/as dan
!refused motion propose "Out" --kind require-leave --circle Garden --federation "Agro Chem" --law 1
/in garden
/as ben
!refused motion propose "Out" --kind require-leave --circle Garden --federation "Agro Chem" --law North#1
/in north
/as ana
!refused motion propose "Out" --kind require-leave --circle Garden --federation "Nowhere" --law 1
motion propose "Garden leaves Agro Chem" --kind require-leave --circle Garden --federation "Agro Chem" --law 1 --body "It buys pesticides."
vote 2 yes
/as ben
vote 2 yes
/as cy
vote 2 yes
`);
    const fed = await runScript(s, sent, '/in garden\nfederation show');
    expect(fed).not.toContain('Agro Chem');
    const told = s.chat.in('garden').find((m) => m.title.includes('North requires it to leave Agro Chem'));
    expect(told?.body).toContain("conflicts with North's law 1");
    expect(told?.body).toContain('Why: It buys pesticides.');
    expect(s.chat.titles('garden').some((t) => t.includes('Garden left Agro Chem'))).toBe(true);
    expect(await runScript(s, sent, '/in north\nlaw show 1')).toContain('Garden required to leave Agro Chem by motion #2');
    await runScript(s, sent, '/in north\n/as ana\n!refused motion propose "Again" --kind require-leave --circle Garden --federation "Agro Chem" --law 1');
  });
});
