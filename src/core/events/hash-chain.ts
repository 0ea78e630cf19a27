import { createHash } from 'node:crypto';
import type { AuditEvent } from '../model/entities.js';

/** The hash before an assembly's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with sorted keys: PostgreSQL's jsonb reorders object keys, so the hash
 * must not depend on key order. Dates become ISO strings.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export type HashInput = Omit<AuditEvent, 'hash'>;

/** sha256 over the previous hash and the canonical event: change any field and every later hash breaks. */
export function hashEvent(e: HashInput): string {
  const body = canonicalJson({
    assemblyId: e.assemblyId,
    seq: e.seq,
    type: e.type,
    actorId: e.actorId,
    payload: e.payload,
    at: e.at.toISOString(),
    prevHash: e.prevHash,
  });
  return createHash('sha256').update(body).digest('hex');
}

export interface ChainProblem {
  readonly seq: number;
  readonly problem: string;
}

/** Re-checks a chain in order; returns every break found (empty = intact). */
export function verifyChain(events: readonly AuditEvent[], startPrev: string = GENESIS_HASH, startSeq = 1): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let prev = startPrev;
  let expectedSeq = startSeq;
  for (const e of events) {
    if (e.seq !== expectedSeq) problems.push({ seq: e.seq, problem: `expected event #${expectedSeq}, found #${e.seq} (missing or reordered events)` });
    if (e.prevHash !== prev) problems.push({ seq: e.seq, problem: 'previous-hash link does not match the event before it' });
    if (hashEvent(e) !== e.hash) problems.push({ seq: e.seq, problem: 'content does not match its hash (the event was altered)' });
    prev = e.hash;
    expectedSeq = e.seq + 1;
  }
  return problems;
}
