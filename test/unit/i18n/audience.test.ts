import { describe, expect, it } from 'vitest';
import { describeAssembly } from '../../../src/core/testing/scenario.js';

describe('GIVEN an assembly that speaks Spanish (assembly policy language es)', () => {
  it('THEN its room hears motions and results in Spanish, with plural rules, and dates in its time zone', async () => {
    const { s, room } = await describeAssembly({ name: 'Barrio', members: ['ana', 'ben', 'cy'], policy: { language: 'es', timezone: 'Pacific/Auckland' } });
    s.clock.set(new Date('2026-12-07T21:30:00Z'));
    await s.run('ana', room, 'motion propose "Huerto comunitario" --hours 50');
    const announced = s.chat.in(room).at(-1);
    expect(announced?.title).toBe('Barrio · La moción n.º 1 está abierta a votación');
    expect(announced?.body).toContain('Para votar: `vote 1 sí|no|abstención`');
    // 23:30 UTC on the 9th is 12:30 on the 10th in Auckland.
    expect(announced?.fields?.find((f) => f.name === 'Cierra')?.value).toBe('pasado mañana (jue, 10 dic, 12:30 GMT+13)');
    expect(announced?.fields?.find((f) => f.name === 'Tipo')?.value).toBe('resolución');
    for (const who of ['ana', 'ben']) expect((await s.run(who, room, 'vote 1 sí')).ok).toBe(true);
    await s.run('cy', room, 'vote 1 abstención');
    // The law the resolution enacts is announced after it (its words are not in the catalogue yet).
    const result = s.chat.in(room).find((m) => m.title.includes('Moción n.º 1 aprobada'));
    expect(result?.title).toBe('Barrio · Moción n.º 1 aprobada');
    expect(result?.fields?.find((f) => f.name === 'Recuento')?.value).toBe('Sí 2 · No 0 · Abstención 1');
    expect(result?.fields?.find((f) => f.name === 'Participación')?.value).toBe('3 de 3 (100 %)');
  });

  it('THEN a member who chose nothing is answered in Spanish, and one who chose English in English', async () => {
    const { s, room } = await describeAssembly({ name: 'Plaza', members: ['ana', 'ben', 'cy'], policy: { language: 'es' } });
    await s.run('ana', room, 'motion propose "Fiesta"');
    const es = await s.run('ben', room, 'vote 1 si');
    expect(es.first.title).toBe('Voto registrado en la moción n.º 1');
    expect(es.first.body).toContain('Tu voto: sí');
    expect((await s.run('ben', room, 'vote 1 quizás')).first).toMatchObject({ title: 'No se puede hacer', body: 'Vota sí, no o abstención en la moción n.º 1.' });
    expect((await s.run('cy', room, 'language en')).first.title).toBe('Language: English');
    const en = await s.run('cy', room, 'vote 1 no');
    expect(en.first.title).toBe('Vote recorded on motion #1');
    expect(en.first.body).toContain('Your ballot: no');
    // The room still hears Spanish.
    expect((await s.run('cy', room, 'language default')).ok).toBe(true);
    expect((await s.run('cy', room, 'vote 1 no')).first.title).toBe('Voto sin cambios en la moción n.º 1');
  });

  it('THEN a refusal before the handler (members only) is in Spanish too', async () => {
    const { s, room } = await describeAssembly({ name: 'Calle', members: ['ana'], policy: { language: 'es' } });
    await s.run('ana', room, 'motion propose "Algo"');
    const r = await s.run('zoe', room, 'motion second 1');
    expect(r.first).toMatchObject({ title: 'Solo para miembros', body: 'Solo los miembros de Calle pueden hacer eso. Ejecuta `join` primero.' });
  });
});

