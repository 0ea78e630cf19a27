import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENGLISH } from '../../../src/core/i18n/index.js';
import { speechFor } from '../../../src/core/i18n/speech.js';
import { resultSummary } from '../../../src/core/messages/result-summary.js';
import { countMotion } from '../../../src/core/services/count-motion.js';
import type { Ratio } from '../../../src/core/model/policy.js';

const ratio = fc.record({ num: fc.integer({ min: 0, max: 4 }), den: fc.integer({ min: 1, max: 4 }), strict: fc.boolean() }).filter((r) => r.num <= r.den) as fc.Arbitrary<Ratio>;

describe('GIVEN a closed yes/no motion', () => {
  it('PROPERTY: the English line under its result says exactly what the count stored, for any tally and rules', { timeout: 30_000 }, () => {
    fc.assert(
      // Under 1,000 eligible: the reader's words group thousands ("1,000") where the stored line does not.
      fc.property(fc.nat(240), fc.nat(240), fc.nat(240), fc.nat(240), ratio, ratio, (yes, no, abstain, absent, quorum, threshold) => {
        const motion = { method: 'yes-no-abstain' as const, quorum, threshold, options: [], seats: 1 };
        const r = countMotion(motion, { yes, no, abstain }, yes + no + abstain + absent);
        expect(resultSummary(motion, r, ENGLISH)).toBe(r.summary);
      }),
    );
  });

  it('THEN a Spanish reader reads it in Spanish, with plurals', () => {
    const es = speechFor('es', 'UTC');
    const motion = { method: 'yes-no-abstain' as const, quorum: { num: 1, den: 4, strict: false }, threshold: { num: 1, den: 2, strict: true }, options: [], seats: 1 };
    expect(resultSummary(motion, countMotion(motion, { yes: 3, no: 1, abstain: 0 }, 5), es)).toBe('Aprobada: 3 a favor de 4 votos sí o no (75 %); se necesita más de 1/2. Quórum alcanzado: votaron 4 de 5 miembros con derecho a voto (80 %); se necesita al menos 1/4.');
    expect(resultSummary(motion, countMotion(motion, { yes: 0, no: 0, abstain: 2 }, 4), es)).toBe('Rechazada: nadie votó sí ni no (abstenciones: 2).');
    expect(resultSummary(motion, countMotion(motion, { yes: 0, no: 2, abstain: 1 }, 4), es)).toBe('Rechazada: ningún voto a favor (2 en contra, abstenciones: 1).');
  });
});

describe('GIVEN ranked and approval results', () => {
  const rank = (ranking: number[]) => ({ choice: { kind: 'ranked' as const, ranking } });
  it('THEN the English line is the stored one, and Spanish counts rounds and stages in words', () => {
    const irv = { method: 'ranked' as const, quorum: { num: 0, den: 1, strict: false }, threshold: { num: 0, den: 1, strict: false }, options: ['a', 'b', 'c'], seats: 1 };
    const r1 = countMotion(irv, [rank([0, 1]), rank([1, 0]), rank([2, 1]), rank([1, 2]), rank([0, 2])], 5);
    expect(resultSummary(irv, r1, ENGLISH)).toBe(r1.summary);
    expect(resultSummary(irv, r1, speechFor('es', 'UTC'))).toMatch(/^Recuento de segunda vuelta instantánea en \d+ rondas?; /);
    const stv = { ...irv, options: ['a', 'b', 'c', 'd'], seats: 2 };
    const r2 = countMotion(stv, [rank([0, 1]), rank([1, 0]), rank([2, 3]), rank([3, 2]), rank([0, 2]), rank([1, 3])], 6);
    expect(resultSummary(stv, r2, ENGLISH)).toBe(r2.summary);
    expect(resultSummary(stv, r2, speechFor('es', 'UTC'))).toMatch(/^Voto único transferible \(cuota Droop \d+\) en \d+ etapas?; /);
    const none = countMotion(irv, [], 5);
    expect(resultSummary(irv, none, speechFor('es', 'UTC'))).toBe('No se emitió ninguna papeleta.');
    expect(resultSummary(irv, { ...r1, summary: 'something else' }, ENGLISH)).toBe('something else');
  });
});
