import { describe, expect, it } from 'vitest';
import { commandTable } from '../../../src/core/commands/table.js';
import { parseCommandLine, tokenize } from '../../../src/core/commands/text-grammar.js';

const table = commandTable();

describe('GIVEN the shared text grammar', () => {
  it('THEN quotes keep spaces and backslashes escape', () => {
    expect(tokenize(`motion propose "Fix the \\"big\\" fridge" --body 'two words'`)).toEqual({ ok: true, value: ['motion', 'propose', 'Fix the "big" fridge', '--body', 'two words'] });
    expect(tokenize('vote “12” yes')).toEqual({ ok: true, value: ['vote', '12', 'yes'] });
  });

  it('THEN an unclosed quote is a clear error', () => {
    const r = tokenize('motion propose "oops');
    expect(r.ok).toBe(false);
  });

  it('THEN positional, --name value, --name=value, flags and repeated lists are read', () => {
    const r = parseCommandLine(table, 'motion propose Pick a day --method=approval --option Mon --option Tue --secret');
    expect(r.ok && r.value.args).toEqual({ title: 'Pick a day', method: 'approval', option: ['Mon', 'Tue'], secret: 'true' });
  });

  it('THEN the rest of a ranked ballot is kept as one argument', () => {
    const r = parseCommandLine(table, 'vote 3 2 > 1 > 3');
    expect(r.ok && r.value.args).toEqual({ motion: '3', choice: '2 > 1 > 3' });
  });

  it('THEN an unknown option names the command usage', () => {
    const r = parseCommandLine(table, 'motion propose X --colour red');
    expect(!r.ok && r.error.message).toContain('has no option --colour');
  });

  it('THEN an unknown command suggests the right ones', () => {
    const r = parseCommandLine(table, 'motion launch');
    expect(!r.ok && r.error.message).toContain('motion propose');
  });
});
