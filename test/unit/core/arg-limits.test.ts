import { describe, expect, it } from 'vitest';
import { argLimits } from '../../../src/core/commands/arg-limits.js';
import { plenaryCommandTable } from '../../../src/core/plenary.js';

const table = plenaryCommandTable();

describe('GIVEN every argument of every command', () => {
  it('THEN a stated length limit is exactly where the schema starts refusing (counted in characters, an emoji is one)', () => {
    let checked = 0;
    for (const spec of table) {
      for (const a of spec.args) {
        const { maxLength } = argLimits(spec, a.name);
        if (maxLength === undefined) continue;
        const field = (spec.schema as unknown as { shape: Record<string, { safeParse(v: unknown): { success: boolean } }> }).shape[a.name]!;
        expect(field.safeParse('x'.repeat(maxLength)).success, `${spec.path.join(' ')} ${a.name}`).toBe(true);
        expect(field.safeParse('x'.repeat(maxLength + 1)).success, `${spec.path.join(' ')} ${a.name}`).toBe(false);
        expect(field.safeParse('🗳'.repeat(maxLength)).success, `${spec.path.join(' ')} ${a.name} (emoji)`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('THEN a stated number range is exactly where the schema starts refusing', () => {
    let checked = 0;
    for (const spec of table) {
      for (const a of spec.args) {
        const { minimum, maximum } = argLimits(spec, a.name);
        if (minimum === undefined || maximum === undefined) continue;
        const field = (spec.schema as unknown as { shape: Record<string, { safeParse(v: unknown): { success: boolean } }> }).shape[a.name]!;
        expect([minimum, maximum].map((n) => field.safeParse(n).success)).toEqual([true, true]);
        expect([minimum - 1, maximum + 1].map((n) => field.safeParse(n).success)).toEqual([false, false]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('THEN motion and proposal titles and texts are limited where the core limits them, not past it', () => {
    const propose = table.find((c) => c.path.join(' ') === 'motion propose')!;
    expect(argLimits(propose, 'title')).toEqual({ maxLength: 200 });
    expect(argLimits(propose, 'body')).toEqual({ maxLength: 4000 });
    expect(argLimits(propose, 'hours')).toEqual({ minimum: 1, maximum: 2160 });
  });
});
