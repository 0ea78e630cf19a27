import { Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLogger, type LoggerConfig } from '../../../src/bots/logger.js';
import { redactText, secretsOf } from '../../../src/core/shared/redact.js';

/** A log destination that keeps every line, as a log shipper would receive them. */
function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return Object.assign(w, { text: () => chunks.join('') });
}

const DISCORD_TOKEN = 'MTE5OTk5OTk5OTk5OTk5OTk5OQ.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB';
const MATRIX_ACCESS_TOKEN = 'syt_cGxlbmFyeQ_RkLmNoPqRsTuVwXyZ_0a1b2c';
const config: LoggerConfig = {
  LOG_LEVEL: 'debug',
  LOG_FORMAT: 'json',
  DISCORD_TOKEN,
  MATRIX_ACCESS_TOKEN,
  MATRIX_PASSWORD: 'correct horse battery',
  DATABASE_URL: 'postgresql://plenary:pg%2Fs3cret-pw@db.internal:5432/plenary',
  REDIS_URL: 'redis://:r3dis-pw-9f8e@cache.internal:6379/0',
};
const SECRETS = [DISCORD_TOKEN, MATRIX_ACCESS_TOKEN, 'correct horse battery', 'pg/s3cret-pw', 'pg%2Fs3cret-pw', 'r3dis-pw-9f8e'];

describe('GIVEN a logger configured with the bot’s secrets', () => {
  it('WHEN objects, messages, errors and their causes carry them THEN no line contains one, and the rest stays readable', () => {
    const out = sink();
    const log = createLogger(config, out);
    log.info({ token: DISCORD_TOKEN, headers: { authorization: `Bot ${DISCORD_TOKEN}` } }, 'discord login');
    log.info({ request: { url: `https://hs.example/_matrix/client/v3/sync?access_token=${MATRIX_ACCESS_TOKEN}` } }, 'sync');
    log.warn({}, `whoami refused ${MATRIX_ACCESS_TOKEN}`);
    log.error({ err: new Error(`connect ECONNREFUSED ${config.DATABASE_URL ?? ''}`, { cause: new Error(`redis ${config.REDIS_URL ?? ''} down`) }) }, 'database unreachable');
    log.child({ config }).info({ nested: { deeper: { password: 'correct horse battery' } } }, 'started');
    // A token from a password login is in no configuration; its shape gives it away.
    log.info({ detail: 'logged in: syt_bG9naW4_ZzZzZzZzZzZzZzZz_1a2b3c' }, 'matrix login');
    const text = out.text();
    for (const s of [...SECRETS, 'syt_bG9naW4_ZzZzZzZzZzZzZzZz_1a2b3c']) expect(text).not.toContain(s);
    expect(text).toContain('db.internal:5432');
    expect(text).toContain('postgresql://plenary:[redacted]@db.internal');
    expect(text).toContain('redis://:[redacted]@cache.internal');
    expect(text).toContain('connect ECONNREFUSED');
    expect(text.split('\n').filter((l) => l !== '')).toHaveLength(6);
  });

  it('WHEN any secret value appears anywhere in a logged object THEN it is never printed', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/), fc.constantFrom('message', 'field', 'nested', 'array', 'error'), (secret, where) => {
        const out = sink();
        const log = createLogger({ LOG_LEVEL: 'info', LOG_FORMAT: 'json', DISCORD_TOKEN: secret }, out);
        const text = `before ${secret} after`;
        if (where === 'message') log.info({}, text);
        if (where === 'field') log.info({ detail: text }, 'x');
        if (where === 'nested') log.info({ a: { b: { c: text } } }, 'x');
        if (where === 'array') log.info({ list: ['x', text] }, 'x');
        if (where === 'error') log.error({ err: new Error(text) }, 'x');
        expect(out.text()).not.toContain(secret);
      }),
      { numRuns: 300 },
    );
  });
});

describe('GIVEN the shared redactor', () => {
  it('THEN URL passwords, query tokens and authorization headers go, user names and hosts stay', () => {
    expect(redactText('postgres://u:p%40ss@h:1/db and rediss://:pw@r:6380')).toBe('postgres://u:[redacted]@h:1/db and rediss://:[redacted]@r:6380');
    expect(redactText('GET /x?access_token=abc123&x=1 Authorization: Bearer abcdefgh.ijk')).toBe('GET /x?access_token=[redacted]&x=1 Authorization: Bearer [redacted]');
    expect(secretsOf(config)).toEqual(expect.arrayContaining(SECRETS));
  });
});
