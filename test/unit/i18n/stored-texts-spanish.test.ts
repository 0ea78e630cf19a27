import { describe, expect, it } from 'vitest';
import type { Sent } from '../../support/relay-drain.js';
import { lawScenario, runScript, TWO_TOWNS } from '../laws/law-script.js';

/** North passes law 1; its circle Garden passes a resolution that conflicts with it. */
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
`;

describe('GIVEN law-book notes written when an English assembly annulled and required to leave', () => {
  it('THEN a Spanish reader sees them in Spanish, an English reader as recorded', async () => {
    const s = lawScenario();
    const sent: Sent[] = [];
    await runScript(s, sent, TOWN_WITH_GARDEN);
    await runScript(s, sent, `
/in north
/as cy
motion propose "Annul the spraying" --kind annul --circle Garden --motion 1 --law 1 --body "Pesticides are banned."
vote 2 yes
/as ana
vote 2 yes
/as ben
vote 2 yes
/in agro
/as fay
federation create "Agro Chem" --purpose "Bulk buying"
federation invite
/in garden
/as ben
federation join $CODE
vote 2 yes
/as ana
vote 2 yes
/in north
/as ana
motion propose "Garden leaves Agro Chem" --kind require-leave --circle Garden --federation "Agro Chem" --law 1
vote 3 yes
/as ben
vote 3 yes
/as cy
vote 3 yes
`);
    const english = await runScript(s, sent, '/in north\n/as ana\nlaw show 1');
    expect(english).toContain('annulled: Garden\'s motion #1 "Spray the roses" annulled by motion #2: Pesticides are banned.');
    expect(english).toContain('required to leave: Garden required to leave Agro Chem by motion #3');
    s.platformLocales.set('ana', 'es-ES');
    const spanish = await runScript(s, sent, '/in north\n/as ana\nlaw show 1');
    expect(spanish).toContain('anulada: la moción n.º 1 de Garden «Spray the roses», anulada por la moción n.º 2: Pesticides are banned.');
    expect(spanish).toContain('obligado a salir: Garden, obligado a salir de Agro Chem por la moción n.º 3');
    expect(spanish).not.toContain('annulled by');
  });
});

describe('GIVEN referral reasons Plenary wrote in English (a failed acceptance motion, an acceptance withdrawn by repeal)', () => {
  it('THEN `proposal status` shows them to a Spanish reader in Spanish, and to an English reader as recorded', async () => {
    const s = lawScenario();
    const sent: Sent[] = [];
    await runScript(s, sent, TWO_TOWNS);
    await runScript(s, sent, `
/in valley
/as ana
proposal draft "Night buses" --text "Run a night bus on Fridays." --rule 1
vote 1 yes
/as dan
vote 1 yes
/in north
/as ana
vote 3 yes
/as ben
vote 3 yes
/as cy
vote 3 yes
/in south
/as dan
vote 3 no
/as eve
vote 3 no
/in north
/as ben
motion propose "No night buses here" --kind repeal-law --law 1
vote 4 yes
/as ana
vote 4 yes
/as cy
vote 4 yes
`);
    const english = await runScript(s, sent, '/in valley\n/as fay\nproposal status P-1');
    expect(english).toContain('North withdrew its acceptance: it repealed law 1 (motion #4)');
    expect(english).toContain('South: The motion to accept did not pass (motion #3: Failed: no yes votes (2 no, 0 abstained).)');
    s.platformLocales.set('fay', 'es-ES');
    const spanish = await runScript(s, sent, '/in valley\n/as fay\nproposal status P-1');
    expect(spanish).toContain('North retiró su aceptación: derogó la ley 1 (moción n.º 4).');
    expect(spanish).toContain('South: La moción para aceptar no se aprobó (moción n.º 3: Rechazada: ningún voto a favor (2 en contra, abstenciones: 0).).');
    expect(spanish).not.toMatch(/did not pass|withdrew its acceptance/);
  }, 60_000);
});
