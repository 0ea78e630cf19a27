import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breachesOf, runStep, shapeArb, stepArb } from '../../support/sovereignty-steps.js';
import { buildWorld, snapshot, structuralBreaches } from '../../support/sovereignty-world.js';

/**
 * DOMAIN.md principle 1, as a property: whatever any person types in any room,
 * nothing outside an assembly changes its motions' status or outcome, its
 * members, its seats, its policy or its parts — except the consequences the
 * rule book lets follow from that assembly's own consent (a delegate's seat
 * carries the vote upstairs; a circle's members are the local assembly's; the
 * relay ends response motions when the drafters end a version; a facilitator
 * or founder consents to a new part).
 */

describe('GIVEN random multi-level federations sharing local assemblies, with circles', () => {
  it('WHEN random people type random commands in random rooms THEN nothing outside an assembly changes its motions, members, seats, policy or parts', async () => {
    await fc.assert(
      fc.asyncProperty(shapeArb, fc.array(stepArb, { minLength: 1, maxLength: 12 }), async (shape, steps) => {
        const w = await buildWorld(shape);
        const log: string[] = [];
        expect(await structuralBreaches(w.s.deps.store.read)).toEqual([]);
        for (const step of steps) {
          const before = await snapshot(w.s.deps.store.read);
          const acted = await runStep(w, step);
          log.push(acted.line);
          const found = await breachesOf(w, before, acted);
          if (found.length > 0) throw new Error(`after:\n  ${log.join('\n  ')}\nbreached:\n  ${found.join('\n  ')}`);
        }
      }),
      { numRuns: Number(process.env.SOVEREIGNTY_RUNS ?? 80), endOnFailure: true },
    );
  }, 120_000);
});
