import { describe, expect, it } from 'vitest';
import { federationModule } from '../../../src/core/federation/index.js';
import { relayModule } from '../../../src/core/relay/index.js';
import { speechFor } from '../../../src/core/i18n/index.js';
import { describeAssembly, type Scenario } from '../../../src/core/testing/scenario.js';
import { buildTree } from '../../support/relay-fixture.js';
import { drainRelay, type Sent } from '../../support/relay-drain.js';
import type { AssemblyId } from '../../../src/core/shared/ids.js';

const fed = federationModule();
const relay = relayModule();
const modules = { extraCommands: [...fed.commands, ...relay.commands], extraKinds: [...fed.kinds, ...relay.kinds], observers: fed.observers };

async function ok(p: Promise<{ ok: boolean; text: string }>): Promise<string> {
  const r = await p;
  if (!r.ok) throw new Error(r.text);
  return r.text;
}

describe('GIVEN a Spanish local assembly (assembly policy language es) joining an English federation', () => {
  it('THEN its refusals, replies and announcements are in Spanish while the English parent hears English', async () => {
    const { s, room } = await describeAssembly({ name: 'Norte', members: ['ana', 'ben', 'cy'], policy: { language: 'es' } }, modules);
    const refused = await s.run('ana', room, 'federation join NOPE-123');
    expect(refused.first.body).toBe('Ese código de invitación no existe. Pide uno a la asamblea madre (`federation invite` en su sala).');

    await ok(s.run('founder', '#valle', 'federation create Valle --purpose "Transporte compartido"'));
    const invitation = await s.run('founder', '#valle', 'federation invite');
    expect(invitation.first.title).toBe('Invitation to Valle delegates');
    expect(invitation.first.body).toMatch(/It expires in 7 days \(\w{3} \d+ \w{3}, \d\d:\d\d UTC\)\.$/);
    const code = /Code: (\S+)/.exec(invitation.text)![1]!;

    const moved = await s.run('ana', room, `federation join ${code}`);
    expect(moved.first.title).toBe('Moción n.º 1 presentada');
    expect(moved.first.body).toBe(`Unirse a una federación con la invitación ${code}. La asamblea decide por votación.`);
    for (const m of ['ana', 'ben', 'cy']) await ok(s.run(m, room, 'vote 1 sí'));

    const joined = s.chat.in(room).find((m) => m.title === 'Norte se unió a Valle');
    expect(joined?.body).toBe('Norte envía ahora 1 delegado a Valle delegates. Propón candidaturas con `nominate Valle` y después ejecuta `election call Valle`.');
    const parentHeard = s.chat.in('#valle').find((m) => m.title === 'Norte joined Valle');
    expect(parentHeard?.body).toContain('Norte now sends 1 delegate to Valle delegates.');

    const nominated = await s.run('ana', room, 'nominate Valle --person ben');
    expect(nominated.first).toMatchObject({ title: 'Candidatura de ben para Valle', body: 'ben tiene que aceptar: `nomination accept Valle`' });
    expect(await ok(s.run('cy', room, 'seats'))).toContain('• Valle → Valle delegates: 0/1 escaño; candidaturas: ben (aún sin aceptar)');
    expect((await s.run('cy', room, 'nomination accept Valle')).first.body).toBe('Aquí nadie te ha propuesto para Valle.');

    // A member whose platform reports English is answered in English, in the same Spanish room.
    s.platformLocales.set('cy', 'en-GB');
    expect(await ok(s.run('cy', room, 'seats'))).toContain('0/1 seat; nominated: ben (not yet accepted)');
  });
});

