import { fromStored } from '../../core/i18n/stored.js';
import { randomBytes } from 'node:crypto';
import { adoptionRuleSchema, type AgendaItem, type Proposal, type ProposalStatus, type ProposalVersion, type Referral, type ReferralStatus } from '../../core/relay/model.js';
import { asAssemblyId, asFederationId, asMotionId, asProposalId, type MotionId } from '../../core/shared/ids.js';

/* Relay rows from hand-written SQL in, domain values out. Columns keep their snake_case names. */

// ------------------------------------------------------------------ enums

const REFERRAL_STATUSES: readonly ReferralStatus[] = ['pending', 'accepted', 'rejected', 'amend-requested', 'superseded', 'withdrawn', 'expired'];
const PROPOSAL_STATUSES: readonly ProposalStatus[] = ['open', 'adopted', 'withdrawn', 'expired'];

/** The core spells `amend-requested`, the `referral_status` enum `amend_requested`. */
export const toDbReferralStatus = (s: ReferralStatus): string => s.replaceAll('-', '_');

export function fromDbReferralStatus(s: string): ReferralStatus {
  const found = REFERRAL_STATUSES.find((x) => x === s.replaceAll('_', '-'));
  if (found === undefined) throw new Error(`unknown referral status in the database: ${s}`);
  return found;
}

function fromDbProposalStatus(s: string): ProposalStatus {
  const found = PROPOSAL_STATUSES.find((x) => x === s);
  if (found === undefined) throw new Error(`unknown proposal status in the database: ${s}`);
  return found;
}

// ------------------------------------------------------------------- rows

const motionOrNull = (id: string | null): MotionId | null => (id === null ? null : asMotionId(id));

export interface ProposalRow {
  readonly id: string;
  readonly number: number;
  readonly federation_id: string;
  readonly origin_assembly_id: string;
  readonly status: string;
  readonly adoption_rule: unknown;
  readonly deadline: Date | null;
  readonly current_version: number;
  readonly adopted_at: Date | null;
  readonly closed_at: Date | null;
  readonly created_at: Date;
}

/** `p` = proposal. Enums as text: both drivers then hand back a plain string. */
export const PROPOSAL_COLUMNS = 'p.id, p.number, p.federation_id, p.origin_assembly_id, p.status::text AS status, p.adoption_rule, p.deadline, p.current_version, p.adopted_at, p.closed_at, p.created_at';

export function toProposal(r: ProposalRow): Proposal {
  return {
    id: asProposalId(r.id),
    number: r.number,
    federationId: asFederationId(r.federation_id),
    originAssemblyId: asAssemblyId(r.origin_assembly_id),
    status: fromDbProposalStatus(r.status),
    // Parsed, not cast: a rule written by hand or by an older version fails here, loudly.
    adoptionRule: adoptionRuleSchema.parse(r.adoption_rule),
    deadline: r.deadline,
    currentVersion: r.current_version,
    adoptedAt: r.adopted_at,
    closedAt: r.closed_at,
    createdAt: r.created_at,
  };
}

export interface VersionRow {
  readonly proposal_id: string;
  readonly version: number;
  readonly title: string;
  readonly text: string;
  readonly change_note: string | null;
  readonly motion_id: string | null;
  readonly created_at: Date;
}

/** `v` = proposal_version. */
export const VERSION_COLUMNS = 'v.proposal_id, v.version, v.title, v.text, v.change_note, v.motion_id, v.created_at';

export const toVersion = (r: VersionRow): ProposalVersion => ({
  proposalId: asProposalId(r.proposal_id),
  version: r.version,
  title: r.title,
  text: r.text,
  changeNote: r.change_note,
  motionId: motionOrNull(r.motion_id),
  createdAt: r.created_at,
});

export interface ReferralRow {
  readonly id: string;
  readonly proposal_id: string;
  readonly version: number;
  readonly assembly_id: string;
  readonly parent_referral_id: string | null;
  readonly depth: number;
  readonly status: string;
  readonly reason: string | null;
  readonly reason_message: unknown;
  readonly amendment_text: string | null;
  readonly response_motion_id: string | null;
  readonly decided_at: Date | null;
  readonly member_count: number;
  readonly relayed_at: Date | null;
  readonly local_total: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly amend_requested: number;
  readonly pending: number;
  readonly members_covered: number;
}

