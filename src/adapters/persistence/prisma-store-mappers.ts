import { z } from 'zod';
import type { Assembly, Ballot, Choice, Membership, Motion, MotionResult, MotionStatus, RoomBinding } from '../../core/model/entities.js';
import { METHODS, MOTION_KINDS, policySchema, type MotionKind, type VotingMethod } from '../../core/model/policy.js';
import { asAssemblyId, asMotionId, asPersonId } from '../../core/shared/ids.js';
import type * as Db from '../../generated/prisma/client.js';

/*
 * Rows in, domain values out. JSON columns are parsed with zod rather than
 * cast: a row written by an older version (or by hand) fails here, loudly,
 * instead of somewhere deep in a count.
 */

// ------------------------------------------------------------------ enums
// The core spells enum values with `-`, PostgreSQL enums with `_`.

export const toDbKind = (k: MotionKind): Db.MotionKind => k.replaceAll('-', '_') as Db.MotionKind;
export const toDbMethod = (m: VotingMethod): Db.VotingMethod => m.replaceAll('-', '_') as Db.VotingMethod;

function fromDbEnum<T extends string>(all: readonly T[], value: string, what: string): T {
  const dashed = value.replaceAll('_', '-');
  const found = all.find((v) => v === dashed);
  if (found === undefined) throw new Error(`unknown ${what} in the database: ${value}`);
  return found;
}

export const fromDbKind = (k: Db.MotionKind): MotionKind => fromDbEnum(MOTION_KINDS, k, 'motion kind');
export const fromDbMethod = (m: Db.VotingMethod): VotingMethod => fromDbEnum(METHODS, m, 'voting method');
/** Motion statuses are spelled alike on both sides. */
export const toDbStatus = (s: MotionStatus): Db.MotionStatus => s;

// ------------------------------------------------------------ JSON columns

const optionsSchema = z.array(z.string());
const payloadSchema = z.record(z.string(), z.unknown());

export const choiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('yes-no-abstain'), value: z.enum(['yes', 'no', 'abstain']) }),
  z.object({ kind: z.literal('approval'), approved: z.array(z.number().int()) }),
  z.object({ kind: z.literal('ranked'), ranking: z.array(z.number().int()) }),
]);

const resultSchema = z.object({
  outcome: z.enum(['passed', 'failed']),
  eligible: z.number(),
  ballots: z.number(),
  quorumMet: z.boolean(),
  summary: z.string(),
  tally: z.record(z.string(), z.number()),
  winners: z.array(z.number()),
});

/** What a jsonb column gives back for a value: `undefined` members dropped, Dates as strings. */
export function asStoredJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

const isIntArray = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => Number.isInteger(x));

/**
 * Read for every ballot when a motion closes (5,000 at a time), so the common
 * shapes are checked by hand; anything else goes through the schema, which
 * throws with a precise message.
 */
export function parseChoice(json: unknown): Choice {
  if (typeof json === 'object' && json !== null) {
    const o = json as Record<string, unknown>;
    if (o.kind === 'yes-no-abstain' && (o.value === 'yes' || o.value === 'no' || o.value === 'abstain')) return { kind: 'yes-no-abstain', value: o.value };
    if (o.kind === 'approval' && isIntArray(o.approved)) return { kind: 'approval', approved: o.approved };
    if (o.kind === 'ranked' && isIntArray(o.ranking)) return { kind: 'ranked', ranking: o.ranking };
  }
  return choiceSchema.parse(json);
}
export const parsePayload = (json: unknown): Readonly<Record<string, unknown>> => payloadSchema.parse(json);

// ------------------------------------------------------------------- rows

/** Takes only the columns it maps, so hand-written SQL can select just those. */
export function toAssembly(row: Pick<Db.Assembly, 'id' | 'kind' | 'name' | 'level' | 'parentAssemblyId' | 'policy' | 'createdAt'>): Assembly {
  return {
    id: asAssemblyId(row.id),
    kind: row.kind,
    name: row.name,
    level: row.level,
    parentAssemblyId: row.parentAssemblyId === null ? null : asAssemblyId(row.parentAssemblyId),
    policy: policySchema.parse(row.policy),
    createdAt: row.createdAt,
  };
}

export function toBinding(row: Pick<Db.RoomBinding, 'platform' | 'roomId' | 'serverId' | 'assemblyId' | 'purpose'>): RoomBinding {
  return {
    platform: row.platform,
    roomId: row.roomId,
    ...(row.serverId === null ? {} : { serverId: row.serverId }),
    assemblyId: asAssemblyId(row.assemblyId),
    purpose: row.purpose,
  };
}

export function toMembership(row: Db.Membership): Membership {
  return { assemblyId: asAssemblyId(row.assemblyId), personId: asPersonId(row.personId), status: row.status, role: row.role, joinedAt: row.joinedAt };
}

export function toMotion(row: Db.Motion): Motion {
  return {
    id: asMotionId(row.id),
    assemblyId: asAssemblyId(row.assemblyId),
    number: row.number,
    kind: fromDbKind(row.kind),
    method: fromDbMethod(row.method),
    title: row.title,
    body: row.body,
    options: optionsSchema.parse(row.options),
    seats: row.seats,
    quorum: { num: row.quorumNum, den: row.quorumDen, strict: row.quorumStrict },
    threshold: { num: row.thresholdNum, den: row.thresholdDen, strict: row.thresholdStrict },
    secret: row.secret,
    secondsRequired: row.secondsRequired,
    status: row.status,
    movedById: row.movedById === null ? null : asPersonId(row.movedById),
    payload: parsePayload(row.payload),
    votingHours: row.votingHours,
    opensAt: row.opensAt,
    closesAt: row.closesAt,
    closedAt: row.closedAt,
    result: row.result === null ? null : (resultSchema.parse(row.result) satisfies MotionResult),
    createdAt: row.createdAt,
  };
}

export function toBallot(row: Pick<Db.Ballot, 'motionId' | 'personId' | 'choice' | 'castAt'>): Ballot {
  return { motionId: asMotionId(row.motionId), personId: asPersonId(row.personId), choice: parseChoice(row.choice), castAt: row.castAt };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Ids are `uuid` columns: PostgreSQL rejects anything else with an error, where
 * the contract (and FakeStore) simply finds nothing. Reads check first.
 */
export const isUuid = (s: string): boolean => UUID.test(s);
