import type { Federation, FederationEdge, Invitation, Mandate, Nomination, OutboxItem, Seat } from '../../core/model/federation.js';
import { asAssemblyId, asFederationId, asMotionId, asPersonId, type MotionId } from '../../core/shared/ids.js';
import type * as Db from '../../generated/prisma/client.js';
import { parseChoice, parsePayload } from './prisma-store-mappers.js';

/* Federation rows in, domain values out (see prisma-store-mappers.ts for the rest). */

const motionOrNull = (id: string | null): MotionId | null => (id === null ? null : asMotionId(id));

export function toFederation(row: Db.Federation): Federation {
  return {
    id: asFederationId(row.id),
    name: row.name,
    purpose: row.purpose,
    rootAssemblyId: asAssemblyId(row.rootAssemblyId),
    foundedById: asPersonId(row.foundedById),
    createdAt: row.createdAt,
  };
}

export function toEdge(row: Db.FederationEdge): FederationEdge {
  return {
    id: row.id,
    federationId: asFederationId(row.federationId),
    childAssemblyId: asAssemblyId(row.childAssemblyId),
    parentAssemblyId: asAssemblyId(row.parentAssemblyId),
    status: row.status,
    seats: row.seats,
    joinedAt: row.joinedAt,
    leftAt: row.leftAt,
  };
}

export function toInvitation(row: Db.Invitation): Invitation {
  return {
    code: row.code,
    federationId: asFederationId(row.federationId),
    parentAssemblyId: asAssemblyId(row.parentAssemblyId),
    issuedById: asPersonId(row.issuedById),
    seats: row.seats,
    expiresAt: row.expiresAt,
    usedByAssemblyId: row.usedByAssemblyId === null ? null : asAssemblyId(row.usedByAssemblyId),
    usedAt: row.usedAt,
  };
}

export function toSeat(row: Db.Seat): Seat {
  return {
    id: row.id,
    edgeId: row.edgeId,
    homeAssemblyId: asAssemblyId(row.homeAssemblyId),
    parentAssemblyId: asAssemblyId(row.parentAssemblyId),
    personId: asPersonId(row.personId),
    status: row.status,
    electedByMotionId: motionOrNull(row.electedByMotionId),
    startedAt: row.startedAt,
    termEndsAt: row.termEndsAt,
    endedAt: row.endedAt,
  };
}

export function toNomination(row: Db.Nomination): Nomination {
  return {
    id: row.id,
    homeAssemblyId: asAssemblyId(row.homeAssemblyId),
    edgeId: row.edgeId,
    committeeId: row.committeeId === null ? null : asAssemblyId(row.committeeId),
    personId: asPersonId(row.personId),
    nominatedById: asPersonId(row.nominatedById),
    acceptedAt: row.acceptedAt,
    electionMotionId: motionOrNull(row.electionMotionId),
  };
}

export function toMandate(row: Db.Mandate): Mandate {
  return {
    homeAssemblyId: asAssemblyId(row.homeAssemblyId),
    upstairsMotionId: asMotionId(row.upstairsMotionId),
    instruction: parseChoice(row.instruction),
    motionId: asMotionId(row.motionId),
  };
}

/** An outbox row as the hand-written SQL returns it (bigint id as text). */
export interface OutboxRow {
  readonly id: string;
  readonly kind: string;
  readonly dedupe_key: string;
  readonly payload: unknown;
  readonly status: string;
  readonly attempts: number;
  readonly available_at: Date | string;
  readonly last_error: string | null;
}

/** The columns `OutboxRow` expects, for RETURNING/SELECT lists (`o` = outbox_item). */
export const OUTBOX_COLUMNS = 'o.id::text AS id, o.kind, o.dedupe_key, o.payload, o.status::text AS status, o.attempts, o.available_at, o.last_error';

const OUTBOX_STATUSES = ['pending', 'dispatched', 'done', 'failed'] as const;

function outboxStatus(s: string): OutboxItem['status'] {
  const found = OUTBOX_STATUSES.find((x) => x === s);
  if (found === undefined) throw new Error(`unknown outbox status in the database: ${s}`);
  return found;
}

export function toOutboxItem(row: OutboxRow): OutboxItem {
  return {
    id: row.id,
    kind: row.kind,
    dedupeKey: row.dedupe_key,
    payload: parsePayload(row.payload),
    status: outboxStatus(row.status),
    attempts: row.attempts,
    availableAt: new Date(row.available_at),
    lastError: row.last_error,
  };
}

const BIGINT_ID = /^[0-9]{1,18}$/;

/** Outbox ids are `bigint` (as text in the domain): anything else names no item. */
export const isOutboxId = (s: string): boolean => BIGINT_ID.test(s);
