import type { BallotGroup } from './ballots.js';

/**
 * Drawing lots without a person drawing them. A tie that the rules leave to
 * lot is decided by a pseudo-random generator seeded from the ballots
 * themselves, so a recount of the same ballots draws the same lot and
 * anyone can reproduce it. The seed is not secret and the generator is not
 * cryptographic: its job is reproducibility, and nobody can pick the seed
 * after seeing the tie without changing the ballots.
 */
export interface Lot {
  /** The seed, recorded in results so a count sheet can be reproduced. */
  readonly seed: string;
  /** A uniformly drawn integer in [0, n). */
  below(n: number): number;
  /** One of `items`, drawn uniformly. */
  pick<T>(items: readonly T[]): T;
}

/** cyrb128: a fast, well-mixed 128-bit string hash (public domain). */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const hex = (n: number): string => n.toString(16).padStart(8, '0');

/** A 128-bit hex digest of any text; used to derive seeds. */
export function hashText(text: string): string {
  return cyrb128(text).map(hex).join('');
}

/**
 * The default seed: a hash of the election's shape and its ballots in a
 * canonical order (identical rankings merged, then sorted), so neither the
 * order in which ballots were stored nor how they were grouped changes it.
 */
export function seedFromBallots(kind: string, candidateCount: number, seats: number, groups: readonly BallotGroup[]): string {
  const counts = new Map<string, number>();
  for (const g of groups) {
    if (g.count === 0) continue;
    const key = g.ranking.join(',');
    counts.set(key, (counts.get(key) ?? 0) + g.count);
  }
  const lines = [...counts].map(([k, n]) => `${n}:${k}`).sort();
  return hashText(`${kind}|${candidateCount}|${seats}|${lines.join(';')}`);
}

/** sfc32, a small fast generator with a 128-bit state (public domain). */
export function createLot(seed: string): Lot {
  let [a, b, c, d] = cyrb128(seed);
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs: sfc32 mixes its state over a few rounds.
  for (let i = 0; i < 15; i++) next();
  const below = (n: number): number => {
    if (!Number.isSafeInteger(n) || n < 1 || n > 0x1_0000_0000) throw new RangeError(`lot over ${n} items`);
    // Rejection sampling: plain modulo would favour small numbers.
    const limit = 0x1_0000_0000 - (0x1_0000_0000 % n);
    for (;;) {
      const x = next();
      if (x < limit) return x % n;
    }
  };
  return {
    seed,
    below,
    pick: <T>(items: readonly T[]): T => {
      const item = items[below(items.length)];
      if (item === undefined) throw new RangeError('lot over no items');
      return item;
    },
  };
}
