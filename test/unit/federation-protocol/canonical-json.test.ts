import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/core/federation-protocol/index.js';

const canon = (v: unknown): string => {
  const r = canonicalJson(v);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.maxSafeInteger(), fc.string({ unit: 'binary' }), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string({ unit: 'binary' }), tie('value'), { maxKeys: 4 })),
})).value;

describe('canonical JSON for federation signatures', () => {
  it('GIVEN an object THEN keys are sorted, no whitespace, and the Matrix spec example comes out byte for byte', () => {
    expect(canon({ b: '2', a: '1' })).toBe('{"a":"1","b":"2"}');
    expect(canon({ auth: { success: true, mxid: '@john.doe:example.com', profile: { display_name: 'John Doe', three_pids: [{ medium: 'email', address: 'john.doe@example.org' }, { medium: 'msisdn', address: '123456789' }] } } })).toBe(
      '{"auth":{"mxid":"@john.doe:example.com","profile":{"display_name":"John Doe","three_pids":[{"address":"john.doe@example.org","medium":"email"},{"address":"123456789","medium":"msisdn"}]},"success":true}}',
    );
    expect(canon({ a: '日本語' })).toBe('{"a":"日本語"}');
    expect(canon({ 本: 2, 日: 1 })).toBe('{"日":1,"本":2}');
    expect(canon({ a: -0, b: 9007199254740991, c: -9007199254740991 })).toBe('{"a":0,"b":9007199254740991,"c":-9007199254740991}');
  });

  it('GIVEN keys above U+FFFF THEN they sort by code point, not by UTF-16 unit (where JS sort differs)', () => {
    // U+FF61 is one unit 0xFF61; U+1F600 is the surrogate pair 0xD83D 0xDE00: UTF-16 order puts the emoji first.
    expect(canon({ '\u{FF61}': 1, '\u{1F600}': 2 })).toBe('{"\u{FF61}":1,"\u{1F600}":2}');
  });

  it('GIVEN values with no canonical form THEN each is refused with where it was, never rounded', () => {
    for (const bad of [1.5, Number.NaN, Infinity, 2 ** 53, -(2 ** 53), undefined, () => 1, 10n, new Date(0), new Map()]) {
      const r = canonicalJson({ x: [bad] });
      expect(r.ok, typeof bad).toBe(false);
      if (!r.ok) expect(r.error.message).toContain('$.x[0]');
    }
    expect(canonicalJson({ a: undefined }).ok).toBe(false);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(canonicalJson(cyclic).ok).toBe(false);
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(canonicalJson(deep).ok).toBe(false);
    const shared = { n: 1 };
    expect(canon([shared, shared])).toBe('[{"n":1},{"n":1}]');
  });

  it('GIVEN any JSON value THEN its canonical form parses back to it and does not depend on key order', () => {
    fc.assert(
      fc.property(jsonValue, (v) => {
        const c = canon(v);
        expect(JSON.parse(c)).toEqual(v);
        const reordered = JSON.parse(JSON.stringify(v), function (this: unknown, _k, x: unknown) {
          return x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).reverse()) : x;
        }) as unknown;
        expect(canon(reordered)).toBe(c);
      }),
      { numRuns: 300 },
    );
  });
});
