import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { adapterInlineTexts, inlineTexts, scanText } from '../../../scripts/lib/i18n-inline.js';

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

  it('GIVEN texts stored to be shown later (an access reason, a law-book note) written inline THEN the scanner finds each; a message kept beside them it leaves alone', () => {
    const found = scanText(
      'x.ts',
      [
        "await tx.enqueue('access.grant', key, { action: 'grant', personId, reason: `Seated on ${name}` });",
        "await requestAccess(tx, 'grant', seat, `Elected by ${a}`);",
        "await tx.laws.addNote({ lawId, kind: 'report', text: `${c} annulled`, payload });",
        "await unseat(tx, c, p, at, `recalled by ${a}`);",
        "await unseat(tx, c, p, at, `recalled by ${a}`, node('committee.access.recalled', { assembly: a, number: n }));",
        "await tx.enqueue('access.grant', key, { action: 'grant', personId, ...accessReason(node('committee.access.seated', { committee: name })) });",
      ].join('\n'),
    );
    expect(found.map((f) => [f.line, f.kind])).toEqual([
      [1, 'stored'],
      [2, 'stored'],
      [3, 'stored'],
      [4, 'stored'],
    ]);
    expect(inlineTexts(root).filter((t) => t.kind === 'stored').map((t) => `${t.file}:${t.line} ${t.text}`)).toEqual([]);
  });

  it('GIVEN the files whose words moved into the catalogue THEN no reply, refusal or field text is inline there again', () => {
    const back = inlineTexts(root).filter((t) => MOVED.includes(t.file) && t.kind !== 'help');
    expect(back.map((t) => `${t.file}:${t.line} ${t.text}`)).toEqual([]);
  });

  it('GIVEN a control (a button label, a select placeholder) or a footer written inline THEN the scanner finds each; a catalogue call it leaves alone', () => {
    const found = scanText(
      'x.ts',
      [
        "const b = { type: 2, label: 'Edit and resubmit', custom_id: id };",
        "const s = { placeholder: `Your ${n} choice…`, options };",
        "const e = { ...embed, footer: { text: 'Voting has closed.' } };",
        "const c = { label: t.t('adapter.discord.editResubmit'), placeholder: '…', footer: { text: head } };",
      ].join('\n'),
    );
    expect(found.map((f) => [f.line, f.kind])).toEqual([
      [1, 'control'],
      [2, 'control'],
      [3, 'control'],
    ]);
  });

  it('GIVEN the Discord and Matrix adapters THEN no reply, field, control or footer a member reads is written inline there (operator refusals of configuration are not member-facing)', () => {
    const inline = adapterInlineTexts(root).filter((t) => t.kind !== 'refusal' || !t.text.includes('MATRIX_AUTOJOIN'));
    expect(inline.map((t) => `${t.file}:${t.line} ${t.kind} ${t.text}`)).toEqual([]);
  });
});
