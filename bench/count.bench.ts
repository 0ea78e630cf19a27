/**
 * Counting speed: STV over 5,000 generated ranked ballots (20 candidates,
 * 5 seats; target under 250 ms) and a yes-no count of 5,000 ballots.
 * Run: `tsx bench/count.bench.ts`. Prints median, min and max of several
 * runs and writes them to bench/results/count.json (git-ignored).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { countStv, countYesNo, createLot, NO_QUORUM, SIMPLE_MAJORITY, type Ranking, type YesNoChoice } from '../src/core/counting/index.js';
import { unwrap } from '../src/core/shared/result.js';

const BALLOTS = 5_000;
const CANDIDATES = 20;
const SEATS = 5;
const WARMUP = 5;
const RUNS = 30;
const STV_TARGET_MS = 250;

/** Ballots from a seeded generator: uneven popularity, mostly short rankings, some complete. */
function rankedBallots(seed: string): Ranking[] {
  const lot = createLot(seed);
  const uniform = (): number => (lot.below(0xffff_ffff) + 0.5) / 0xffff_ffff;
  const popularity = Array.from({ length: CANDIDATES }, (_, c) => 1 / (1 + c * 0.3));
  return Array.from({ length: BALLOTS }, () => {
    // Weighted order without replacement (Efraimidis–Spirakis keys).
    const order = popularity.map((w, c) => ({ c, key: Math.log(uniform()) / w })).sort((a, b) => b.key - a.key).map((x) => x.c);
    const length = lot.below(10) === 0 ? CANDIDATES : 1 + lot.below(6);
    return order.slice(0, length);
  });
}

function yesNoBallots(seed: string): YesNoChoice[] {
  const lot = createLot(seed);
  const choices: YesNoChoice[] = ['yes', 'yes', 'no', 'abstain'];
  return Array.from({ length: BALLOTS }, () => lot.pick(choices));
}

interface Figures {
  /** The very first run, before the JIT has warmed up: what a bot closing one motion sees. */
  readonly firstRunMs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly runs: number;
}

function measure(run: () => void): Figures {
  const first = performance.now();
  run();
  const firstRunMs = performance.now() - first;
  for (let i = 1; i < WARMUP; i++) run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  const median = times.length % 2 === 1 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
  const round = (ms: number): number => Math.round(ms * 1000) / 1000;
  return { firstRunMs: round(firstRunMs), medianMs: round(median), minMs: round(times[0]!), maxMs: round(times[times.length - 1]!), runs: RUNS };
}

const ranked = rankedBallots('plenary-bench-stv');
const votes = yesNoBallots('plenary-bench-yes-no');
const sample = unwrap(countStv({ candidateCount: CANDIDATES, seats: SEATS, ballots: ranked }));

const stv = measure(() => unwrap(countStv({ candidateCount: CANDIDATES, seats: SEATS, ballots: ranked })));
const yesNo = measure(() => unwrap(countYesNo({ eligible: BALLOTS, ballots: votes, quorum: NO_QUORUM, threshold: SIMPLE_MAJORITY })));

const ms = (v: number): string => `${v.toFixed(3).padStart(8)} ms`;
const line = (name: string, f: Figures): string => `${name.padEnd(34)} median ${ms(f.medianMs)}  min ${ms(f.minMs)}  max ${ms(f.maxMs)}  first run ${ms(f.firstRunMs)}`;
console.log(`Counting benchmark (${RUNS} timed runs after ${WARMUP} warm-up runs, Node ${process.version})`);
console.log(line(`STV ${BALLOTS} ballots, ${CANDIDATES} cand., ${SEATS} seats`, stv));
console.log(`  ${sample.stages.length} stages, quota ${sample.quota}; target under ${STV_TARGET_MS} ms: ${stv.medianMs < STV_TARGET_MS ? 'met' : 'MISSED'}`);
console.log(line(`yes-no ${BALLOTS} ballots`, yesNo));

const out = path.resolve(import.meta.dirname, 'results', 'count.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      stv: { ballots: BALLOTS, candidates: CANDIDATES, seats: SEATS, stages: sample.stages.length, targetMs: STV_TARGET_MS, ...stv },
      yesNo: { ballots: BALLOTS, ...yesNo },
    },
    null,
    2,
  )}\n`,
);
console.log(`Wrote ${path.relative(process.cwd(), out)}`);
