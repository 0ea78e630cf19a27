import { describe, expect, it } from 'vitest';
import { commandLine, formattedToText } from '../../../src/adapters/matrix/command-text.js';

const text = (body: string, extra: Record<string, unknown> = {}) => ({ msgtype: 'm.text', body, ...extra });

describe('GIVEN a Matrix message', () => {
  it('THEN only prefixed plain-text messages are commands, without the prefix', () => {
    expect(commandLine(text('!motion list'), '!')).toBe('motion list');
    expect(commandLine(text('  !help  '), '!')).toBe('help');
    expect(commandLine(text('hello !help'), '!')).toBeNull();
    expect(commandLine(text('! help'), '!')).toBeNull();
    expect(commandLine(text('!'), '!')).toBeNull();
    expect(commandLine(text('.vote 1 yes'), '.')).toBe('vote 1 yes');
  });

  it('THEN notices (what bots send) and edits never run a command', () => {
    expect(commandLine({ msgtype: 'm.notice', body: '!help' }, '!')).toBeNull();
    expect(commandLine(text('* !vote 1 no', { 'm.new_content': text('!vote 1 no'), 'm.relates_to': { rel_type: 'm.replace', event_id: '$x' } }), '!')).toBeNull();
  });

  it('THEN the quoted fallback of a reply is dropped', () => {
    const reply = text('> <@ana:example.org> Motion #1 is open\n> more\n\n!vote 1 yes', { 'm.relates_to': { 'm.in_reply_to': { event_id: '$a' } } });
    expect(commandLine(reply, '!')).toBe('vote 1 yes');
  });

  it('THEN a user pill in the formatted body becomes the user id', () => {
    const pill = text('!member approve Ana', { format: 'org.matrix.custom.html', formatted_body: '!member approve <a href="https://matrix.to/#/%40ana%3Aexample.org">Ana</a>' });
    expect(commandLine(pill, '!')).toBe('member approve @ana:example.org');
  });

  it('THEN HTML is reduced to text with entities decoded and reply quotes removed', () => {
    expect(formattedToText('<mx-reply><blockquote>old</blockquote></mx-reply>!motion propose &quot;Fix &amp; paint&quot;<br>next')).toBe('!motion propose "Fix & paint"\nnext');
    expect(formattedToText('<a href="https://example.org">link</a> &#64;x &#x41;')).toBe('link @x A');
  });
});
