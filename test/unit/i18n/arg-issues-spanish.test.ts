import { describe, expect, it } from 'vitest';
import { commandTable } from '../../../src/core/commands/table.js';
import { issueWords } from '../../../src/core/commands/arg-issues.js';
import { federationModule } from '../../../src/core/federation/index.js';
import { lawModule } from '../../../src/core/laws/index.js';
import { relayModule } from '../../../src/core/relay/index.js';
import { speechFor } from '../../../src/core/i18n/index.js';
import { describeAssembly } from '../../../src/core/testing/scenario.js';

const f = federationModule();
const r = relayModule();
const l = lawModule();
const table = commandTable([...f.commands, ...r.commands, ...l.commands]);

/** Values that break one rule or another: a wrong type, empty, far too long, a list, a list too long, a word no choice has. */
const BAD: readonly unknown[] = [5, true, { a: 1 }, '', 'x'.repeat(20_000), 'zzz', ['x'.repeat(300)], Array.from({ length: 500 }, () => 'a'), -1];

// zod's English as it writes it: "Too big: expected string to have <=255 characters", "Invalid input: expected string, received number", "Invalid option: …".
const ZOD_ENGLISH = /\b(Too (big|small)|Invalid (input|option|string)|expected (string|number|boolean|array|one of)|received)\b/;

describe('GIVEN every argument of the command table fed values that break its rules', () => {
  it('THEN every issue zod reports reaches a Spanish reader in Spanish, whatever its code', () => {
    const es = speechFor('es');
    const codes = new Set<string>();
    for (const spec of table) {
      for (const arg of spec.args) {
        for (const value of BAD) {
          const parsed = spec.schema.safeParse({ [arg.name]: value });
          if (parsed.success) continue;
          for (const issue of parsed.error.issues) {
            codes.add(issue.code);
            const words = issueWords(es, issue);
            expect(words, `${spec.path.join(' ')} --${arg.name} ${JSON.stringify(value).slice(0, 40)}: ${issue.code}`).not.toMatch(ZOD_ENGLISH);
            expect(words).not.toBe(issue.message);
          }
        }
      }
    }
    // The codes the command table gives rise to: each was just rendered in Spanish.
    for (const code of ['invalid_type', 'too_big', 'too_small', 'invalid_value', 'custom']) expect(codes).toContain(code);
  });

  it('THEN English readers read the same facts in English, with plurals', () => {
    const en = speechFor('en');
    const spec = table.find((s) => s.path.join(' ') === 'link redeem')!;
    const short = spec.schema.safeParse({ code: 'ab' });
    expect(short.success).toBe(false);
    if (!short.success) expect(issueWords(en, short.error.issues[0]!)).toBe('at least 4 characters');
    const list = spec.schema.safeParse({ code: 7 });
    if (!list.success) expect(issueWords(en, list.error.issues[0]!)).toBe('expected text');
  });
});

describe('GIVEN a member whose platform speaks Spanish', () => {
  it('THEN a wrong choice and a too-short code are refused in Spanish', async () => {
    const { s, room } = await describeAssembly({ name: 'Norte', members: ['ana', 'ben'] });
    s.platformLocales.set('ana', 'es-ES');
    const role = await s.run('ana', room, 'member role ben jefa');
    expect(role.first.body).toContain('role (');
    expect(role.first.body).toContain('se esperaba uno de: facilitator, member');
    expect(role.first.body).not.toMatch(ZOD_ENGLISH);
    const code = await s.run('ana', room, 'link redeem ab');
    expect(code.first.body).toContain('como mínimo 4 caracteres');
    expect(code.first.body).not.toMatch(ZOD_ENGLISH);
  });
});
