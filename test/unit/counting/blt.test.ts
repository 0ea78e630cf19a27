import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseBlt, toBlt, type BltElection } from '../../../src/core/counting/index.js';
import { unwrap } from '../../../src/core/shared/result.js';

const parse = (text: string) => unwrap(parseBlt(text));
const failure = (text: string) => {
  const r = parseBlt(text);
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
};

describe('parseBlt', () => {
  it('GIVEN a plain BLT file THEN it reads seats, weighted ballots (0-based), names and title', () => {
    const e = parse('3 2\n4 1 2 0\n1 3 0\n0\n"Ann"\n"Bob"\n"Cat"\n"Ward 1"\n');
    expect(e).toEqual({
      candidates: ['Ann', 'Bob', 'Cat'],
      seats: 2,
      withdrawn: [],
      ballots: [
        { ranking: [0, 1], count: 4 },
        { ranking: [2], count: 1 },
      ],
      title: 'Ward 1',
    });
  });

  it('GIVEN a withdrawn line of negative numbers THEN those candidates are withdrawn', () => {
    expect(parse('3 1\n-2 -3\n1 1 0\n0\nA\nB\nC\nT').withdrawn).toEqual([1, 2]);
  });

  it('GIVEN CRLF, a byte order mark, tabs, blank lines and spreadsheet trailing commas THEN it still reads the file', () => {
    const e = parse('\uFEFF2 1,\r\n\r\n3\t1 2 0,\r\n1 2 0,\r\n0,\r\nKathleen BAIRD,\r\nWilma,LUMSDEN\r\nWard 9 - Almond and Earn,\r\n');
    expect(e.ballots).toEqual([
      { ranking: [0, 1], count: 3 },
      { ranking: [1], count: 1 },
    ]);
    expect(e.candidates).toEqual(['Kathleen BAIRD', 'Wilma,LUMSDEN']);
    expect(e.title).toBe('Ward 9 - Almond and Earn');
  });

  it('GIVEN the name dialects found in real files THEN each becomes a readable name', () => {
    const names = [
      'Angela BLACKLOCK (Lab)',
      '"Grn ""Richie BRIAN"""',
      '"Yvonne ALLAN" "Scottish Labour Party"',
      '"""Robert BARR"" ""Independent"""',
      '# ALTERNATIVE NAME 5: Alan L Hughes (Scottish Unionist)',
      'Jon FINDLAY  (Lab)',
    ];
    const e = parse(`6 1\n1 1 0\n0\n${names.join('\n')}\n"""Ward 3 ‐ Giffnock"""\n`);
    expect(e.candidates).toEqual(['Angela BLACKLOCK (Lab)', 'Grn "Richie BRIAN"', 'Yvonne ALLAN (Scottish Labour Party)', 'Robert BARR (Independent)', 'Alan L Hughes (Scottish Unionist)', 'Jon FINDLAY (Lab)']);
    expect(e.title).toBe('Ward 3 ‐ Giffnock');
  });

  it('GIVEN no title THEN the title is empty', () => {
    expect(parse('1 1\n1 1 0\n0\nA\n').title).toBe('');
  });

  const refusals: [string, string, string][] = [
    ['equal rankings', '2 1\n1 1=2 0\n0\nA\nB\n', 'line 2: equal rankings ("1=2") are not supported'],
    ['a skipped mark', '2 1\n1 1 - 2 0\n0\nA\nB\n', 'line 2: skipped preferences ("-") are not supported'],
    ['a ballot line without the closing 0', '2 1\n1 1\n1 3 0\n0\nA\nB\n', 'line 2: a ballot line must end with 0'],
    ['an unknown candidate', '2 1\n1 3 0\n0\nA\nB\n', 'line 2: 3 is not a candidate number (1 to 2)'],
    ['a candidate ranked twice', '2 1\n\n5 1 2 1 0\n0\nA\nB\n', 'line 3: candidate 1 is ranked twice'],
    ['a negative weight', '2 1\n1 1 0\n-1 2 0\n0\nA\nB\n', 'line 3: a ballot weight cannot be negative (-1)'],
    ['a bad header', 'two candidates\n', 'line 1: the first line must be "<candidates> <seats>", e.g. "7 3"'],
    ['no seats', '2 0\n0\nA\nB\n', 'line 1: there must be at least one seat'],
    ['a missing end-of-ballots line', '2 1\n1 1 0\n', 'the file ends before the "0" line that closes the ballots'],
    ['missing names', '3 1\n1 1 0\n0\nA\nB\n', 'expected 3 candidate names after the ballots, found 2'],
    ['text after the title', '1 1\n1 1 0\n0\nA\nTitle\nmore\n', 'line 6: unexpected text after the title'],
    ['a withdrawn number out of range', '2 1\n-4\n1 1 0\n0\nA\nB\n', 'line 2: withdrawn candidate 4 is not one of the 2 candidates'],
    ['an empty file', '\n\n', 'the file is empty'],
  ];
  it.each(refusals)('GIVEN %s THEN it refuses with a clear message and line number', (_what, text, message) => {
    const e = failure(text);
    expect(e.code).toBe('bad-input');
    expect(e.message).toBe(message);
  });

  it('GIVEN a refusal about one line THEN the line number is also a field', () => {
    expect(failure('2 1\n1 1=2 0\n0\nA\nB\n').line).toBe(2);
    expect(failure('2 1\n1 1 0\n').line).toBeNull();
  });
});

describe('toBlt', () => {
  it('GIVEN an election THEN it writes standard BLT with 1-based numbers and quoted names', () => {
    const e: BltElection = { candidates: ['Ann "A" Smith', 'Bob'], seats: 1, withdrawn: [1], ballots: [{ ranking: [1, 0], count: 2 }], title: 'T' };
    expect(toBlt(e)).toBe('2 1\n-2\n2 2 1 0\n0\n"Ann ""A"" Smith"\n"Bob"\n"T"\n');
  });

  it('GIVEN any election THEN parsing what toBlt writes gives the election back', () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z "'()\-,.]{0,20}[A-Za-z)]$/).map((s) => s.replace(/\s+/g, ' '));
    const election = fc.integer({ min: 1, max: 8 }).chain((n) =>
      fc.record({
        candidates: fc.array(name, { minLength: n, maxLength: n }),
        seats: fc.integer({ min: 1, max: 5 }),
        withdrawn: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n }),
        ballots: fc.array(fc.record({ ranking: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n }), count: fc.integer({ min: 0, max: 1000 }) }), { maxLength: 20 }),
        title: name,
      }),
    );
    fc.assert(fc.property(election, (e) => {
      expect(unwrap(parseBlt(toBlt(e)))).toEqual(e);
    }));
  });
});
