import { describe, expect, it } from 'vitest';
import { decodeControl, encodeControl, type Control } from '../../../src/adapters/discord/custom-id.js';
import { FormState } from '../../../src/adapters/discord/form-state.js';
import { RecentIds } from '../../../src/adapters/discord/recent-ids.js';
import { restShare } from '../../../src/adapters/discord/sharding.js';

const id = '0199a3b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b';

describe('GIVEN versioned custom ids', () => {
  it('THEN every control survives a round trip', () => {
    const all: Control[] = [
      { kind: 'vote', motionId: id, choice: 'abstain' },
      { kind: 'approve', motionId: id },
      { kind: 'rank', motionId: id, ranking: [3, 0, 19] },
      { kind: 'rank-submit', motionId: id, ranking: [1] },
      { kind: 'my-ballot', motionId: id },
      { kind: 'change', motionId: id },
      { kind: 'form', command: 'motion.propose', state: 'eyJraW5kIjoiZWxlY3Rpb24ifQ' },
    ];
    for (const c of all) expect(decodeControl(encodeControl(c))).toEqual(c);
  });

  it('THEN buttons of another version or damaged ones are stale, not misread; other ids are foreign', () => {
    expect(decodeControl(`pl0:v:${id}:y`).kind).toBe('stale');
    expect(decodeControl(`pl2:v:${id}:y`).kind).toBe('stale');
    expect(decodeControl(`pl1:v:${id}:maybe`).kind).toBe('stale');
    expect(decodeControl(`pl1:rk:${id}:00`).kind).toBe('stale');
    expect(decodeControl('pl1:zz:x').kind).toBe('stale');
    expect(decodeControl('something-else').kind).toBe('foreign');
  });

  it('THEN an id over 100 characters is a bug caught at encoding', () => {
    expect(() => encodeControl({ kind: 'my-ballot', motionId: 'x'.repeat(100) })).toThrow(/longer than 100/);
  });
});

describe('GIVEN form state', () => {
  it('THEN small states travel inline and big ones wait in memory for 15 minutes', () => {
    let now = 0;
    const forms = new FormState(15 * 60_000, () => now);
    const small = forms.save({ kind: 'election' }, 70);
    expect(small.startsWith('~')).toBe(false);
    expect(forms.load(small)).toEqual({ kind: 'election' });
    const big = forms.save({ option: Array.from({ length: 20 }, (_, i) => `candidate ${i}`) }, 70);
    expect(big).toMatch(/^~/);
    now += 16 * 60_000;
    expect(forms.load(big)).toBeNull();
    expect(forms.load('not base64 json')).toBeNull();
  });
});

describe('GIVEN repeated deliveries and shards', () => {
  it('THEN an id is new once within its ttl', () => {
    let now = 0;
    const seen = new RecentIds(1000, 3, () => now);
    expect(seen.add('a')).toBe(true);
    expect(seen.add('a')).toBe(false);
    now = 2000;
    expect(seen.add('a')).toBe(true);
    for (const x of ['b', 'c', 'd']) seen.add(x);
    expect(seen.add('a')).toBe(true);
  });

  it('THEN each shard process gets its share of the 50 requests per second', () => {
    expect(restShare({})).toBe(50);
    expect(restShare({ SHARD_COUNT: '4', SHARDS: '[2]' })).toBe(12);
    expect(restShare({ SHARD_COUNT: '4', SHARDS: '[0,1]' })).toBe(25);
    expect(restShare({ SHARD_COUNT: '200', SHARDS: '[7]' })).toBe(1);
  });
});
