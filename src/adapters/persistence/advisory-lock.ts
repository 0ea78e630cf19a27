/**
 * A transaction-scoped advisory lock on one key of a namespace, as a statement
 * taking the key as `$1`. Held to commit; the shared form admits other shared
 * holders, and PostgreSQL's lock manager queues a waiting exclusive request
 * ahead of shared requests that come after it.
 */
export function xactLockSql(namespace: string, mode: 'shared' | 'exclusive' = 'exclusive'): string {
  const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  return `SELECT 1 AS locked FROM ${fn}(hashtext('${namespace}'), hashtext($1::text))`;
}
