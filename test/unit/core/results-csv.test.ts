import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeAssembly } from '../../../src/core/testing/scenario.js';
import { csvCell, toCsv } from '../../../src/core/services/results-csv.js';

/** A strict RFC 4180 reader, to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    const next = text.charAt(i + 1);
    if (quoted && c === '"' && next === '"') {
      cell += '"';
      i++;
    } else if (quoted && c === '"') quoted = false;
    else if (quoted) cell += c;
    else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && next === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

const csvOf = (r: { messages: readonly { attachment?: { filename: string; content: string } }[] }, n = 0): { name: string; rows: string[][] } => {
  const a = r.messages[n]?.attachment;
  if (!a) throw new Error('no attachment');
  return { name: a.filename, rows: parseCsv(a.content) };
};

describe('GIVEN closed motions in an assembly', () => {
  it('THEN motion csv has one row per option with its votes, and the winners marked', async () => {
    const { s, room } = await describeAssembly({ name: 'Csv Hall', members: ['ana', 'ben', 'cy'] });
    await s.run('ana', room, 'motion propose "Meeting day" --method approval --option Monday --option Thursday');
    for (const [who, c] of [['ana', '1,2'], ['ben', '2'], ['cy', '2']]) await s.run(who!, room, `vote 1 ${c!}`);
    const { name, rows } = csvOf(await s.run('ben', room, 'motion csv 1'));
    expect(name).toBe('Csv-Hall-motion-1-results.csv');
    expect(rows[0]).toEqual(['assembly', 'motion', 'title', 'kind', 'method', 'secret', 'status', 'outcome', 'closed_at', 'eligible', 'ballots', 'quorum_met', 'option', 'votes', 'chosen']);
    expect(rows.slice(1).map((r) => [r[12], r[13], r[14]])).toEqual([
      ['Monday', '1', 'false'],
      ['Thursday', '3', 'true'],
    ]);
    expect(rows[1]?.slice(0, 8)).toEqual(['Csv Hall', '1', 'Meeting day', 'resolution', 'approval', 'false', 'passed', 'passed']);
  });

  it('THEN a secret ballot exports counts only: no voter in either CSV, and --voters is refused', async () => {
    const { s, room } = await describeAssembly({ name: 'Secret Hall', members: ['ana', 'ben'] });
    await s.run('ana', room, 'motion propose "Raise dues" --secret');
    await s.run('ana', room, 'vote 1 yes');
    await s.run('ben', room, 'vote 1 no');
    const one = await s.run('ben', room, 'motion csv 1');
    const all = await s.run('ben', room, 'audit export --format csv');
    for (const text of [one.messages[0]?.attachment?.content, all.messages[0]?.attachment?.content]) {
      expect(text).toBeDefined();
      expect(text).not.toMatch(/ana|ben/);
    }
    expect(csvOf(one).rows.slice(1).map((r) => [r[12], r[13]])).toEqual([['yes', '1'], ['no', '1'], ['abstain', '0']]);
    const voters = await s.run('ben', room, 'motion csv 1 --voters');
    expect(voters.first.title).toBe('Secret ballot');
    expect(voters.messages.some((m) => m.attachment)).toBe(false);
  });

  it('THEN an open ballot with --voters adds a file of who voted what', async () => {
    const { s, room } = await describeAssembly({ name: 'Open Hall', members: ['ana', 'ben'] });
    await s.run('ana', room, 'motion propose "Paint"');
    await s.run('ana', room, 'vote 1 yes');
    await s.run('ben', room, 'vote 1 abstain');
    const r = await s.run('ben', room, 'motion csv 1 --voters');
    const ballots = csvOf(r, 1);
    expect(ballots.name).toBe('Open-Hall-motion-1-ballots.csv');
    expect(ballots.rows.map((row) => row.slice(0, 3))).toEqual([['motion', 'voter', 'choice'], ['1', 'ana', 'yes'], ['1', 'ben', 'abstain']]);
  });

  it('THEN an open motion has no results to export yet, and audit export --format csv lists it without counts', async () => {
    const { s, room } = await describeAssembly({ name: 'Busy Hall', members: ['ana', 'ben'] });
    await s.run('ana', room, 'motion propose "Still voting"');
    expect((await s.run('ana', room, 'motion csv 1')).first.body).toBe('Motion #1 is open; its results are published when it closes.');
    const all = csvOf(await s.run('ana', room, 'audit export --format csv'));
    expect(all.name).toBe('Busy-Hall-results.csv');
    expect(all.rows[1]?.slice(0, 7)).toEqual(['Busy Hall', '1', 'Still voting', 'resolution', 'yes-no-abstain', 'false', 'open']);
    expect(all.rows[1]?.[13]).toBe('');
  });

  it('THEN titles and options that look like formulas are prefixed with an apostrophe (CSV injection), in both CSVs', async () => {
    const { s, room } = await describeAssembly({ name: 'Formula Hall', members: ['ana', 'ben'] });
    await s.run('ana', room, 'motion propose "=HYPERLINK(\\"http://evil\\",\\"x\\")" --method approval --option "+1" --option "@SUM(A1)" --option "-2,\\"3\\""');
    await s.run('ana', room, 'vote 1 1,2');
    await s.run('ben', room, 'vote 1 3');
    const one = csvOf(await s.run('ana', room, 'motion csv 1')).rows.slice(1);
    expect(one[0]?.[2]).toBe('\'=HYPERLINK("http://evil","x")');
    expect(one.map((r) => r[12])).toEqual(["'+1", "'@SUM(A1)", '\'-2,"3"']);
    const all = csvOf(await s.run('ana', room, 'audit export --format csv')).rows;
    expect(all[1]?.[2]).toBe('\'=HYPERLINK("http://evil","x")');
    expect(all[1]?.[13]).toBe("'+1: 1; @SUM(A1): 1; -2,\"3\": 1");
    for (const row of [...one, ...all.slice(1)]) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe('GIVEN any text in a cell', () => {
  it('THEN (property) the reader gets it back, apostrophe-prefixed exactly when it starts like a formula, and never starting like one', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(fc.string(), fc.constantFrom('=1+1', '+x', '-', '@a', '\t=x', 'a,b', '"q"', 'line\r\nbreak', ' pad ')), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const back = parseCsv(toCsv(rows));
        expect(back).toEqual(rows.map((r) => r.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c))));
        for (const r of back) for (const c of r) expect(c).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
  });
});
