/**
 * "Did you mean …?" for every platform: the closest few of `candidates` to
 * what was typed, by edit distance (a swap of two neighbours counts as one
 * edit), near enough to be a typo: at most a third of the word's length, and
 * at least one edit. Case does not count.
 */
export function closest(typed: string, candidates: readonly string[], max = 3): string[] {
  const t = typed.toLowerCase();
  const allowed = Math.max(1, Math.floor(t.length / 3));
  return [...new Set(candidates)]
    .map((c) => ({ c, d: distance(t, c.toLowerCase()) }))
    .filter((x) => x.d <= allowed)
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, max)
    .map((x) => x.c);
}

/** " Did you mean: a, b?" or "" when nothing is near. */
export function didYouMean(typed: string, candidates: readonly string[], render: (c: string) => string = (c) => c): string {
  const near = closest(typed, candidates);
  return near.length > 0 ? ` Did you mean: ${near.map(render).join(', ')}?` : '';
}

/** Optimal string alignment distance (Damerau–Levenshtein without repeated edits of one substring). */
export function distance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  // Far apart in length: no typo, and no need for the whole table (typed text may be long).
  if (Math.abs(x.length - y.length) > 8) return Math.abs(x.length - y.length);
  const w = y.length + 1;
  // One flat table, row i at i * w; every cell is written before it is read.
  const d = new Array<number>((x.length + 1) * w).fill(0);
  const at = (i: number, j: number): number => d[i * w + j] ?? 0;
  for (let j = 0; j <= y.length; j++) d[j] = j;
  for (let i = 1; i <= x.length; i++) {
    d[i * w] = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * w + j] = best;
    }
  }
  return at(x.length, y.length);
}
