import { describe, expect, it } from 'vitest';
import { webLinks } from '../../../src/adapters/web/links.js';
import { verifyToken } from '../../../src/adapters/web/token.js';
import { publicMessage } from '../../../src/core/messages/message.js';
import { withWebLink, WEB_FIELD } from '../../../src/core/ports/web-links.port.js';
import { asAssemblyId, asPersonId } from '../../../src/core/shared/ids.js';

describe('links from chat to the web view', () => {
  const secret = Buffer.from('s'.repeat(32));
  const now = new Date('2026-03-01T10:00:00Z');
  const links = webLinks({ baseUrl: 'https://plenary.example.org//', secret, now: () => now });

  it('GIVEN announcements of motions, results and proposals THEN each gets its page; other messages none', () => {
    expect(links.pageOf(publicMessage('x', 'y', { ref: 'motion:0199-ab' }))).toBe('https://plenary.example.org/m/0199-ab');
    expect(links.pageOf(publicMessage('x', 'y', { ref: 'proposal:p-id:2:adopted' }))).toBe('https://plenary.example.org/p/p-id');
    expect(links.pageOf(publicMessage('x', 'y', { controls: { motionId: 'm1', motionNumber: 1, assemblyId: 'a', method: 'yes-no-abstain', options: [], seats: 1, secret: false, closed: false } }))).toBe('https://plenary.example.org/m/m1');
    expect(links.pageOf(publicMessage('Welcome'))).toBeNull();
    expect(links.pageOf(publicMessage('x', 'y', { ref: 'motion:../../etc' }))).toBeNull();
  });

  it('GIVEN a message linked twice (a queued send of an announced message) THEN one link', () => {
    const once = withWebLink(links, publicMessage('x', 'y', { ref: 'motion:m9' }));
    const twice = withWebLink(links, once);
    expect(twice.fields?.filter((f) => f.name === WEB_FIELD)).toEqual([{ name: WEB_FIELD, value: 'https://plenary.example.org/m/m9' }]);
    expect(withWebLink(undefined, publicMessage('x'))).toEqual(publicMessage('x'));
  });

  it('GIVEN a personal link THEN its token names the person and expires in 12 hours', () => {
    const l = links.personalLink(asPersonId('p7'), asAssemblyId('a3'));
    expect(l.url.startsWith('https://plenary.example.org/auth?t=')).toBe(true);
    expect(l.url).toContain('&next=%2Fa%2Fa3');
    const token = decodeURIComponent(/t=([^&]+)/.exec(l.url)?.[1] ?? '');
    expect(verifyToken(secret, token, now)).toMatchObject({ ok: true, token: { personId: 'p7', expiresAt: new Date('2026-03-01T22:00:00Z') } });
    expect(verifyToken(secret, token, new Date('2026-03-01T22:00:01Z')).ok).toBe(false);
  });
});
