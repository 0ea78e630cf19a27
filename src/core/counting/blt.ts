/**
 * The BLT ballot format (as read by OpenSTV, eSTV and others):
 *
 *     4 2            candidates, seats
 *     -3             optional: withdrawn candidates, negated
 *     12 1 2 4 0     weight, preferences (1-based), terminating 0
 *     0              end of ballots
 *     "Ann"          one name per candidate
 *     "Ward 1"       title (optional)
 *
 * Real files are untidy, so the reader tolerates blank lines, tabs, a byte
 * order mark, trailing commas (spreadsheet exports) and the name dialects
 * in blt-names.ts. It refuses, with the line number, anything that would
 * change what a ballot means: equal rankings (`=`), skipped marks (`-`),
 * a candidate ranked twice, a number that is not a candidate.
 */
import { ok, type DomainError, type Result } from '../shared/result.js';
import type { BallotGroup } from './ballots.js';
import { decodeName, encodeName } from './blt-names.js';

/** A parsed BLT file; candidate indexes are 0-based, as everywhere in the core. */
export interface BltElection {
  readonly candidates: readonly string[];
  readonly seats: number;
  /** 0-based indexes of withdrawn candidates. */
  readonly withdrawn: readonly number[];
  /** One group per ballot line, in file order. */
  readonly ballots: readonly BallotGroup[];
  readonly title: string;
}

/** A refusal to read a file, with the 1-based line it concerns (null: the file as a whole). */
export interface BltError extends DomainError {
  readonly code: 'bad-input';
  readonly line: number | null;
}

const fail = (line: number | null, message: string): { ok: false; error: BltError } => ({
  ok: false,
  error: { code: 'bad-input', line, message: line === null ? message : `line ${line}: ${message}` },
});

const INTEGER = /^-?\d+$/;

/** Splits a ballot-section line into tokens, tolerating tabs and trailing commas. */
function tokens(line: string): string[] {
  return line.replace(/,+\s*$/, '').trim().split(/[\s,]+/).filter((t) => t !== '');
}

/**
 * The fast path for the common case, a line of unsigned integers separated
 * by spaces, tabs or commas: no regular expressions, no intermediate
 * strings (files can hold hundreds of thousands of ballot lines). Null for
 * anything else, which the careful path then explains.
 */
function scanNumbers(line: string): number[] | null {
  const out: number[] = [];
  let n = -1;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charCodeAt(i);
    if (ch >= 48 && ch <= 57) {
      n = n < 0 ? ch - 48 : n * 10 + (ch - 48);
    } else if (ch === 32 || ch === 9 || ch === 44 || ch === 13) {
      if (n >= 0) out.push(n);
      n = -1;
    } else {
      return null;
    }
  }
  if (n >= 0) out.push(n);
  return out;
}

function describeToken(t: string): string {
  if (t.includes('=')) return `equal rankings ("${t}") are not supported`;
  if (t === '-') return 'skipped preferences ("-") are not supported';
  return `"${t}" is not a whole number`;
}

