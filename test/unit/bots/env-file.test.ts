import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/bots/config.js';
import { describeEnvFile, loadEnvFile } from '../../../src/bots/env-file.js';

const file = (text: string) => (path: string): string => {
  expect(path).toBe('/home/me/plenary/.env');
  return text;
};
const enoent = (): string => {
  throw Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
};

describe('GIVEN a .env in the working directory', () => {
  it('THEN its variables reach the configuration, and doctor names the file and the variables (never their values)', () => {
    const env: NodeJS.ProcessEnv = {};
    const load = loadEnvFile(env, '/home/me/plenary', file('# comment\nREDIS_URL=redis://127.0.0.1:6380\nDISCORD_TOKEN="tok en-secret"\nexport LOG_LEVEL=debug\n'));
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6380');
    expect(env.DISCORD_TOKEN).toBe('tok en-secret');
    const c = loadConfig({ ...env, DISCORD_APPLICATION_ID: '123456789012345678' });
    expect(c.ok && c.config.REDIS_URL).toBe('redis://127.0.0.1:6380');
    const line = describeEnvFile(load);
    expect(line).toContain('read /home/me/plenary/.env');
    expect(line).toContain('REDIS_URL');
    expect(line).not.toContain('tok en-secret');
  });

  it('THEN a variable set in the real environment wins over the file, even when set empty, and doctor says so', () => {
    const env: NodeJS.ProcessEnv = { DATABASE_URL: '', LOG_LEVEL: 'warn' };
    const load = loadEnvFile(env, '/home/me/plenary', file('DATABASE_URL=postgresql://file@db/plenary\nLOG_LEVEL=trace\nPLENARY_DATA_DIR=/srv/data\n'));
    expect(env).toEqual({ DATABASE_URL: '', LOG_LEVEL: 'warn', PLENARY_DATA_DIR: '/srv/data' });
    expect(load).toMatchObject({ kind: 'read', applied: ['PLENARY_DATA_DIR'], overridden: ['DATABASE_URL', 'LOG_LEVEL'] });
    expect(describeEnvFile(load)).toContain('the environment wins for DATABASE_URL, LOG_LEVEL');
  });

  it('THEN no .env is normal: nothing changes and doctor says where it looked', () => {
    const env: NodeJS.ProcessEnv = { A: '1' };
    const load = loadEnvFile(env, '/home/me/plenary', enoent);
    expect(env).toEqual({ A: '1' });
    expect(describeEnvFile(load)).toContain('no /home/me/plenary/.env');
  });

  it('THEN an unreadable .env (a folder, no permission) is reported, not ignored', () => {
    const load = loadEnvFile({}, '/home/me/plenary', () => {
      throw Object.assign(new Error('EISDIR: illegal operation on a directory'), { code: 'EISDIR' });
    });
    expect(load.kind).toBe('error');
    expect(describeEnvFile(load)).toContain('cannot read /home/me/plenary/.env: EISDIR');
  });
});