describe('GIVEN a proposal relayed to one Spanish and one English assembly of delegates', () => {
  it('THEN each hears the offer, its response motion and the status in its own language', async () => {
    const { s } = await describeAssembly({ name: 'Unused', members: ['x'] }, modules);
    const sent: Sent[] = [];
    const t = await buildTree(s.deps.store, { fanout: 2, depth: 2, membersPerLocal: 3 });
    const [spanish, english] = t.levels[1]!;
    await setLanguage(s, spanish!.id, 'es');
    await ok(s.run('Transit Council-m1', t.room(t.root), 'proposal draft "Bike lanes" --text "Paint bike lanes." --rule 50% --deadline 30'));
    for (const m of t.members(t.root)) await ok(s.run(m, t.room(t.root), 'vote 1 yes'));
    await drainRelay(s.deps, sent, s.clock);

    const offer = (a: { name: string }) => sent.find((x) => x.roomId === t.room(a) && x.key.startsWith('relay.'))?.message;
    expect(offer(spanish!)?.title).toBe(`${spanish!.name} · Propuesta P-1 v1 de Transit Council: la moción n.º 1 está abierta`);
    expect(offer(spanish!)?.body).toContain('se adopta cuando la acepta al menos el 50 % de las asambleas locales del ámbito; solo vincula a las asambleas que la acepten. Plazo: dentro de 30 días (');
    expect(offer(spanish!)?.body).toContain('Vota la moción de abajo para aceptar (sí) o rechazar (no).');
    expect(offer(english!)?.title).toBe(`${english!.name} · Proposal P-1 v1 from Transit Council: motion #1 is open`);
    expect(offer(english!)?.body).toContain('adopted when at least 50% of the local assemblies in scope accept; it binds only the assemblies that accept it. Deadline: in 30 days (');

    const member = t.members(spanish!)[0]!;
    const shown = await s.run(member, t.room(spanish!), 'motion show 1');
    expect(shown.first.title).toContain('Aceptar P-1 v1: Bike lanes');
    const status = await s.run(member, t.room(spanish!), 'proposal status P-1');
    expect((await s.run(member, t.room(spanish!), 'proposal show P-1')).first.fields?.find((f) => f.name === 'Plazo')?.value).toMatch(/^dentro de 30 días \(/);
    expect(status.first.body).toBe('se adopta cuando la acepta al menos el 50 % de las asambleas locales del ámbito');
    expect(status.first.fields?.find((f) => f.name === 'Todo el ámbito')?.value).toBe('aceptan: 0 · rechazan: 0 · piden enmienda: 0 · pendientes: 4 (de 4 asambleas locales; 0 miembros cubiertos)');
    expect((await s.run(member, t.room(spanish!), 'proposal status P-99')).first.body).toBe('No existe la propuesta P-99.');
  });
});

/** As `assembly policy language` would, without a facilitator in the fixture's rooms. */
async function setLanguage(s: Scenario, id: AssemblyId, language: string): Promise<void> {
  await s.deps.store.transaction(async (tx) => {
    const a = await tx.assembly(id);
    if (a) await tx.updatePolicy(a.id, { ...a.policy, language });
  });
}

describe('GIVEN the plural messages of the federation and the relay', () => {
  const en = speechFor('en');
  const es = speechFor('es');

  it('THEN 0, 1, 2 and many each read right in English and Spanish', () => {
    const seats = (n: number) => [en.t('fed.join.done.body', { assembly: 'A', seats: n, parent: 'P', federation: 'F' }), es.t('fed.join.done.body', { assembly: 'A', seats: n, parent: 'P', federation: 'F' })];
    expect(seats(0)).toEqual([expect.stringContaining('sends 0 delegates to P'), expect.stringContaining('envía ahora 0 delegados a P')]);
    expect(seats(1)).toEqual([expect.stringContaining('sends 1 delegate to P'), expect.stringContaining('envía ahora 1 delegado a P')]);
    expect(seats(2)).toEqual([expect.stringContaining('sends 2 delegates to P'), expect.stringContaining('envía ahora 2 delegados a P')]);
    expect(seats(12)).toEqual([expect.stringContaining('sends 12 delegates to P'), expect.stringContaining('envía ahora 12 delegados a P')]);

    const left = (n: number, below: 'yes' | 'no' = 'no') => es.t('fed.leave.done.body', { ended: n, below });
    expect(left(0)).toBe('Sus delegados ya no ocupan escaños allí y han perdido el acceso a la sala de delegados.');
    expect(left(1)).toContain('(1 remisión)');
    expect(left(2, 'yes')).toContain('(2 remisiones)');
    expect(left(2, 'yes')).toContain('(tampoco las de las asambleas que tiene debajo');
    expect(en.t('fed.leave.done.body', { ended: 1, below: 'no' })).toContain('has ended (1 referral): open votes');
    expect(en.t('fed.leave.done.body', { ended: 37, below: 'no' })).toContain('has ended (37 referrals): open votes');

    const waiting = (n: number) => [en, es].map((t) => t.t('fed.election.body', { candidates: 'a, b', ron: 'R', waiting: n }));
    expect(waiting(0)[0]).toBe('Candidates: a, b. Rank them, best first; "R" keeps a seat vacant if it wins.');
    expect(waiting(1)).toEqual([expect.stringMatching(/ 1 other accepted nominee stays nominated/), expect.stringMatching(/ 1 candidatura aceptada más sigue en pie/)]);
    expect(waiting(2)).toEqual([expect.stringMatching(/ 2 other accepted nominees stay nominated/), expect.stringMatching(/ 2 candidaturas aceptadas más siguen en pie/)]);

    const tally = (n: number) => [en, es].map((t) => t.t('relay.tally', { accepted: n, rejected: 0, amend: 0, pending: 0, unreached: 0, locals: n, members: n }));
    expect(tally(0)).toEqual(['0 accepted · 0 rejected · 0 asked to amend · 0 pending (of 0 local assemblies; 0 members covered)', 'aceptan: 0 · rechazan: 0 · piden enmienda: 0 · pendientes: 0 (de 0 asambleas locales; 0 miembros cubiertos)']);
    expect(tally(1)).toEqual(['1 accepted · 0 rejected · 0 asked to amend · 0 pending (of 1 local assembly; 1 member covered)', 'aceptan: 1 · rechazan: 0 · piden enmienda: 0 · pendientes: 0 (de 1 asamblea local; 1 miembro cubierto)']);
    expect(tally(2)[1]).toBe('aceptan: 2 · rechazan: 0 · piden enmienda: 0 · pendientes: 0 (de 2 asambleas locales; 2 miembros cubiertos)');
    // Many: plain digits, as before the catalogue ("5000", not "5,000").
    expect(tally(5000)[0]).toBe('5000 accepted · 0 rejected · 0 asked to amend · 0 pending (of 5000 local assemblies; 5000 members covered)');

    const rule = (atLeast: number) => [en, es].map((t) => t.t('relay.rule', { kind: 'count', atLeast, percent: 0 }));
    expect(rule(1)).toEqual(['adopted when at least 1 local assembly accepts', 'se adopta cuando la acepta al menos 1 asamblea local']);
    expect(rule(10)).toEqual(['adopted when at least 10 local assemblies accept', 'se adopta cuando la aceptan al menos 10 asambleas locales']);
    expect([en, es].map((t) => t.t('relay.status.count', { n: 2, status: 'amend_requested' }))).toEqual(['2 amend-requested', 'con enmienda pedida: 2']);

    expect(en.t('fed.recalled.voided', { count: 1, motions: '#3' })).toBe('Their ballot on open motion #3 no longer counts.');
    expect(es.t('fed.recalled.voided', { count: 2, motions: '#3, #4' })).toBe('Sus votos en las mociones abiertas #3, #4 ya no cuentan.');
    expect(es.t('fed.elected.title', { assembly: 'Norte', count: 1, parent: 'Valle' })).toBe('Norte eligió a su delegado en Valle');
    expect(es.t('fed.elected.title', { assembly: 'Norte', count: 3, parent: 'Valle' })).toBe('Norte eligió a sus delegados en Valle');
    expect(en.t('fed.election.full', { assembly: 'N', seats: 1, parent: 'V' })).toBe('N already fills its 1 seat in V.');
    expect(en.t('fed.election.full', { assembly: 'N', seats: 3, parent: 'V' })).toBe('N already fills all 3 of its seats in V.');
    expect(es.t('relay.amendDigest.title', { origin: 'O', total: 1, ref: 'P-1', version: 2 })).toBe('O · 1 petición de enmienda sobre P-1 v2');
    expect(es.t('relay.amendDigest.title', { origin: 'O', total: 1200, ref: 'P-1', version: 2 })).toBe('O · 1200 peticiones de enmienda sobre P-1 v2');
    expect(en.t('fed.tree.line', { indent: '', name: 'D', kind: 'delegates', children: 1, isDelegates: 'yes', delegates: 1 })).toBe('• D (delegates, 1 member assembly, 1 delegate)');
    expect(es.t('fed.tree.line', { indent: '  ', name: 'D', kind: 'delegates', children: 2, isDelegates: 'yes', delegates: 0 })).toBe('  • D (delegados, 2 asambleas miembro, 0 delegados)');
  });
});
