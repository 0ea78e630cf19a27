import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderMessage as renderDiscord } from '../../../src/adapters/discord/render-message.js';
import { renderMessage as renderMatrix } from '../../../src/adapters/matrix/render-html.js';
import { commandRoots, prefixCommandRefs } from '../../../src/core/messages/command-ref.js';
import type { OutMessage } from '../../../src/core/messages/message.js';
import { plenaryCommandTable } from '../../../src/core/plenary.js';
import { federationScenario, ok } from '../../support/federation-scenario.js';

const root = join(import.meta.dirname, '../../../src/core');
const table = plenaryCommandTable();
const roots = commandRoots(table);
const paths = [...new Set(table.filter((c) => c.path.length > 1).map((c) => c.path.join(' ')))];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') && d.name !== 'command-ref.ts' ? [join(dir, d.name)] : []));
}

/**
 * Lines of core text that name a command outside a code span. A command path
 * (`motion propose`, `nomination accept`…) or a verb followed by a command
 * word ("run join", "type help") counts; a path written as a key ('proposal
 * respond': …), in a comment, a log line or an argument description does not.
 */
function unmarkedHints(file: string): string[] {
  return unmarkedIn(readFileSync(file, 'utf8'), relative(root, file));
}

/** Whether position `at` of a source line is inside a code span of the text a string literal holds. */
function inCodeSpan(line: string, at: number): boolean {
  type State = 'code' | "'" | '"' | 'tpl';
  const stack: { state: State; span: boolean; depth: number }[] = [];
  let state: State = 'code';
  let span = false;
  let depth = 0;
  for (let i = 0; i < at; i++) {
    const c = line[i];
    if (state === 'code') {
      if (c === "'" || c === '"') [state, span] = [c, false];
      else if (c === '`') [state, span] = ['tpl', false];
      else if (c === '{') depth++;
      else if (c === '}' && depth > 0) depth--;
      else if (c === '}' && stack.length > 0) ({ state, span, depth } = stack.pop()!);
    } else if (c === '\\') {
      if (state === 'tpl' && line[i + 1] === '`') span = !span;
      i++;
    } else if (state === 'tpl') {
      if (c === '`') state = 'code';
      else if (c === '$' && line[i + 1] === '{') {
        stack.push({ state, span, depth });
        [state, depth] = ['code', 0];
        i++;
      }
    } else if (c === state) state = 'code';
    else if (c === '`') span = !span;
  }
  return state !== 'code' && span;
}

function unmarkedIn(text: string, name: string): string[] {
  const words = [...roots].join('|');
  const named = new RegExp(`(?<![\\w'"\`-])(${paths.map((p) => p.replace(/ /g, ' ')).join('|')}|(?<=\\b(?:[Tt]ype|[Rr]un|[Uu]se|[Ss]ee|[Tt]ry|[Ss]end|with):? )(?:${words}))(?![\\w'"-])`, 'g');
  const found: string[] = [];
  text
    .split('\n')
    .forEach((line, i) => {
      const code = line.trim();
      if (code.startsWith('//') || code.startsWith('*') || code.startsWith('/*') || /\blog\.(debug|info|warn|error)\(/.test(line) || /description: '/.test(line) || /'help\.[\w.-]*arg\.[\w-]+': /.test(line)) return;
      for (const m of line.matchAll(named)) {
        if (inCodeSpan(line, m.index)) continue;
        found.push(`${name}:${String(i + 1)}: [${m[0]}] ${code.slice(0, 160)}`);
      }
    });
  return found;
}

describe('GIVEN the texts of the core, shared by every platform', () => {
  it('THEN every hint that names a command names it as a code span, so each platform can show it as typed there', () => {
    const allowed = [
      // Prose, not a hint: "this is not an audit export".
      /audit-file\.ts:.*not an audit export/,
      // A law referred to by its number ("conflicts with law 3"), not the `law` command.
      /: \[law\] .*with law \$\{/,
      /catalogue\.en\.motions\.ts:\d+: \[law\] 'motion\.annulledBy'/,
      /: \[law\] .*with law \{law/,
      /motion\.commands\.ts:\d+: \[law\] const fields = annulled/,
      // A checkpoint posted "only with results", not the `results` command.
      /: \[results\] .*only with results/,
    ];
    const found = sources(root)
      .flatMap(unmarkedHints)
      .filter((l) => !allowed.some((a) => a.test(l)));
    expect(found).toEqual([]);
  });

  it('THEN the scan itself finds hints written as prose, and passes the same hints as code spans', () => {
    const prose = ["    return ok(reply(personal('x', `carol must accept: nomination accept ${f}`)));", "    return err('bad-input', 'Type help for the list.');"].join('\n');
    expect(unmarkedIn(prose, 'probe')).toHaveLength(2);
    const marked = ["    return ok(reply(personal('x', `carol must accept: \\`nomination accept ${f}\\``)));", "    return err('bad-input', 'Type `help` for the list.');", "  'proposal respond': 'room',"].join('\n');
    expect(unmarkedIn(marked, 'probe')).toEqual([]);
  });
});

const matrixRender = (m: OutMessage): string => renderMatrix(m, { prefix: '!', commandRoots: roots }).body;
const discordRender = (m: OutMessage): string => {
  const e = renderDiscord(m).embeds[0]!;
  return [e.description ?? '', ...(e.fields ?? []).map((f) => f.value)].join('\n');
};

describe('GIVEN the hints members saw without their prefix on Matrix (issue 15)', () => {
  it('THEN on Matrix each names the command with `!`, on Discord with `/`, and the console shows it as typed there', async () => {
    const s = federationScenario();
    await ok(s.run('ana', '#north', 'assembly setup "North"'));
    for (const m of ['ben', 'carol']) await ok(s.run(m, '#north', 'join'));
    await ok(s.run('founder', '#valley', 'federation create "Valley Net" --purpose "Shared transport"'));
    await ok(s.run('founder', '#district', 'federation assembly "District One" --federation "Valley Net"'));
    const invitation = (await s.run('founder', '#district', 'federation invite')).first;
    const code = /Code: (\S+)/.exec(invitation.body ?? '')![1]!;
    await ok(s.run('ana', '#north', `federation join ${code}`));
    for (const m of ['ana', 'ben', 'carol']) await ok(s.run(m, '#north', 'vote 1 yes'));
    const nominated = (await s.run('ben', '#north', 'nominate "Valley Net" --person carol')).first;
    const open = s.chat.in('#north').find((m) => m.title.includes('Motion #1 is open'))!;
    const usage = (await s.run('ana', '#north', 'motion propose')).first;

    const hints: [OutMessage, string][] = [
      [invitation, `federation join ${code}`],
      [nominated, 'nomination accept "Valley Net"'],
      [open, 'vote 1 yes|no|abstain'],
      [usage, 'motion propose <title…>'],
    ];
    for (const [message, command] of hints) {
      expect(matrixRender(message)).toContain(`\`!${command}`);
      expect(discordRender(message)).toContain(`\`/${command}`);
      expect(message.body ?? '').toContain(`\`${command}`);
    }
    // The rewritten command still runs: what Matrix shows, minus its prefix, is what the grammar reads.
    expect((await s.run('carol', '#north', 'nomination accept "Valley Net"')).ok).toBe(true);
    expect(prefixCommandRefs('`vote 1 yes` and `not a command`', roots, '!')).toBe('`!vote 1 yes` and `not a command`');
  });
});
