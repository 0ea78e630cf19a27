import { hashEvent } from '../../core/events/hash-chain.js';
import type { AuditEvent } from '../../core/model/entities.js';
import type { NewEvent } from '../../core/ports/store.port.js';
import type { AssemblyId } from '../../core/shared/ids.js';
import { asStoredJson } from './prisma-store-mappers.js';
import type { SqlRunner } from './sql-runner.js';

export interface ChainEntry {
  readonly event: NewEvent;
  readonly at: Date;
}

export interface Head {
  readonly event_seq: number;
  readonly head_hash: string;
}

// Reserves N links: the UPDATE locks the assembly row until commit, so a
// concurrent writer waits here and then builds on our last hash (no fork).
// `head_hash` is returned unchanged, i.e. the hash our first event links to.
const ADVANCE = 'UPDATE assembly SET event_seq = event_seq + $2::int WHERE id = $1::uuid RETURNING event_seq, head_hash';

// All events of one append in one statement, with the new head in the same round trip.
const INSERT_EVENTS = `
  WITH inserted AS (
    INSERT INTO event (assembly_id, seq, type, actor_id, payload, at, prev_hash, hash)
    SELECT $1::uuid, e.seq, e.type, e.actor_id, e.payload::jsonb, e.at::timestamptz, e.prev_hash, e.hash
    FROM unnest($2::int[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[])
      AS e(seq, type, actor_id, payload, at, prev_hash, hash)
  )
  UPDATE assembly SET head_hash = $9 WHERE id = $1::uuid`;

const INSERT_EVENTS_AND_SEQ = INSERT_EVENTS.replace('SET head_hash = $9', 'SET head_hash = $9, event_seq = $10::int');

/**
 * Extends an assembly's hash chain by `entries`, in order, under one lock on
 * the chain head; two statements whatever the number of events. Runs inside
 * the caller's transaction.
 */
export async function appendEvents(sql: SqlRunner, assemblyId: AssemblyId, entries: readonly ChainEntry[]): Promise<AuditEvent[]> {
  if (entries.length === 0) return [];
  const [head] = await sql.query<Head>(ADVANCE, [assemblyId, entries.length]);
  if (!head) throw new Error(`no assembly ${assemblyId}`);
  return insertChained(sql, assemblyId, { event_seq: head.event_seq - entries.length, head_hash: head.head_hash }, entries);
}

/**
 * Writes `entries` after a chain head the caller has already locked (the
 * ballot batch reads it together with the motion lock), moving the head in
 * the same statement: one round trip instead of two.
 */
export async function appendEventsAfter(sql: SqlRunner, assemblyId: AssemblyId, head: Head, entries: readonly ChainEntry[]): Promise<AuditEvent[]> {
  if (entries.length === 0) return [];
  return insertChained(sql, assemblyId, head, entries, true);
}

/**
 * The next link of a chain: the event as jsonb will give it back (no
 * `undefined` members, Dates as strings), hashed over the previous hash.
 * Every writer of the chain (one assembly here, many in the relay's bulk
 * append) links events with this, so `audit verify` re-hashes them alike.
 */
export function linkEvent(assemblyId: AssemblyId, head: { readonly seq: number; readonly hash: string }, event: NewEvent, at: Date): AuditEvent {
  const base = { assemblyId, seq: head.seq + 1, type: event.type, actorId: event.actorId, payload: asStoredJson(event.payload), at: new Date(at.getTime()), prevHash: head.hash };
  return { ...base, hash: hashEvent(base) };
}

/** The event columns as arrays, in the order the `unnest` of both insert statements takes them. */
export function eventColumns(events: readonly AuditEvent[]): unknown[] {
  return [
    events.map((e) => e.seq),
    events.map((e) => e.type),
    events.map((e) => e.actorId),
    events.map((e) => JSON.stringify(e.payload)),
    events.map((e) => e.at.toISOString()),
    events.map((e) => e.prevHash),
    events.map((e) => e.hash),
  ];
}

async function insertChained(sql: SqlRunner, assemblyId: AssemblyId, head: Head, entries: readonly ChainEntry[], moveSeq = false): Promise<AuditEvent[]> {
  let last = { seq: head.event_seq, hash: head.head_hash };
  const events = entries.map(({ event, at }): AuditEvent => {
    const linked = linkEvent(assemblyId, last, event, at);
    last = { seq: linked.seq, hash: linked.hash };
    return linked;
  });

  await sql.query(moveSeq ? INSERT_EVENTS_AND_SEQ : INSERT_EVENTS, [assemblyId, ...eventColumns(events), last.hash, ...(moveSeq ? [last.seq] : [])]);
  return events;
}