export function parseBlt(text: string): Result<BltElection, BltError> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  let i = 0;
  const nextContent = (): number => {
    while (i < lines.length && (lines[i] ?? '').trim().replace(/,+$/, '') === '') i++;
    return i;
  };

  nextContent();
  if (i >= lines.length) return fail(null, 'the file is empty');
  const header = tokens(lines[i] ?? '');
  const [cText = '', sText = ''] = header;
  if (header.length !== 2 || !/^\d+$/.test(cText) || !/^\d+$/.test(sText)) {
    return fail(i + 1, 'the first line must be "<candidates> <seats>", e.g. "7 3"');
  }
  const candidateCount = Number(cText);
  const seats = Number(sText);
  if (candidateCount < 1) return fail(i + 1, 'there must be at least one candidate');
  if (seats < 1) return fail(i + 1, 'there must be at least one seat');
  i++;

  const withdrawn: number[] = [];
  nextContent();
  const maybeWithdrawn = tokens(lines[i] ?? '');
  if (maybeWithdrawn.length > 0 && maybeWithdrawn.every((t) => /^-\d+$/.test(t))) {
    for (const t of maybeWithdrawn) {
      const c = -Number(t);
      if (c < 1 || c > candidateCount) return fail(i + 1, `withdrawn candidate ${c} is not one of the ${candidateCount} candidates`);
      if (!withdrawn.includes(c - 1)) withdrawn.push(c - 1);
    }
    i++;
  }

  const ballots: BallotGroup[] = [];
  const seen = new Int32Array(candidateCount).fill(-1);
  for (;;) {
    if (i >= lines.length) return fail(null, 'the file ends before the "0" line that closes the ballots');
    const lineNo = i + 1;
    const line = lines[i] ?? '';
    i++;
    let nums = scanNumbers(line);
    if (nums === null) {
      const parts = tokens(line);
      const bad = parts.find((t) => !INTEGER.test(t));
      if (bad !== undefined) return fail(lineNo, describeToken(bad));
      nums = parts.map(Number);
    }
    if (nums.length === 0) continue;
    if (nums.length === 1 && nums[0] === 0) break;
    const weight = nums[0] ?? 0;
    if (weight < 0) return fail(lineNo, `a ballot weight cannot be negative (${weight})`);
    if (!Number.isSafeInteger(weight)) return fail(lineNo, `the ballot weight ${line.trim().split(/\s/)[0] ?? ''} is too large`);
    if (nums[nums.length - 1] !== 0 || nums.length < 2) return fail(lineNo, 'a ballot line must end with 0');
    const ranking: number[] = [];
    for (let k = 1; k < nums.length - 1; k++) {
      const c = nums[k] ?? 0;
      if (c < 1 || c > candidateCount) return fail(lineNo, `${c} is not a candidate number (1 to ${candidateCount})`);
      if (seen[c - 1] === lineNo) return fail(lineNo, `candidate ${c} is ranked twice`);
      seen[c - 1] = lineNo;
      ranking.push(c - 1);
    }
    ballots.push({ ranking, count: weight });
  }

  const candidates: string[] = [];
  while (candidates.length < candidateCount) {
    nextContent();
    if (i >= lines.length) return fail(null, `expected ${candidateCount} candidate names after the ballots, found ${candidates.length}`);
    candidates.push(decodeName((lines[i] ?? '').replace(/,+\s*$/, '')));
    i++;
  }
  nextContent();
  const title = i < lines.length ? decodeName((lines[i] ?? '').replace(/,+\s*$/, '')) : '';
  i++;
  nextContent();
  if (i < lines.length) return fail(i + 1, 'unexpected text after the title');
  return ok({ candidates, seats, withdrawn, ballots, title });
}

/**
 * Writes an election as BLT, with names quoted and any `"` doubled, so that
 * `parseBlt(toBlt(e))` gives back `e` (names are normalised as decodeName
 * reads them: trimmed, runs of spaces collapsed).
 */
export function toBlt(election: BltElection): string {
  const out: string[] = [`${election.candidates.length} ${election.seats}`];
  if (election.withdrawn.length > 0) out.push(election.withdrawn.map((c) => `-${c + 1}`).join(' '));
  for (const b of election.ballots) out.push([b.count, ...b.ranking.map((c) => c + 1), 0].join(' '));
  out.push('0');
  for (const name of election.candidates) out.push(encodeName(name));
  out.push(encodeName(election.title));
  return `${out.join('\n')}\n`;
}

/** Convenience for callers that only need the count's input. */
export function bltToStvInput(e: BltElection): { candidateCount: number; seats: number; ballots: readonly BallotGroup[]; withdrawn: readonly number[] } {
  return { candidateCount: e.candidates.length, seats: e.seats, ballots: e.ballots, withdrawn: e.withdrawn };
}
