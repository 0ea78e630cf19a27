import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/bots/config.js';
import { greeting } from '../../../src/adapters/matrix/matrix-bot.js';

describe('GIVEN a deployment with PLENARY_DEFAULT_LANGUAGE', () => {
  it('THEN a language Plenary speaks is taken in its canonical spelling, another is refused with the accepted ones', () => {
    const c = loadConfig({ PLENARY_DEFAULT_LANGUAGE: 'es-mx' });
    expect(c.ok && c.config.PLENARY_DEFAULT_LANGUAGE).toBe('es-MX');
    const unset = loadConfig({});
    expect(unset.ok && unset.config.PLENARY_DEFAULT_LANGUAGE).toBeUndefined();
    const bad = loadConfig({ PLENARY_DEFAULT_LANGUAGE: 'tlh' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.join('\n')).toMatch(/^PLENARY_DEFAULT_LANGUAGE: .*tlh.* is not a language Plenary speaks/m);
  });

  it('THEN the Matrix greeting in a room that is not yet an assembly is in that language, and English without one', () => {
    const c = loadConfig({ PLENARY_DEFAULT_LANGUAGE: 'es' });
    const lang = c.ok ? c.config.PLENARY_DEFAULT_LANGUAGE : undefined;
    expect(greeting(false, lang)).toMatchObject({ title: 'Hola, soy Plenary', visibility: 'personal' });
    expect(greeting(false, lang).body).toContain('convierte la sala en una asamblea con `assembly setup "Nombre"`');
    expect(greeting(true, lang).body).toMatch(/^Envíame aquí órdenes/);
    expect(greeting(false)).toMatchObject({ title: 'Hello, I am Plenary' });
    expect(greeting(true).body).toBe('Send me commands here (`help` lists them), and secret ballots, e.g. `vote "Assembly#12" yes`.');
  });
});
