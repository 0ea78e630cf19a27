import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import type { Decision } from '../../../src/core/relay/model.js';
import { allLocal, decide, draft, rootTally, threeLevels } from '../../support/three-levels.js';
import { forgedSubtreeFlow, subtreeFlow } from '../../support/three-levels-flow.js';

type Choice = Decision | 'none';

/** Decides on both trees in the same waves and compares the origin's counts after each. */
async function compare(seed: number, extra: readonly number[], valley: Choice, waves: readonly (readonly Choice[])[], transit1: Choice, rule: string): Promise<void> {
  const shape = { extra };
  const d = await threeLevels(seed, shape, { a: new FakeStore(), b: new FakeStore() });
  const L = await allLocal(shape, new FakeStore());
  await draft(d.B.s, d.council, rule, 1);
  await draft(L.X.s, L.council, rule, 1);
  await d.settle();
  await L.settle();
  const same = async () => expect(await rootTally(d.B.s.deps, 1)).toEqual(await rootTally(L.X.s.deps, 1));
  await same();
  if (transit1 !== 'none') {
    await decide(d.B.s.deps, 1, [[d.transit1.id, transit1]]);
    await decide(L.X.s.deps, 1, [[L.transit1.id, transit1]]);
  }
  if (valley !== 'none') {
    await decide(d.A.s.deps, 1, [[d.valley.id, valley]]);
    await decide(L.X.s.deps, 1, [[L.valley.id, valley]]);
  }
  await d.settle();
  await L.settle();
  await same();
  if (valley !== 'accepted') return;
  const decided = new Set<number>();
  for (const wave of waves) {
    const pick = (locals: readonly { id: string }[]) => wave.flatMap((c, i) => (c === 'none' || decided.has(i) || !locals[i] ? [] : [[locals[i].id, c] as const]));
    const here = pick(d.locals);
    if (here.length === 0) continue;
    await decide(d.A.s.deps, 1, here as never);
    await decide(L.X.s.deps, 1, pick(L.locals) as never);
    wave.forEach((c, i) => c !== 'none' && decided.add(i));
    await d.settle();
    await L.settle();
    await same();
  }
}

describe('a remote child that is an assembly of delegates (three levels over two deployments)', () => {
  it('counts the remote subtree at B as the same tree built all-local counts it', async () => {
    await compare(5, [0, 2, 1], 'accepted', [['accepted', 'rejected', 'amend-requested']], 'accepted', '3');
  }, 30_000);

  it('GIVEN any decisions of the remote locals, in any waves THEN B counts, adopts and reports as the all-local tree does (property)', async () => {
    const choice = fc.constantFrom<Choice>('accepted', 'rejected', 'amend-requested', 'none');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom<Choice>('accepted', 'accepted', 'accepted', 'rejected', 'none'),
        fc.array(fc.array(choice, { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 3 }),
        choice,
        fc.constantFrom('1', '3', '50%', '100%', 'members:8'),
        async (seed, extra, valley, waves, transit1, rule) => {
          await compare(seed, extra, valley, waves, transit1, rule);
        },
      ),
      { numRuns: 25 },
    );
  }, 240_000);
});

describe('subtree reports, votes and adoption across two deployments', () => {
  it('relays through the remote assembly of delegates by votes, counts at B, adopts, binds only the remote accepters, and gives a member its audit path', async () => {
    await subtreeFlow(await threeLevels(17, { extra: [0, 1, 2] }, { a: new FakeStore(), b: new FakeStore() }));
  }, 30_000);

  it('refuses a subtree report whose root or counts do not match its signed leaves, or that speaks for a subtree its sender does not host', async () => {
    await forgedSubtreeFlow(await threeLevels(19, { extra: [0, 1, 2] }, { a: new FakeStore(), b: new FakeStore() }));
  }, 30_000);
});
