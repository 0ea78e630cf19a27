import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { describeDbError, isConnectionLoss, redactSecrets } from '../../../src/adapters/persistence/pg-errors.js';
import { createLogger } from '../../../src/bots/logger.js';

const SECRET = 's3cr3t-Pa55';

/** An error as pg-pool emits it: the failed Client hangs on it, connection settings and all. */
function pgPoolError(): Error {
  const client = { connectionParameters: { user: 'plenary', password: SECRET, host: 'db', database: 'plenary' }, connectionString: `postgresql://plenary:${SECRET}@db:5432/plenary`, _queryable: false };
  return Object.assign(new Error('terminating connection due to administrator command'), { name: 'error', code: '57P01', severity: 'FATAL', client });
}

describe('GIVEN a database error carrying its client and credentials', () => {
  it('WHEN logged with { err } THEN the line has the code and message but no client, password or connection string', () => {
    let out = '';
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => ((out += chunk.toString()), done()) });
    const log = createLogger({ LOG_LEVEL: 'info', LOG_FORMAT: 'json' }, sink);
    log.warn({ err: pgPoolError() }, 'lost');
    log.warn({ err: new Error(`cannot connect to postgres://plenary:${SECRET}@db/plenary`) }, 'failed');
    expect(out).toContain('57P01');
    expect(out).toContain('terminating connection');
    expect(out).not.toContain(SECRET);
    expect(out).not.toMatch(/connectionParameters|_queryable|"client"/);
    // The URL's password is masked (the shared redactor, src/core/shared/redact.ts), whatever else of it is shown.
    expect(out).not.toMatch(/postgres(ql)?:\/\/[^/@\s]*:(?!\[redacted\]@)[^/@\s]+@/);
    expect(out).toContain('[redacted]');
    expect(out.trim().split('\n')).toHaveLength(2);
  });

  it('THEN describeDbError gives one line with name, code and a redacted message', () => {
    expect(describeDbError(pgPoolError())).toBe('DatabaseError [57P01] terminating connection due to administrator command');
    expect(describeDbError(new Error(`bad\nurl redis://:${SECRET}@cache:6379 password=${SECRET}`))).toBe('Error bad url redis://*** password=***');
    expect(describeDbError({ client: { password: SECRET } })).toBe('non-error value (object)');
    expect(redactSecrets(`https://user:${SECRET}@example.test/x`)).toBe('https://***@example.test/x');
  });

  it('THEN lost connections are told from other errors', () => {
    expect(isConnectionLoss(pgPoolError())).toBe(true);
    expect(isConnectionLoss(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionLoss(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isConnectionLoss(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isConnectionLoss(new TypeError('x is undefined'))).toBe(false);
  });
});
