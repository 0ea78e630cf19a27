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

/**
 * cyrb128: a fast, well-mixed 128-bit hash (public domain), here over a
 * sequence of 32-bit integers so ballots can be hashed without building
 * text; `prefix`, if given, is fed first (a ranking's length, so that [1]
 * then [2] never collides with [1, 2]).
 */
function cyrb128(codes: ArrayLike<number>, prefix?: number): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  const start = prefix === undefined ? 0 : -1;
  for (let i = start; i < codes.length; i++) {
    const k = i < 0 ? (prefix ?? 0) : (codes[i] ?? 0);
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

const charCodes = (text: string): number[] => Array.from(text, (ch) => ch.codePointAt(0) ?? 0);

const hex = (n: number): string => n.toString(16).padStart(8, '0');

/** A 128-bit hex digest of any text; used to derive seeds. */
export function hashText(text: string): string {
  return cyrb128(charCodes(text)).map(hex).join('');
}

/**
 * The default seed: a hash of the election's shape and its ballots that
 * depends neither on the order in which ballots were stored nor on how they
 * were grouped. Each distinct ranking is hashed, multiplied by its number of
 * ballots and summed lane by lane (mod 2^32): addition does not care about
 * order, and n ballots weigh the same as one group of n. This costs one pass
 * over the ballots, with no sorting, so it stays cheap for large counts.
 */
export function seedFromBallots(kind: string, candidateCount: number, seats: number, groups: readonly BallotGroup[]): string {
  const sum = [0, 0, 0, 0];
  for (const g of groups) {
    if (g.count === 0) continue;
    const [a, b, c, d] = cyrb128(g.ranking, g.ranking.length);
    sum[0] = ((sum[0] ?? 0) + Math.imul(a, g.count)) >>> 0;
    sum[1] = ((sum[1] ?? 0) + Math.imul(b, g.count)) >>> 0;
    sum[2] = ((sum[2] ?? 0) + Math.imul(c, g.count)) >>> 0;
    sum[3] = ((sum[3] ?? 0) + Math.imul(d, g.count)) >>> 0;
  }
  return hashText(`${kind}|${candidateCount}|${seats}|${sum.map(hex).join('')}`);
}

/** sfc32, a small fast generator with a 128-bit state (public domain). */
export function createLot(seed: string): Lot {
  let [a, b, c, d] = cyrb128(charCodes(seed));
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
