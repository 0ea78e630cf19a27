import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inlineTexts } from '../../../scripts/lib/i18n-inline.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('federation and relay words in the catalogue (npm run i18n:inline)', () => {
  it('GIVEN src/core/federation and src/core/relay THEN no reply, refusal or field text is written inline there again', () => {
    const back = inlineTexts(root).filter((t) => /^src[/\\]core[/\\](federation|relay)[/\\]/.test(t.file) && t.kind !== 'help');
    expect(back.map((t) => `${t.file}:${t.line} ${t.text}`)).toEqual([]);
  });
});
