/**
 * `plenary tally --blt FILE [--json]`: counts a BLT ballot file by STV and
 * prints the winners and a count sheet (or JSON for machines).
 *
 * Every file is counted by the Scottish STV rules, one seat included: with
 * one seat the Droop quota is a majority of the valid ballots, and STV
 * elects the same candidate as instant-runoff (a candidate with a majority
 * of the ballots still in play can never be the lowest). Only the tie rules
 * differ: STV looks back to the most recent stage at which tied candidates
 * differed, our IRV to the earliest.
 */
import { readFile } from 'node:fs/promises';
import { bltToStvInput, countStv, parseBlt, type BltElection, type StvResult, type StvStage } from '../../core/counting/index.js';

export interface TallyOptions {
  readonly blt: string;
  readonly json: boolean;
}

export interface Writer {
  write(s: string): void;
}

/** Exit code for a file that cannot be read or counted. */
const BAD_FILE = 2;

/** BLT files come from many tools; most are UTF-8, older ones Latin-1. */
function decode(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

function readError(file: string, e: unknown): string {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
  if (code === 'ENOENT') return `tally: ${file}: no such file`;
  if (code === 'EISDIR') return `tally: ${file}: is a directory, not a BLT file`;
  if (code === 'EACCES') return `tally: ${file}: permission denied`;
  return `tally: ${file}: cannot read the file${code ? ` (${code})` : ''}`;
}

export async function runTally(opts: TallyOptions, out: Writer, errOut: Writer): Promise<number> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(opts.blt);
  } catch (e) {
    errOut.write(`${readError(opts.blt, e)}\n`);
    return BAD_FILE;
  }
  const parsed = parseBlt(decode(bytes));
  if (!parsed.ok) {
    errOut.write(`tally: ${opts.blt}: not a valid BLT file: ${parsed.error.message}\n`);
    return BAD_FILE;
  }
  const election = parsed.value;
  const counted = countStv(bltToStvInput(election));
  if (!counted.ok) {
    errOut.write(`tally: ${opts.blt}: cannot count: ${counted.error.message}\n`);
    return BAD_FILE;
  }
  out.write(opts.json ? `${JSON.stringify(toJson(counted.value))}\n` : renderSheet(election, counted.value));
  return 0;
}

const oneBased = (cs: readonly number[]): number[] => cs.map((c) => c + 1);

/** The JSON shape: 1-based candidate numbers as in the BLT file. */
export function toJson(result: StvResult): { winners: number[]; quota: number; stages: unknown[] } {
  return {
    winners: oneBased(result.winners),
    quota: result.quota,
    stages: result.stages.map((s) => ({
      stage: s.number,
      action: s.action.kind,
      candidate: s.action.kind === 'first-preferences' ? null : s.action.candidate + 1,
      totals: Object.fromEntries(s.totals.map((v, c) => [String(c + 1), v])),
      nonTransferable: s.nonTransferable,
      roundingLoss: s.roundingLoss,
      elected: oneBased(s.elected),
      excluded: oneBased(s.excluded),
      tieBreaks: s.tieBreaks.map((t) => ({ ...t, among: oneBased(t.among) })),
    })),
  };
}

const grouped = (n: number): string => n.toLocaleString('en-GB');
/** Whole votes as integers; fractions (from surpluses) to the rule's five places. */
const votes = (v: number, places = !Number.isInteger(v)): string => (places ? grouped(Math.trunc(v)) + v.toFixed(5).slice(-6) : grouped(v));

function describeAction(s: StvStage, name: (c: number) => string): string {
  switch (s.action.kind) {
    case 'first-preferences':
      return 'first preferences';
    case 'surplus':
      return `surplus of ${name(s.action.candidate)} (${votes(s.action.surplus)})`;
    case 'exclusion':
      return `exclusion of ${name(s.action.candidate)} (${votes(s.action.votes)})`;
  }
}

function describeTies(s: StvStage, name: (c: number) => string): string[] {
  return s.tieBreaks.map((t) => {
    const who = t.among.map(name).join(', ');
    return t.by === 'lot' ? `tie between ${who} settled by lot` : `tie between ${who} settled by the totals at stage ${t.stage}`;
  });
}

/** A plain-text count sheet: candidates down the side, stages across. */
export function renderSheet(election: BltElection, result: StvResult): string {
  const name = (c: number): string => election.candidates[c] ?? `candidate ${c + 1}`;
  const lines: string[] = [];
  if (election.title) lines.push(election.title);
  lines.push(`${election.seats} seat${election.seats === 1 ? '' : 's'}, ${election.candidates.length} candidates, ${grouped(result.validBallots)} valid ballots, quota ${grouped(result.quota)}`);
  if (result.invalidBallots > 0) lines.push(`${grouped(result.invalidBallots)} ballots had no preference for a standing candidate and were not counted`);
  if (election.withdrawn.length > 0) lines.push(`Withdrawn: ${election.withdrawn.map(name).join(', ')}`);
  lines.push('', 'Elected, in order:');
  const electedAt = new Map<number, number>();
  for (const s of result.stages) for (const c of s.elected) electedAt.set(c, s.number);
  result.winners.forEach((c, i) => lines.push(`  ${i + 1}. ${name(c)} (no. ${c + 1}, stage ${electedAt.get(c) ?? '?'})`));
  lines.push('', 'Stages:');
  for (const s of result.stages) {
    lines.push(`  ${String(s.number).padStart(2)}. ${describeAction(s, name)}`);
    for (const t of describeTies(s, name)) lines.push(`      ${t}`);
  }
  lines.push('', ...table(election, result, name), '', '* elected at this stage', '');
  return lines.join('\n');
}

function table(election: BltElection, result: StvResult, name: (c: number) => string): string[] {
  const excludedAt = new Map<number, number>();
  const electedAt = new Map<number, number>();
  for (const s of result.stages) {
    for (const c of s.excluded) excludedAt.set(c, s.number);
    for (const c of s.elected) electedAt.set(c, s.number);
  }
  // A column shows five decimal places as soon as any figure in it has a fraction, so its points line up.
  const places = result.stages.map((s) => [...s.totals, s.nonTransferable, s.roundingLoss].some((v) => !Number.isInteger(v)));
  const column = (f: (s: StvStage) => number): string[] => result.stages.map((s, k) => `${votes(f(s), places[k])} `);
  const rows: string[][] = [['', 'Candidate', ...result.stages.map((s) => `Stage ${s.number} `)]];
  election.candidates.forEach((_, c) => {
    if (election.withdrawn.includes(c)) return;
    const cells = result.stages.map((s, k) => {
      const gone = excludedAt.get(c);
      if (gone !== undefined && s.number > gone) return '';
      return `${votes(s.totals[c] ?? 0, places[k])}${electedAt.get(c) === s.number ? '*' : ' '}`;
    });
    rows.push([String(c + 1), name(c).slice(0, 40), ...cells]);
  });
  rows.push(['', 'Non-transferable', ...column((s) => s.nonTransferable)]);
  if (result.stages.some((s) => s.roundingLoss > 0)) rows.push(['', 'Lost to rounding', ...column((s) => s.roundingLoss)]);
  const widths = rows[0]?.map((_, k) => Math.max(...rows.map((r) => (r[k] ?? '').length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, k) => (k === 1 ? cell.padEnd(widths[k] ?? 0) : cell.padStart(widths[k] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}
