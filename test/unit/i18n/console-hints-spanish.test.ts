import { describe, expect, it } from 'vitest';
import { ConsoleSession } from '../../../src/adapters/console/console-session.js';
import { Scenario } from '../../../src/core/testing/scenario.js';

const session = () => {
  const s = new Scenario();
  const out: string[] = [];
  return { c: new ConsoleSession(s.deps, s.table, { write: (t: string) => out.push(t) }), out };
};

describe('GIVEN a console user who chose Spanish (`language es`)', () => {
  it('THEN the console hints (/help, /in, /as, /admin and their refusals) are in Spanish', async () => {
    const { c, out } = session();
    await c.line('language es');
    out.length = 0;
    await c.line('/help');
    expect(out.join('')).toContain('/in <sala>   pasar a otra sala');
    expect(out.join('')).toContain('Todo lo demás es una orden de Plenary: escribe `help`.');
    await c.line('/in plaza');
    expect(out.join('')).toContain('(ahora alice en plaza)');
    await c.line('/admin on');
    expect(out.join('')).toContain('(alice administra plaza)');
    expect((await c.line('/admin maybe')).parsed).toBe(false);
    expect(out.join('')).toContain('✖ /admin necesita on u off');
    expect((await c.line('/as a b')).parsed).toBe(false);
    expect(out.join('')).toContain('✖ /as necesita un nombre de letras, cifras');
    expect(out.join('')).not.toMatch(/move to another room|\(now |administers|needs a name/);
  });

  it('THEN a user who chose nothing reads them in English', async () => {
    const { c, out } = session();
    await c.line('/as bob');
    await c.line('/admin off');
    expect(out.join('')).toContain('(now bob in town-square)');
    expect(out.join('')).toContain('(bob does not administer town-square)');
  });
});
