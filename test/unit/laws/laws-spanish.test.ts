import { describe, expect, it } from 'vitest';
import type { Sent } from '../../support/relay-drain.js';
import { lawScenario, runScript } from './law-script.js';

/** A Spanish assembly in Madrid makes a law and a committee: everything it hears and is told is in Spanish, dates in its zone. */
const PLAZA = `
/in plaza
/as ana
assembly setup Plaza
assembly policy language es
assembly policy timezone Europe/Madrid
/as ben
join
/as cy
join
motion propose "Turnos de la nevera" --body "La nevera se limpia cada lunes."
vote 1 sí
/as ben
vote 1 sí
/as ana
vote 1 sí
motion propose "Comisión de la nevera" --kind committee --name "Nevera" --mandate "Llevar los turnos" --law 1 --seats 1 --term-days 30
vote 2 sí
/as ben
vote 2 sí
/as cy
vote 2 sí
`;

describe('GIVEN an assembly that speaks Spanish in Europe/Madrid', () => {
  it('THEN its law and committee are announced and shown in Spanish, with plural rules and dates in its zone (never ISO)', async () => {
    const s = lawScenario();
    s.clock.set(new Date('2026-12-07T22:30:00Z'));
    const sent: Sent[] = [];
    await runScript(s, sent, PLAZA);
    const titles = s.chat.titles('plaza');
    expect(titles).toContain('Plaza · La ley 1 está en vigor: Turnos de la nevera');
    expect(titles).toContain('Plaza · Comisión Nevera creada');
    const moved = s.chat.in('plaza').find((m) => m.title === 'Plaza · La moción n.º 2 está abierta a votación');
    expect(moved?.body).toContain('Efecto si se aprueba: crea la comisión Nevera (1 puesto, 30 días, que lleva a cabo la ley 1): Llevar los turnos.');
    const created = s.chat.in('plaza').find((m) => m.title === 'Plaza · Comisión Nevera creada');
    // 30 days after 23:30 in Madrid on Mon 7 Dec: one seat, singular, and the date in Madrid's zone.
    expect(created?.body).toMatch(/^Mandato: Llevar los turnos\n1 puesto hasta el mié, 6 ene, 23:30 CET\./);
    const shown = await runScript(s, sent, '/in plaza\n/as ana\nlaw show 1');
    expect(shown).toContain('Plaza · Ley 1: Turnos de la nevera');
    expect(shown).toContain('Estado: en vigor');
    expect(shown).toContain('Aprobada: lun, 7 dic, 23:30 CET, moción n.º 1');
    expect(shown).not.toMatch(/\d{4}-\d\d-\d\d/);
    const committee = await runScript(s, sent, '/in plaza\ncommittee show Nevera');
    expect(committee).toContain('Nevera, una comisión de Plaza');
    expect(committee).toContain('Puestos: 0 de 1 cubiertos');
    expect(committee).toContain('Fin del mandato: mié, 6 ene, 23:30 CET');
    const refused = await s.run('ana', 'plaza', 'committee elect Nevera');
    expect(refused.text).toContain('Nadie ha aceptado todavía una nominación para Nevera');
  });

  it('THEN a member who chose English is told in English, dates in the assembly’s zone', async () => {
    const s = lawScenario();
    s.clock.set(new Date('2026-12-07T22:30:00Z'));
    await runScript(s, [], PLAZA);
    expect((await s.run('cy', 'plaza', 'language en')).ok).toBe(true);
    const shown = await runScript(s, [], '/in plaza\n/as cy\ncommittee show Nevera');
    expect(shown).toContain('Seats: 0 of 1 filled');
    expect(shown).toContain('Term ends: Wed 6 Jan, 23:30 CET');
    expect((await s.run('cy', 'plaza', 'law show 9')).text).toContain('Plaza has no law 9 (`law list --all` shows them).');
  });
});
