import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INVITE_PERMISSIONS, NEEDED_PERMISSIONS } from '../../../src/adapters/discord/permissions.js';

describe('GIVEN the README\'s invite link', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

  it('THEN it asks for exactly the permissions the setup check needs, and the table names each of them', () => {
    const asked = /oauth2\/authorize\?[^`\s]*permissions=(\d+)/.exec(readme)?.[1];
    expect(asked).toBeDefined();
    expect(BigInt(asked ?? '0')).toBe(INVITE_PERMISSIONS);
    for (const p of NEEDED_PERMISSIONS) expect(readme).toContain(p.name);
  });
});
