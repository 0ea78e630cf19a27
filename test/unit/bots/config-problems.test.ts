import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/bots/config.js';

const problemsOf = (env: Record<string, string>): string[] => {
  const c = loadConfig(env);
  return c.ok ? [] : c.problems;
};

describe('GIVEN a configuration with problems of both kinds', () => {
  it('THEN one run lists the bad variables AND the missing partners (a token without its application id, a Matrix URL without a token)', () => {
    const problems = problemsOf({ LOG_LEVEL: 'loud', REDIS_URL: 'localhost:6379', DISCORD_TOKEN: 'abc', MATRIX_HOMESERVER_URL: 'https://matrix.example.org' });
    expect(problems).toHaveLength(4);
    expect(problems.some((p) => p.startsWith('LOG_LEVEL:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('REDIS_URL:'))).toBe(true);
    expect(problems).toContain('DISCORD_APPLICATION_ID: required when DISCORD_TOKEN is set');
    expect(problems).toContain('MATRIX_ACCESS_TOKEN: required when MATRIX_HOMESERVER_URL is set (or MATRIX_USER_ID + MATRIX_PASSWORD, or MATRIX_APPSERVICE_REGISTRATION)');
  });

  it('THEN a partner that is present but malformed is reported once, as malformed, not also as missing', () => {
    expect(problemsOf({ DISCORD_TOKEN: 'abc', DISCORD_APPLICATION_ID: 'my-app' })).toEqual(['DISCORD_APPLICATION_ID: expected the numeric application id']);
    expect(problemsOf({ MATRIX_HOMESERVER_URL: 'matrix.example.org', MATRIX_ACCESS_TOKEN: 'syt_x' })).toEqual(['MATRIX_HOMESERVER_URL: expected a URL like https://matrix.example.org']);
  });

  it('THEN blank values count as unset for the cross-variable rules, as they do for the variables', () => {
    expect(problemsOf({ DISCORD_TOKEN: '  ', MATRIX_HOMESERVER_URL: '' })).toEqual([]);
    expect(problemsOf({ DISCORD_TOKEN: 'abc', DISCORD_APPLICATION_ID: '   ' })).toEqual(['DISCORD_APPLICATION_ID: required when DISCORD_TOKEN is set']);
    expect(problemsOf({ MATRIX_HOMESERVER_URL: 'https://m.org', MATRIX_USER_ID: '@bot:m.org', MATRIX_PASSWORD: 'pw' })).toEqual([]);
  });

  it('THEN (property) the problems of a mix are exactly the problems of each variable alone plus each rule alone', () => {
    const bad = { LOG_LEVEL: 'loud', PLENARY_SWEEP_SECONDS: '0', DATABASE_URL: 'mysql://x', MATRIX_USER_ID: 'bot' };
    const rules = { DISCORD_TOKEN: 'abc', MATRIX_HOMESERVER_URL: 'https://m.org' };
    const all = { ...bad, ...rules };
    fc.assert(
      fc.property(fc.subarray(Object.keys(all), { minLength: 1 }), (keys) => {
        const env = Object.fromEntries(keys.map((k) => [k, all[k as keyof typeof all]]));
        const alone = keys.flatMap((k) => problemsOf({ [k]: all[k as keyof typeof all] }));
        expect(new Set(problemsOf(env))).toEqual(new Set(alone));
      }),
    );
  });
});

describe('GIVEN MATRIX_E2EE', () => {
  it('THEN it is on unless set to "off", and anything else is refused by name', () => {
    const e2ee = (v?: string): boolean | string => {
      const c = loadConfig(v === undefined ? {} : { MATRIX_E2EE: v });
      return c.ok ? c.config.MATRIX_E2EE : c.problems.join('; ');
    };
    expect(e2ee()).toBe(true);
    expect(e2ee('on')).toBe(true);
    expect(e2ee('off')).toBe(false);
    expect(e2ee('no')).toBe('MATRIX_E2EE: expected "on" or "off"');
  });
});
