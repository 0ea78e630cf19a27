import { describe, expect, it } from 'vitest';
import type { Sent } from '../../support/relay-drain.js';
import { lawScenario, runScript } from '../laws/law-script.js';

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
