import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inlineTexts, scanText } from '../../../scripts/lib/i18n-inline.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** What members see most, moved into the catalogue whole: it must not drift back into English-only text. */
const MOVED = ['src/core/messages/motion-messages.ts', 'src/core/services/reminder.service.ts', 'src/core/services/choice.ts', 'src/core/services/vote.service.ts', 'src/core/commands/personal.commands.ts', 'src/core/commands/dispatch.ts'];

describe('member-facing text left inline in src/core (npm run i18n:inline)', () => {
  it('GIVEN a reply, a refusal and a field written inline THEN the scanner finds each; catalogue calls and data it leaves alone', () => {
    const found = scanText(
      'x.ts',
      [
        "personal('Vote recorded', `Your ballot: ${c}`);",
        "err('closed', `Motion #${n} closed`);",
        "const f = { name: 'Turnout', value: `${a} of ${b}` };",
        "personal(t.t('vote.title', { state, number }));",
        "const choice = { kind: 'yes-no-abstain', value: 'yes' };",
        "const arg = { name: 'choice', description: 'your ballot', type: 'string' };",
      ].join('\n'),
    );
    expect(found.map((f) => [f.line, f.kind])).toEqual([
      [1, 'reply'],
      [1, 'reply'],
      [2, 'refusal'],
      [3, 'field'],
      [3, 'field'],
      [6, 'help'],
    ]);
  });

  it('GIVEN the files whose words moved into the catalogue THEN no reply, refusal or field text is inline there again', () => {
    const back = inlineTexts(root).filter((t) => MOVED.includes(t.file) && t.kind !== 'help');
    expect(back.map((t) => `${t.file}:${t.line} ${t.text}`)).toEqual([]);
  });
});
