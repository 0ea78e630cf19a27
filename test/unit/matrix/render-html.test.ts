import { describe, expect, it } from 'vitest';
import { noticeContent, renderMessage, withPrefix } from '../../../src/adapters/matrix/render-html.js';
import { personal, publicMessage } from '../../../src/core/messages/message.js';

const o = { prefix: '!', commandRoots: new Set(['help', 'join', 'vote', 'motion', 'link']) };

describe('GIVEN a core message', () => {
  it('THEN user text is escaped and cannot ping the room', () => {
    const r = renderMessage(publicMessage('<b>Hi</b> @room', 'a <script>x</script> & @everyone'), o);
    expect(r.html).toContain('&lt;b&gt;Hi&lt;/b&gt; @\u200broom');
    expect(r.html).not.toContain('<script>');
    expect(r.html).toContain('&amp;');
    expect(r.body).toContain('@\u200beveryone');
    expect(r.body).not.toMatch(/@room|@everyone/);
  });

  it('THEN fields become a list and multi-line values keep their lines', () => {
    const r = renderMessage(personal('Motion', undefined, { tone: 'success', fields: [{ name: 'Options', value: '1. A\n2. B' }, { name: 'Kind', value: 'resolution' }] }), o);
    expect(r.html).toBe('<p><strong>✔ Motion</strong></p><ul><li><strong>Options</strong>: <br>1. A<br>2. B</li><li><strong>Kind</strong>: resolution</li></ul>');
    expect(r.body).toBe('✔ Motion\n\nOptions: \n  1. A\n  2. B\nKind: resolution');
  });

  it('THEN bare commands in the text get the prefix, user prose does not', () => {
    expect(withPrefix('Run `join` first. Type `help` for the list.', o)).toBe('Run `!join` first. Type `!help` for the list.');
    expect(withPrefix('Usage: `motion propose <title>`', o)).toBe('Usage: `!motion propose <title>`');
    // A command is named as a code span; prose that happens to start with a command word is prose.
    expect(withPrefix('Type help for the list. Vote for the motion.', o)).toBe('Type help for the list. Vote for the motion.');
    expect(withPrefix('motion propose — Move a motion', o)).toBe('motion propose — Move a motion');
    expect(withPrefix('motion propose — Move a motion\nExamples:\nvote 12 yes', { ...o, helpListing: true })).toBe('!motion propose — Move a motion\nExamples:\n!vote 12 yes');
    expect(withPrefix('`unknown thing` stays', o)).toBe('`unknown thing` stays');
  });

  it('THEN code spans render as code and the notice pings nobody unless asked', () => {
    const r = renderMessage(personal('T', 'type `vote 1 yes`'), o);
    expect(r.html).toContain('<code>!vote 1 yes</code>');
    expect(noticeContent(r)).toMatchObject({ msgtype: 'm.notice', format: 'org.matrix.custom.html', 'm.mentions': {} });
    expect(noticeContent(r, ['@ana:x'])['m.mentions']).toEqual({ user_ids: ['@ana:x'] });
  });
});