/** `r` = referral. */
export const REFERRAL_COLUMNS =
  'r.id, r.proposal_id, r.version, r.assembly_id, r.parent_referral_id, r.depth, r.status::text AS status, r.reason, r.reason_message, r.amendment_text, r.response_motion_id, ' +
  'r.decided_at, r.member_count, r.relayed_at, r.local_total, r.accepted, r.rejected, r.amend_requested, r.pending, r.members_covered';

export const toReferral = (r: ReferralRow): Referral => ({
  id: r.id,
  proposalId: asProposalId(r.proposal_id),
  version: r.version,
  assemblyId: asAssemblyId(r.assembly_id),
  parentReferralId: r.parent_referral_id,
  depth: r.depth,
  status: fromDbReferralStatus(r.status),
  reason: r.reason,
  reasonMessage: fromStored(r.reason_message),
  amendmentText: r.amendment_text,
  responseMotionId: motionOrNull(r.response_motion_id),
  decidedAt: r.decided_at,
  memberCount: r.member_count,
  relayedAt: r.relayed_at,
  localTotal: r.local_total,
  accepted: r.accepted,
  rejected: r.rejected,
  amendRequested: r.amend_requested,
  pending: r.pending,
  membersCovered: r.members_covered,
});

export interface AgendaRow {
  readonly id: string;
  readonly number: number;
  readonly assembly_id: string;
  readonly from_assembly_id: string;
  readonly federation_id: string;
  readonly title: string;
  readonly text: string;
  readonly forwarded_by_motion_id: string;
  readonly taken_up_by_motion_id: string | null;
  readonly created_at: Date;
}

/** `g` = agenda_item. */
export const AGENDA_COLUMNS = 'g.id, g.number, g.assembly_id, g.from_assembly_id, g.federation_id, g.title, g.text, g.forwarded_by_motion_id, g.taken_up_by_motion_id, g.created_at';

export const toAgendaItem = (r: AgendaRow): AgendaItem => ({
  id: r.id,
  number: r.number,
  assemblyId: asAssemblyId(r.assembly_id),
  fromAssemblyId: asAssemblyId(r.from_assembly_id),
  federationId: asFederationId(r.federation_id),
  title: r.title,
  text: r.text,
  forwardedByMotionId: asMotionId(r.forwarded_by_motion_id),
  takenUpByMotionId: motionOrNull(r.taken_up_by_motion_id),
  createdAt: r.created_at,
});

/**
 * `m` = motion, aliased to the Prisma field names so `toMotion` maps the row.
 * Enums as text (`kind`, `method`, `status`): `toMotion` reads the spellings.
 */
export const MOTION_COLUMNS =
  'm.id, m.assembly_id AS "assemblyId", m.number, m.kind::text AS kind, m.method::text AS method, m.title, m.body, m.options, m.seats, ' +
  'm.quorum_num AS "quorumNum", m.quorum_den AS "quorumDen", m.quorum_strict AS "quorumStrict", ' +
  'm.threshold_num AS "thresholdNum", m.threshold_den AS "thresholdDen", m.threshold_strict AS "thresholdStrict", ' +
  'm.secret, m.seconds_required AS "secondsRequired", m.voting_hours AS "votingHours", m.status::text AS status, m.moved_by_id AS "movedById", ' +
  'm.payload, m.opens_at AS "opensAt", m.closes_at AS "closesAt", m.closed_at AS "closedAt", m.result, m.created_at AS "createdAt"';

/** `a` = assembly, aliased for `toAssembly`. */
export const ASSEMBLY_COLUMNS = 'a.id, a.kind::text AS kind, a.name, a.level, a.parent_assembly_id AS "parentAssemblyId", a.policy, a.created_at AS "createdAt"';

// -------------------------------------------------------------------- ids

/**
 * A UUIDv7 (time-ordered, as Prisma's `uuid(7)` default makes for rows it
 * writes): rows this adapter inserts by hand keep the same index locality.
 */
export function uuidv7(now: number = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b.writeUInt8(((b.readUInt8(6) & 0x0f) | 0x70), 6);
  b.writeUInt8(((b.readUInt8(8) & 0x3f) | 0x80), 8);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A Date as a `timestamptz` parameter (text, the form both drivers pass unchanged). */
export const ts = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** A row count SQL accepts as LIMIT (a negative one is an error there). */
export const take = (limit: number): number => Math.max(0, Math.floor(limit));

/** Whole numbers a PostgreSQL `int` holds: a lookup by anything else finds nothing. */
export const isInt4 = (n: number): boolean => Number.isSafeInteger(n) && Math.abs(n) <= 2 ** 31 - 1;
