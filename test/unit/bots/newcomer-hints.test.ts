import { describe, expect, it } from 'vitest';
import { missingDatabaseHint } from '../../../src/adapters/persistence/pg-errors.js';
import { numberedName, safeFileName } from '../../../src/adapters/console/attachment-files.js';

const pgError = (code: string, message: string): Error => Object.assign(new Error(message), { code });

describe('GIVEN PostgreSQL says the database does not exist (3D000)', () => {
  it('THEN the hint names the database and the createdb command for that server, then migrate', () => {
    const hint = missingDatabaseHint(pgError('3D000', 'database "plenary" does not exist'), 'postgresql://postgres@db.example:5433/plenary');
    expect(hint).toContain('createdb -h db.example -p 5433 -U postgres plenary');
    expect(hint).toContain('CREATE DATABASE plenary;');
    expect(hint).toContain('npm run plenary -- migrate');
  });

  it('THEN a name that needs quoting is quoted for the shell and for SQL, and a password never appears', () => {
    const hint = missingDatabaseHint(pgError('3D000', 'x'), "postgresql://me:s3cret@127.0.0.1/it's%20mine");
    expect(hint).toContain(`createdb -h 127.0.0.1 -U me 'it'\\''s mine'`);
    expect(hint).toContain(`CREATE DATABASE "it's mine";`);
    expect(hint).not.toContain('s3cret');
  });

  it('THEN other errors, or no DATABASE_URL, get no hint', () => {
    expect(missingDatabaseHint(pgError('28P01', 'password authentication failed'), 'postgresql://x@h/db')).toBeUndefined();
    expect(missingDatabaseHint(pgError('3D000', 'x'), undefined)).toBeUndefined();
    expect(missingDatabaseHint('3D000', 'postgresql://x@h/db')).toBeUndefined();
  });
});

describe('GIVEN a file name the console saves an attachment under', () => {
  it('THEN a name built from member text cannot leave the folder or hide', () => {
    expect(safeFileName('../../etc/passwd')).toBe('etc-passwd');
    expect(safeFileName('.bashrc')).toBe('bashrc');
    expect(safeFileName('Rivеrside Tenants/record.jsonl')).toBe('Riv-rside-Tenants-record.jsonl');
    expect(safeFileName('...')).toBe('attachment');
    expect(safeFileName('x'.repeat(500) + '.csv').length).toBe(120);
  });

  it('THEN the n-th try is numbered before the extension', () => {
    expect(numberedName('motion-1.blt', 0)).toBe('motion-1.blt');
    expect(numberedName('motion-1.blt', 12)).toBe('motion-1-12.blt');
    expect(numberedName('README', 2)).toBe('README-2');
  });
});
