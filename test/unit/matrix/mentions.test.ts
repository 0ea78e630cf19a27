import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inertMatrixText } from '../../../src/adapters/matrix/mentions.js';
import { pollEndContent, pollStartContent } from '../../../src/adapters/matrix/poll-content.js';
import { renderMessage } from '../../../src/adapters/matrix/render-html.js';
import { publicMessage } from '../../../src/core/messages/message.js';

const ZWSP = /\u200b/g;
const localpart = fc.stringMatching(/^[a-z0-9._=-]{2,20}$/);
const server = fc.constantFrom('example.org', 'matrix.example.org:8448', 'localhost', '[::1]:8008');

describe('GIVEN text that names Matrix users, rooms and @room', () => {
  it('THEN no user id, alias or @room survives whole, the localpart is split as a word, and only zero-width spaces were added', () => {
    fc.assert(
      fc.property(localpart, server, fc.string({ maxLength: 20 }), fc.constantFrom('@', '#'), (local, host, around, sigil) => {
        const id = `${sigil}${local}:${host}`;
        const text = `${around} ${id}, @room ${around}`;
        const out = inertMatrixText(text);
        expect(out).not.toContain(id);
        expect(out).not.toMatch(/@room\b/);
        // Push rules match the localpart as a word: it must not appear whole between non-word characters.
        expect(out).not.toContain(`\u200b${local}:`);
        expect(out.replace(ZWSP, '')).toBe(text.replace(ZWSP, ''));
      }),
      { numRuns: 500 },
    );
  });

  it('THEN the bot’s own id may stay as it is, so people can copy it', () => {
    expect(inertMatrixText('DM me (@plenary:example.org), not @ana:example.org', new Set(['@plenary:example.org']))).toBe('DM me (@plenary:example.org), not @\u200ba\u200bna:example.org');
  });
});

describe('GIVEN everything the bot sends on Matrix', () => {
  const controls = { motionId: 'm1', motionNumber: 3, assemblyId: 'a1', method: 'approval' as const, options: ['@ana:example.org', 'Ben'], seats: 1, secret: false, closed: false };

  it('THEN polls, poll ends and notices name nobody in m.mentions, are notices, and hold no whole user id', () => {
    const start = pollStartContent(controls, 'Motion #3: thank @ana:example.org', [{ id: '1', text: '@ana:example.org' }]);
    const end = pollEndContent('$poll', 'Ended: @ana:example.org wins');
    for (const c of [start, end]) {
      expect(c['m.mentions']).toEqual({});
      expect(c.msgtype).toBe('m.notice');
      expect(JSON.stringify(c)).not.toContain('@ana:example.org');
    }
    const notice = renderMessage(publicMessage('Thanks @ana:example.org', 'and #general:example.org', { fields: [{ name: '@ana:example.org', value: '@ana:example.org' }] }), { prefix: '!', commandRoots: new Set() });
    expect(notice.body + notice.html).not.toContain('@ana:example.org');
    expect(notice.body + notice.html).not.toContain('#general:example.org');
  });
});
