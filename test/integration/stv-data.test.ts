/**
 * Counts the real Scottish council elections in ../shared/data/stv (1,100
 * BLT files; official results for the 351 wards of 2017). The data is not
 * in the repository: where the folder is absent the suite is skipped and
 * says why.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runTally } from '../../src/bots/cli/tally.js';
import { bltToStvInput, countStv, parseBlt, type StvResult } from '../../src/core/counting/index.js';
import { countMotion } from '../../src/core/services/count-motion.js';
import { rankedBallots, rankedMotion } from '../support/ranked-motion.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
// Beside the repository, or beside the folder of worktrees that share one checkout's data.
const dataDir = [path.resolve(repoRoot, '../shared/data/stv'), path.resolve(repoRoot, '../../shared/data/stv'), '/work/shared/data/stv'].find((d) => existsSync(d)) ?? path.resolve(repoRoot, '../shared/data/stv');
const present = existsSync(path.join(dataDir, 'expected-2017.json')) && existsSync(path.join(dataDir, 'blt_files'));

interface Expected {
  readonly file: string;
  readonly seats: number;
  readonly winner_ids: readonly number[];
  readonly quota: number;
  readonly valid_ballots: number;
  /** 1-based candidate number → stage at which they were elected. */
  readonly won_at_stage: Readonly<Record<string, number>>;
}

function bltFiles(): string[] {
  const root = path.join(dataDir, 'blt_files');
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(path.join(root, d.name)).filter((f) => f.endsWith('.blt')).map((f) => `blt_files/${d.name}/${f}`))
    .sort();
}

const capture = () => {
  let text = '';
  return { write: (s: string) => void (text += s), text: () => text };
};

if (!present) {
  console.info(`STV data: skipped, the folder ${dataDir} is absent`);
  describe('real STV data (../shared/data/stv)', () => {
    it.skip(`skipped: the STV data folder is not at ${dataDir}`, () => undefined);
  });
}

describe.skipIf(!present)('real STV data (../shared/data/stv)', () => {
  const results = new Map<string, StvResult>();
  const failures: string[] = [];
  let files: string[] = [];
  let elapsedMs = 0;

  beforeAll(() => {
    files = bltFiles();
    const started = performance.now();
    for (const file of files) {
      const parsed = parseBlt(readFileSync(path.join(dataDir, file), 'utf8'));
      if (!parsed.ok) {
        failures.push(`${file}: ${parsed.error.message}`);
        continue;
      }
      const counted = countStv(bltToStvInput(parsed.value));
      if (counted.ok) results.set(file, counted.value);
      else failures.push(`${file}: ${counted.error.message}`);
    }
    elapsedMs = performance.now() - started;
    console.info(`STV data: read and counted ${files.length} files in ${(elapsedMs / 1000).toFixed(2)} s`);
  });

  it('GIVEN all 1,100 BLT files THEN each is read and counted without error, in seconds', () => {
    expect(files).toHaveLength(1100);
    expect(failures).toEqual([]);
    expect(results.size).toBe(1100);
    expect(elapsedMs).toBeLessThan(30_000);
  });

  it('GIVEN the 351 wards of 2017 THEN the count elects the official winners, with the official quota, at the official stages', () => {
    const expected = JSON.parse(readFileSync(path.join(dataDir, 'expected-2017.json'), 'utf8')) as Expected[];
    expect(expected).toHaveLength(351);
    const wrongWinners: string[] = [];
    const wrongStages: string[] = [];
    for (const x of expected) {
      const r = results.get(x.file);
      if (!r) {
        wrongWinners.push(`${x.file}: not counted`);
        continue;
      }
      const got = [...r.winners].map((c) => c + 1).sort((a, b) => a - b);
      const want = [...x.winner_ids].sort((a, b) => a - b);
      if (JSON.stringify(got) !== JSON.stringify(want) || r.quota !== x.quota || r.validBallots !== x.valid_ballots) {
        wrongWinners.push(`${x.file}: elected ${got.join(',')} (quota ${r.quota}), officially ${want.join(',')} (quota ${x.quota})`);
      }
      const stages: Record<string, number> = {};
      for (const s of r.stages) for (const c of s.elected) stages[String(c + 1)] = s.number;
      if (Object.entries(x.won_at_stage).some(([c, stage]) => stages[c] !== stage)) wrongStages.push(`${x.file}: ${JSON.stringify(stages)} vs ${JSON.stringify(x.won_at_stage)}`);
    }
    console.info(`STV data: ${351 - wrongWinners.length} of 351 wards elect the official winners; ${351 - wrongStages.length} at the official stages`);
    expect(wrongWinners).toEqual([]);
    expect(wrongStages).toEqual([]);
  });

  it('GIVEN a ward file THEN `tally --json` prints exactly winners, quota and stages', async () => {
    const out = capture();
    const errOut = capture();
    const code = await runTally({ blt: path.join(dataDir, 'blt_files/10_cands/aberdeen_2017_ward12.blt'), json: true }, out, errOut);
    expect(code).toBe(0);
    expect(errOut.text()).toBe('');
    const json = JSON.parse(out.text()) as { winners: number[]; quota: number; stages: unknown[] };
    expect(Object.keys(json)).toEqual(['winners', 'quota', 'stages']);
    expect([...json.winners].sort((a, b) => a - b)).toEqual([1, 2, 3, 5]);
    expect(json.quota).toBe(1120);
    expect(json.stages).toHaveLength(9);
  });

  it('GIVEN a file that is not BLT, or no file THEN `tally` explains and exits with 2', async () => {
    const notBlt = capture();
    expect(await runTally({ blt: path.join(dataDir, 'README.md'), json: false }, capture(), notBlt)).toBe(2);
    expect(notBlt.text()).toMatch(/README\.md: not a valid BLT file: line \d+: /);
    const missing = capture();
    expect(await runTally({ blt: path.join(dataDir, 'nope.blt'), json: false }, capture(), missing)).toBe(2);
    expect(missing.text()).toContain('nope.blt: no such file');
  });
});

describe.skipIf(!present)('a real election counted as a Plenary motion (../shared/data/stv)', () => {
  it('GIVEN Aberdeen 2017 ward 12 (5,598 ballots, 4 seats) as a ranked motion WHEN counted THEN the result states the official Droop quota, 1120', () => {
    const parsed = parseBlt(readFileSync(path.join(dataDir, 'blt_files/10_cands/aberdeen_2017_ward12.blt'), 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const motion = rankedMotion(parsed.value.candidates, parsed.value.seats);
    const rankings = parsed.value.ballots.flatMap((g) => Array.from({ length: g.count }, () => g.ranking));
    const r = countMotion(motion, rankedBallots(motion, rankings), rankings.length);
    expect(rankings).toHaveLength(5598);
    expect(r.summary).toMatch(/Droop quota 1120\b/);
    expect([...r.winners].map((w) => w + 1).sort((a, b) => a - b)).toEqual([1, 2, 3, 5]);
  });
});
