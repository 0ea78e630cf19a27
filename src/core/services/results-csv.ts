import type { Assembly, Ballot, Motion } from '../model/entities.js';
import { describeChoice } from './choice.js';

type Cell = string | number | boolean | null | undefined;

/**
 * One CSV cell (RFC 4180), safe to open in a spreadsheet: text a member wrote
 * (titles, options, names) that starts with = + - @ (or a tab or carriage
 * return, which some spreadsheets skip before reading a formula) is prefixed
 * with ' so it is shown, never run as a formula; a cell holding a comma,
 * quote or line break is quoted. Numbers and booleans are written as they are.
 */
export function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'string') return String(v);
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV text, CRLF-terminated (RFC 4180; spreadsheets open it as is). */
export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The tally's entries in display order: yes/no/abstain, or every option (0 when it got nothing). */
function tallyEntries(motion: Motion): { option: string; votes: number; chosen: boolean }[] {
  const r = motion.result;
  if (!r) return [];
  if (motion.method === 'yes-no-abstain') return (['yes', 'no', 'abstain'] as const).map((k) => ({ option: k, votes: r.tally[k] ?? 0, chosen: false }));
  return motion.options.map((o, i) => ({ option: o, votes: r.tally[String(i)] ?? 0, chosen: r.winners.includes(i) }));
}

const iso = (d: Date | null): string => (d ? d.toISOString() : '');

/**
 * One motion's results, one row per option (yes/no/abstain, or each option).
 * Counts only: a secret ballot's CSV is the same as an open one's. A motion
 * without a result (still open, withdrawn) has one row and no counts.
 */
export function motionResultsCsv(assembly: Assembly, motion: Motion): string {
  const r = motion.result;
  const head = [assembly.name, motion.number, motion.title, motion.kind, motion.method, motion.secret, motion.status, r?.outcome ?? '', iso(motion.closedAt), r?.eligible ?? '', r?.ballots ?? '', r ? r.quorumMet : ''];
  const entries = tallyEntries(motion);
  const rows = entries.length > 0 ? entries.map((e) => [...head, e.option, e.votes, e.chosen]) : [[...head, '', '', '']];
  return toCsv([['assembly', 'motion', 'title', 'kind', 'method', 'secret', 'status', 'outcome', 'closed_at', 'eligible', 'ballots', 'quorum_met', 'option', 'votes', 'chosen'], ...rows]);
}

/** Every motion of an assembly, oldest first, one row each: the tally as `option: votes` pairs, winners in `chosen`. */
export function assemblyResultsCsv(assembly: Assembly, motions: readonly Motion[]): string {
  const rows = [...motions]
    .sort((a, b) => a.number - b.number)
    .map((m) => {
      const entries = tallyEntries(m);
      const r = m.result;
      return [assembly.name, m.number, m.title, m.kind, m.method, m.secret, m.status, r?.outcome ?? '', iso(m.opensAt ?? m.createdAt), iso(m.closedAt), r?.eligible ?? '', r?.ballots ?? '', r ? r.quorumMet : '', entries.map((e) => `${e.option}: ${e.votes}`).join('; '), entries.filter((e) => e.chosen).map((e) => e.option).join('; ')];
    });
  return toCsv([['assembly', 'motion', 'title', 'kind', 'method', 'secret', 'status', 'outcome', 'opened_at', 'closed_at', 'eligible', 'ballots', 'quorum_met', 'tally', 'chosen'], ...rows]);
}

/** Who voted what on a closed motion with an open ballot. Never called for a secret ballot (the callers refuse first); it refuses too. */
export function ballotsCsv(motion: Motion, ballots: readonly { readonly ballot: Ballot; readonly voter: string }[]): string {
  if (motion.secret) throw new Error('ballotsCsv: a secret ballot has no voters to export');
  const rows = [...ballots].sort((a, b) => a.voter.localeCompare(b.voter)).map((b) => [motion.number, b.voter, describeChoice(motion, b.ballot.choice), iso(b.ballot.castAt)]);
  return toCsv([['motion', 'voter', 'choice', 'cast_at'], ...rows]);
}
