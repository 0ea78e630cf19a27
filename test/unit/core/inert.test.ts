import { describe, expect, it } from 'vitest';
import { escapeHtml, inertMentions } from '../../../src/core/messages/inert.js';

describe('GIVEN user text with mention syntax', () => {
  it('THEN @everyone, @here and @room can no longer ping', () => {
    const out = inertMentions('Hey @everyone and @here, also @room');
    expect(out).not.toMatch(/@(everyone|here|room)\b/);
    expect(out.replace(/\u200b/g, '')).toBe('Hey @everyone and @here, also @room');
  });

  it('THEN Discord user, role and channel mentions are broken', () => {
    const out = inertMentions('<@123> <@!456> <@&789> <#42>');
    expect(out).not.toMatch(/<@!?&?\d+>|<#\d+>/);
  });

  it('THEN HTML is escaped so a title cannot inject markup or a pill', () => {
    expect(escapeHtml('<a href="https://matrix.to/#/@x:y">x</a>')).toBe('&lt;a href=&quot;https://matrix.to/#/@x:y&quot;&gt;x&lt;/a&gt;');
  });
});
