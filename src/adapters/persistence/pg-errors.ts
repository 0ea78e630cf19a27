import type pg from 'pg';
import type { Logger } from '../../core/ports/logger.port.js';

/**
 * A database error as one safe line. pg attaches the failed `Client` to the
 * errors a pool emits (`err.client`: its connection parameters, socket and
 * buffers, and where a password is set, near it), and a logger or Node's
 * crash printer would dump all of that: only the name, the SQLSTATE or
 * system code and the message (URLs with credentials masked) are kept.
 */
export function describeDbError(e: unknown): string {
  if (!(e instanceof Error)) return redactSecrets(typeof e === 'string' ? e : `non-error value (${typeof e})`);
  const code = (e as { code?: unknown }).code;
  const parts = [e.name === 'error' ? 'DatabaseError' : e.name, typeof code === 'string' || typeof code === 'number' ? `[${code}]` : '', redactSecrets(e.message)];
  return parts.filter((p) => p !== '').join(' ').replace(/\s+/g, ' ').slice(0, 500);
}

/** Masks database connection strings whole, credentials in any other URL, and `password=` pairs that a driver's message may quote. */
export function redactSecrets(text: string): string {
  return text
    .replace(/\b(postgres(?:ql)?|rediss?):\/\/[^\s"'`]*/gi, '$1://***')
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1***@')
    .replace(/(password\s*[=:]\s*)("[^"]*"|'[^']*'|\S+)/gi, '$1***');
}

/** SQLSTATE classes and socket codes of a connection that went away (restart, failover, admin kill): transient, never a reason to stop. */
export function isConnectionLoss(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (/^(08|57P0)/.test(code) || ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH'].includes(code))) return true;
  return /Connection terminated|connection error and is not queryable|Client was closed/i.test(e.message);
}

/**
 * Every connection of the pool gets an error listener for its whole life.
 * pg-pool listens only to idle connections; a connection that is checked
 * out (a transaction, a raw session between two statements) and loses its
 * server emits 'error' with nobody listening, and Node ends the process.
 * The pool's own event is still listened to (it is emitted for idle ones),
 * but logged once, by the connection's listener.
 */
export function watchPgPool(pool: pg.Pool, log: Logger, label = 'PostgreSQL'): void {
  pool.on('connect', (client) => {
    client.on('error', (err) => log.warn({ dbError: describeDbError(err) }, `${label} connection lost; the next query opens a new one`));
  });
  pool.on('error', () => undefined);
}

/**
 * PostgreSQL answers 3D000 when the database named in the URL does not exist:
 * Plenary creates tables, not databases, so say how to create it. Undefined for any other error.
 */
export function missingDatabaseHint(e: unknown, databaseUrl: string | undefined): string | undefined {
  if (!(e instanceof Error) || (e as { code?: unknown }).code !== '3D000' || !databaseUrl) return undefined;
  let name = 'plenary';
  let flags = '';
  try {
    const u = new URL(databaseUrl);
    name = decodeURIComponent(u.pathname.replace(/^\//, '')) || name;
    flags = [u.hostname ? `-h ${u.hostname}` : '', u.port ? `-p ${u.port}` : '', u.username ? `-U ${decodeURIComponent(u.username)}` : ''].filter((f) => f !== '').join(' ');
  } catch {
    // An unparsable URL still gets the general hint.
  }
  const quoted = /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
  const shellName = /^[\w.-]+$/.test(name) ? name : `'${name.replace(/'/g, `'\\''`)}'`;
  return `The database "${name}" does not exist on that server: create it once with  createdb ${flags ? `${flags} ` : ''}${shellName}  (or in psql: CREATE DATABASE ${quoted};), then run  npm run plenary -- migrate`;
}
