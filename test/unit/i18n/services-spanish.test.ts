import { describe, expect, it } from 'vitest';
import { describeAssembly } from '../../../src/core/testing/scenario.js';

describe('GIVEN an assembly that speaks Spanish', () => {
  it('THEN the services’ refusals are in Spanish, with plural rules, and an English member still reads English', async () => {
    const { s, room } = await describeAssembly({ name: 'Barrio', members: ['ana', 'ben'], policy: { language: 'es', seconds: '1', 'extend-hours': '1' } });
    await s.run('ana', room, 'motion propose "Huerto"');
    expect((await s.run('ana', room, 'motion second 1')).first.body).toBe('Quien presenta una moción no puede apoyarla.');
    expect((await s.run('ben', room, 'motion second 1')).ok).toBe(true);
    expect((await s.run('ben', room, 'motion second 1')).first.body).toBe('La moción n.º 1 está abierta; solo las mociones presentadas admiten apoyos.');
    // One hour: singular.
    expect((await s.run('ana', room, 'motion extend 1 2')).first.body).toBe('Barrio permite 1 hora de prórroga por moción en total; a la moción n.º 1 le queda 1 hora.');
    expect((await s.run('ana', room, 'assembly policy threshold 3/2 --kind resolution')).first.body).toBe('«3/2» no es una proporción entre 0 y 1.');
    expect((await s.run('ana', room, 'motion show Barrio 1')).first.body).toContain('pon # antes del número: Barrio#1');
    await s.run('ana', room, 'language en');
    expect((await s.run('ana', room, 'motion extend 1 2')).first.body).toBe('Barrio allows 1 hour of extension per motion in all; motion #1 has 1 hour left.');
  });

  it('THEN an English assembly that allows several hours says so in the plural', async () => {
    const { s, room } = await describeAssembly({ name: 'Town', members: ['ana'], policy: { 'extend-hours': '3' } });
    await s.run('ana', room, 'motion propose "Park"');
    expect((await s.run('ana', room, 'motion extend 1 4')).first.body).toBe('Town allows 3 hours of extension per motion in all; motion #1 has 3 hours left.');
  });
});

describe('GIVEN the assembly commands in a Spanish assembly', () => {
  it('THEN settings, members and the record are told in Spanish with plural rules; a change of language is confirmed in the new one', async () => {
    const { s, room } = await describeAssembly({ name: 'Plaza', members: ['ana', 'ben'] });
    const changed = await s.run('ana', room, 'assembly policy language es');
    expect(changed.first).toMatchObject({ title: 'Plaza: language fijado', body: 'Nuevo valor: es' });
    const shown = await s.run('ben', room, 'assembly show');
    expect(shown.first.fields?.find((f) => f.name === 'Admisión')?.value).toBe('abierta');
    expect(shown.first.fields?.find((f) => f.name === 'Cierre anticipado')?.value).toBe('cuando todos han votado');
    expect(shown.first.fields?.find((f) => f.name === 'Punto de control del registro')?.value).toBe('cada 24 h si el registro cambió');
    expect((await s.run('ben', room, 'members')).first.title).toBe('Plaza: 2 miembros activos');
    expect((await s.run('ben', room, 'members --status pending')).first).toMatchObject({ title: 'Plaza: 0 miembros pendientes', body: 'Nadie.' });
    await s.run('ana', room, 'motion propose "Huerto"');
    expect((await s.run('ben', room, 'audit export --format csv')).first.body).toBe('1 moción, una fila cada una.');
    const verified = await s.run('ben', room, 'audit verify');
    expect(verified.first.title).toBe('Plaza: registro verificado');
    expect(verified.first.body).toContain('la cadena está intacta y llega a su cabeza');
    await s.run('ben', room, 'language en');
    expect((await s.run('ben', room, 'members')).first.title).toBe('Plaza: 2 active members');
    expect((await s.run('ben', room, 'audit export --format csv')).first.body).toBe('1 motion, one row each.');
  });
});