describe('GIVEN an English assembly', () => {
  it('THEN a member whose platform reports Spanish (a Discord interaction) is answered in Spanish, unless they chose a language', async () => {
    const { s, room } = await describeAssembly({ name: 'Town', members: ['ana', 'ben', 'cy'] });
    await s.run('ana', room, 'motion propose "Park"');
    s.platformLocales.set('ben', 'es-ES');
    expect((await s.run('ben', room, 'vote 1 yes')).first.title).toBe('Voto registrado en la moción n.º 1');
    // A locale Plenary does not speak falls back to the assembly's.
    s.platformLocales.set('ana', 'fr');
    expect((await s.run('ana', room, 'vote 1 yes')).first.title).toBe('Vote recorded on motion #1');
    await s.run('ben', room, 'language en-GB');
    expect((await s.run('ben', room, 'vote 1 no')).first.title).toBe('Vote changed on motion #1');
  });

  it('THEN a member’s time zone shows deadlines in personal replies; the room keeps the assembly’s (UTC)', async () => {
    const { s, room } = await describeAssembly({ name: 'Coast', members: ['ana', 'ben'] });
    s.clock.set(new Date('2026-12-10T20:30:00Z'));
    await s.run('ana', room, 'motion propose "Pier" --hours 3');
    expect(s.chat.in(room).at(-1)?.fields?.find((f) => f.name === 'Closes')?.value).toBe('in 3 hours (Thu 10 Dec, 23:30 UTC)');
    expect((await s.run('ben', room, 'timezone pacific/auckland')).first.title).toBe('Time zone: Pacific/Auckland');
    expect((await s.run('ben', room, 'results 1')).first.body).toMatch(/\(Fri,? 11 Dec,? 12:30 GMT\+13\)/);
    expect((await s.run('ana', room, 'results 1')).first.body).toMatch(/\(Thu,? 10 Dec,? 23:30 UTC\)/);
    await s.run('ben', room, 'timezone America/Los_Angeles');
    expect((await s.run('ben', room, 'results 1')).first.body).toMatch(/\(Thu,? 10 Dec,? 15:30 GMT-8\)/);
  });

  it('THEN a motion waiting for seconds is announced with when it lapses, relative and in the assembly’s zone', async () => {
    const { s, room } = await describeAssembly({ name: 'Quay', members: ['ana', 'ben', 'cy'], policy: { seconds: '1', timezone: 'Europe/Berlin' } });
    s.clock.set(new Date('2026-12-08T09:26:00Z'));
    await s.run('ana', room, 'motion propose "Lamp posts" --hours 48');
    const moved = s.chat.in(room).at(-1);
    expect(moved?.title).toBe('Quay · Motion #1 was moved and needs 1 second');
    expect(moved?.fields?.find((f) => f.name === 'Lapses')?.value).toBe('in 2 days (Thu 10 Dec, 10:26 CET)');
    s.clock.advance(3_600_000);
    await s.run('ben', room, 'motion second 1');
    const opened = s.chat.in(room).at(-1);
    expect(opened?.title).toBe('Quay · Motion #1 is open for voting');
    expect(opened?.fields?.find((f) => f.name === 'Closes')?.value).toBe('in 2 days (Thu 10 Dec, 11:26 CET)');
  });

  it('THEN hostile or unknown settings are refused with what is accepted, and nothing changes', async () => {
    const { s, room } = await describeAssembly({ name: 'Guard', members: ['ana', 'ben'] });
    const markup = await s.run('ana', room, 'assembly policy language "<b>es</b><@&123>"');
    expect(markup.ok).toBe(false);
    expect(markup.first.body).toContain('Accepted: en (English), es (Español)');
    const huge = await s.run('ana', room, `assembly policy timezone ${'Europe/'.repeat(250)}`);
    expect(huge.ok).toBe(false);
    expect(huge.first.body).toContain('is not a time zone');
    expect(huge.first.body!.length).toBeLessThan(400);
    expect((await s.run('ben', room, 'language klingon')).first.body).toContain('is not a language Plenary speaks');
    expect((await s.run('ben', room, 'timezone Mars/Olympus')).ok).toBe(false);
    const shown = await s.run('ana', room, 'assembly show');
    expect(shown.first.fields?.find((f) => f.name === 'Language')?.value).toBe('en');
    expect(shown.first.fields?.find((f) => f.name === 'Time zone')?.value).toBe('UTC');
  });

  it('THEN a language edited into the row behind the program’s back is not spoken: the room hears English', async () => {
    const { s, room } = await describeAssembly({ name: 'Edited', members: ['ana', 'ben'] });
    const binding = await s.deps.store.read.bindingByRoom('console', room);
    const a = (await s.deps.store.read.assembly(binding!.assemblyId))!;
    await s.deps.store.transaction((tx) => tx.updatePolicy(a.id, { ...a.policy, language: '<script>', timeZone: 'Nowhere/Never' }));
    s.deps.cache.clear();
    await s.run('ana', room, 'motion propose "Still English"');
    expect(s.chat.in(room).at(-1)?.title).toBe('Edited · Motion #1 is open for voting');
  });
});
