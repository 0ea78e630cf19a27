import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Assembly, Motion, RoomBinding } from '../../../src/core/model/entities.js';
import { defaultPolicy } from '../../../src/core/model/policy.js';
import type { Lookups } from '../../../src/core/services/assembly.service.js';
import { resolveMotion } from '../../../src/core/services/motion.service.js';
import { formatMotionRef, MAX_MOTION_NUMBER, parseMotionRef } from '../../../src/core/services/motion-ref.js';
import { asAssemblyId, asMotionId, asPersonId, type AssemblyId } from '../../../src/core/shared/ids.js';
import { cleanText, LIMITS } from '../../../src/core/shared/text.js';
import { rankedMotion } from '../../support/ranked-motion.js';

const NUMBERS = [1, 9, 10, 11, 99, 100, 12345];
/** Names as members choose them, including ones holding digits and `#`. */
const NAMES = ['Riverside', 'Riverside Commons', 'Local 12', '2024', 'C#', 'Room #5', 'Ward 3 #7 North', '#1'];
const ROOM = { platform: 'console', roomId: '#here' } as const;

/** The lookups `resolveMotion` reads, in memory: each assembly has motions with exactly the numbers above. */
class Lookups12345 implements Lookups {
  readonly assemblies = new Map<AssemblyId, Assembly>();
  readonly here: Assembly;

  constructor() {
    for (const [i, name] of ['Here', ...NAMES].entries()) {
      const id = asAssemblyId(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
      this.assemblies.set(id, { id, kind: 'local', name, level: 0, parentAssemblyId: null, policy: defaultPolicy(), createdAt: new Date(0) });
    }
    this.here = [...this.assemblies.values()][0]!;
  }

  bindingByRoom(platform: string, roomId: string): Promise<RoomBinding | null> {
    return Promise.resolve(platform === ROOM.platform && roomId === ROOM.roomId ? { ...ROOM, assemblyId: this.here.id, purpose: 'main' } : null);
  }
  assembly(id: AssemblyId): Promise<Assembly | null> {
    return Promise.resolve(this.assemblies.get(id) ?? null);
  }
  assemblyByName(name: string): Promise<Assembly | null> {
    return Promise.resolve([...this.assemblies.values()].find((a) => a.name.toLowerCase() === name.toLowerCase()) ?? null);
  }
  motionByNumber(assemblyId: AssemblyId, n: number): Promise<Motion | null> {
    if (!NUMBERS.includes(n) || !this.assemblies.has(assemblyId)) return Promise.resolve(null);
    return Promise.resolve({ ...rankedMotion(['A', 'B'], 1), id: asMotionId(`${assemblyId}/${n}`), assemblyId, number: n, movedById: asPersonId('p') });
  }
}

/** Every way a member may write motion `n` of `name` (null: this room's assembly). */
function spellings(name: string | null, n: number): string[] {
  if (name === null) return [`${n}`, `#${n}`, ` ${n} `, `# ${n}`, `"#${n}"`];
  return [`${name}#${n}`, `${name} #${n}`, `${name} # ${n}`, `"${name}#${n}"`, `“${name} #${n}”`, formatMotionRef(name, n)];
}

describe('GIVEN motion references with numbers 1 … 12345, with and without #, with and without an assembly name', () => {
  const lookups = new Lookups12345();
  const cases = [null, ...NAMES].flatMap((name) => NUMBERS.flatMap((n) => spellings(name, n).map((ref) => ({ name, n, ref }))));

  it.each(cases)('WHEN "$ref" is resolved THEN it is motion $n of $name', async ({ name, n, ref }) => {
    const r = await resolveMotion(lookups, ROOM, ref);
    expect(r.ok ? { assembly: r.value.assembly.name, number: r.value.motion.number } : r.error).toEqual({ assembly: name ?? 'Here', number: n });
  });

  it('WHEN a number follows a name without # THEN it is refused with the reference to write instead', async () => {
    const r = await resolveMotion(lookups, ROOM, 'Local 12 10');
    expect(r.ok ? null : r.error).toMatchObject({ code: 'bad-input', message: expect.stringContaining('Local 12#10') as unknown });
  });

  it('WHEN the number is past what the store holds, or not a number THEN it is a friendly refusal, not a lookup', async () => {
    for (const ref of [`${MAX_MOTION_NUMBER + 1}`, '#99999999999999999999', 'Riverside#1e3', 'ten', '', '#', 'Riverside#', '-1', '1.5']) {
      const r = await resolveMotion(lookups, ROOM, ref);
      expect(r.ok, ref).toBe(false);
    }
    expect(await resolveMotion(lookups, ROOM, '#13')).toMatchObject({ ok: false, error: { code: 'not-found', message: 'Here has no motion #13.' } });
  });
});

describe('GIVEN any assembly name a member may choose and any motion number', () => {
  const names = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => cleanText('name', s, LIMITS.name).ok).map((s) => s.trim());
  it('THEN the reference the bot writes reads back as that name and number, and bare numbers as this room', () => {
    fc.assert(
      fc.property(names, fc.integer({ min: 0, max: MAX_MOTION_NUMBER }), (name, n) => {
        expect(parseMotionRef(formatMotionRef(name, n))).toEqual({ ok: true, value: { assemblyName: name, number: n } });
        expect(parseMotionRef(`${name} #${n}`)).toEqual({ ok: true, value: { assemblyName: name, number: n } });
        expect(parseMotionRef(String(n))).toEqual({ ok: true, value: { assemblyName: null, number: n } });
        expect(parseMotionRef(`#${n}`)).toEqual({ ok: true, value: { assemblyName: null, number: n } });
      }),
      { numRuns: 2000 },
    );
  });
});
