import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { circleCommands } from '../../../src/core/federation/circle.commands.js';
import { federationCommands } from '../../../src/core/federation/federation.commands.js';
import { nameKey, normaliseName } from '../../../src/core/shared/names.js';
import { Scenario } from '../../../src/core/testing/scenario.js';

const ORIGINAL = 'Riverside Tenants';
/** The look-alikes the issue found accepted, plus the case the old check already caught and a soft hyphen; each made from a base name. */
const LOOK_ALIKES: readonly (readonly [string, (base: string) => string])[] = [
  ['a zero-width space suffix', (b) => `${b}\u200B`],
  ['a no-break space', (b) => b.replace(' ', '\u00A0')],
  ['a fullwidth letter', (b) => String.fromCodePoint((b.codePointAt(0) ?? 0) + 0xfee0) + b.slice(1)],
  ['Cyrillic е for Latin e', (b) => b.replace('e', '\u0435')],
  ['a double space', (b) => b.replace(' ', '  ')],
  ['a leading right-to-left mark', (b) => `\u200F${b}`],
  ['other letter case', (b) => b.toUpperCase()],
  ['a soft hyphen inside', (b) => `${b.slice(0, 3)}\u00AD${b.slice(3)}`],
  ['Cyrillic ѕ for Latin s', (b) => b.replace('s', '\u0455')],
];

function world(): Scenario {
  const s = new Scenario({ extraCommands: [...federationCommands, ...circleCommands] });
  for (const room of ['#a', '#b', '#f1', '#f2']) s.admins.set(`console:${room}`, 'ana', true);
  return s;
}

describe('GIVEN an assembly called "Riverside Tenants"', () => {
  it.each(LOOK_ALIKES)('WHEN another room is set up with %s THEN it is refused as a conflict naming the existing assembly', async (_what, make) => {
    const s = world();
    expect((await s.run('ana', '#a', `assembly setup "${ORIGINAL}"`)).ok).toBe(true);
    const lookAlike = make(ORIGINAL);
    expect(lookAlike).not.toBe(ORIGINAL);
    const r = await s.run('ana', '#b', `assembly setup "${lookAlike}"`);
    expect(r.ok).toBe(false);
    expect(r.text).toContain(`An assembly called "${ORIGINAL}" exists already`);
    expect(await s.deps.store.read.bindingByRoom('console', '#b')).toBeNull();
  });

  it('WHEN "Cafe" + combining acute and "Café" are set up THEN they are one name, stored and shown composed', async () => {
    const s = world();
    expect((await s.run('ana', '#a', 'assembly setup "Cafe\u0301 Workers"')).text).toContain('Caf\u00E9 Workers is now an assembly');
    expect((await s.run('ana', '#b', 'assembly setup "Caf\u00E9 Workers"')).ok).toBe(false);
    expect((await s.deps.store.read.assemblyByName('Caf\u00E9 Workers'))?.name).toBe('Caf\u00E9 Workers');
  });

  it('WHEN a name is stored THEN it is kept normalised: no invisible characters, one space, NFKC', async () => {
    const s = world();
    await s.run('ana', '#a', 'assembly setup "\u200F\uFF32iverside\u00A0\u00A0Tenants\u200B"');
    expect((await s.deps.store.read.bindingByRoom('console', '#a')) && (await s.deps.store.read.assemblyByName(ORIGINAL))?.name).toBe(ORIGINAL);
  });

  it('WHEN a member refers to it by a look-alike (Name#N, --assembly, --existing) THEN the lookup finds the same assembly', async () => {
    const s = world();
    await s.run('ana', '#a', `assembly setup "${ORIGINAL}"`);
    await s.run('ben', '#a', 'join');
    expect((await s.run('ana', '#a', 'motion propose "Paint the hall"')).ok).toBe(true);
    expect((await s.run('ben', '#elsewhere', 'vote "Riverside T\u0435nants#1" yes')).ok).toBe(true);
    expect((await s.run('ben', '#a', 'ballot 1')).first.body).toBe('yes');
    expect((await s.run('ana', '#b', 'assembly setup "riverside\u00A0tenants" --existing')).text).toContain(`This room is now part of ${ORIGINAL}`);
    // ana: a facilitator of the assembly the circle joins (its consent), and the new room's admin.
    s.admins.set('console:#c', 'ana', true);
    expect((await s.run('ana', '#c', 'circle create "Stairwell" --assembly "\uFF32iverside Tenants"')).text).toContain(`is a circle of ${ORIGINAL}`);
  });
});

describe('GIVEN a federation called "Valley Transport"', () => {
  it.each(LOOK_ALIKES)(
    'WHEN another is founded with %s THEN it is refused',
    async (_what, make) => {
      const s = world();
      const lookAlike = make('Valley Transport');
      expect((await s.run('ana', '#f1', 'federation create "Valley Transport" --purpose "Buses"')).ok).toBe(true);
      const r = await s.run('ana', '#f2', `federation create "${lookAlike}" --purpose "Fake buses"`);
      expect(r.ok).toBe(false);
      expect(r.text).toContain('exists already');
    },
  );
});

// Property tests: names built from letters, spaces and the characters attackers use.
const tricky = fc.constantFrom('a', 'B', 'é', 'e\u0301', ' ', '\u00A0', '\u200B', '\u200F', '\u00AD', '\uFE0F', 'Ｒ', 'е', '1', 'l', 'ß', 'ﬁ', '\u3000', '\t');
const names = fc.array(tricky, { minLength: 1, maxLength: 24 }).map((a) => a.join(''));
const ignorable = fc.constantFrom('\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u200E', '\u200F', '\u034F', '\uFE00', '\u180E', '\u{E0061}');

describe('GIVEN any name', () => {
  it('THEN normalising is idempotent, and so is the key', () => {
    fc.assert(
      fc.property(names, (n) => {
        expect(normaliseName(normaliseName(n))).toBe(normaliseName(n));
        expect(nameKey(normaliseName(n))).toBe(nameKey(n));
      }),
      { numRuns: 2000 },
    );
  });

  it('THEN inserting a default-ignorable character anywhere gives a colliding name', () => {
    fc.assert(
      fc.property(names, ignorable, fc.nat(), (n, z, at) => {
        const i = at % (n.length + 1);
        expect(nameKey(n.slice(0, i) + z + n.slice(i))).toBe(nameKey(n));
      }),
      { numRuns: 2000 },
    );
  });

  it('THEN a normalised name has no leading, trailing or doubled spaces and no invisible characters', () => {
    fc.assert(
      fc.property(names, (n) => {
        const x = normaliseName(n);
        expect(x).toBe(x.trim());
        expect(x).not.toMatch(/ {2}|[\u00A0\u200B\u200F\u00AD\t\u3000]|\uFE0F/u);
      }),
      { numRuns: 2000 },
    );
  });
});
