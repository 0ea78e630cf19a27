import type { Assembly, RoomBinding } from '../../core/model/entities.js';
import type { MemberAssembly, MemberCursor, RelayReads } from '../../core/ports/relay-store.port.js';
import type { AgendaItem, Decision, Proposal, ProposalVersion, Referral, ReferralStatus } from '../../core/relay/model.js';
import { asProposalId, type AssemblyId, type FederationId, type ProposalId } from '../../core/shared/ids.js';
import { isUuid } from './prisma-store-mappers.js';
import {
  AGENDA_COLUMNS,
  fromDbReferralStatus,
  isInt4,
  PROPOSAL_COLUMNS,
  REFERRAL_COLUMNS,
  take,
  toAgendaItem,
  toDbReferralStatus,
  toProposal,
  toReferral,
  toVersion,
  ts,
  VERSION_COLUMNS,
  type AgendaRow,
  type ProposalRow,
  type ReferralRow,
  type VersionRow,
} from './prisma-relay-mappers.js';
import { assembliesWithBindings, memberAssemblies } from './prisma-relay-tree.js';
import type { SqlRunner } from './sql-runner.js';

const PROPOSAL = `SELECT ${PROPOSAL_COLUMNS} FROM proposal p`;
const VERSION = `SELECT ${VERSION_COLUMNS} FROM proposal_version v`;
const REFERRAL = `SELECT ${REFERRAL_COLUMNS} FROM referral r`;
const AGENDA = `SELECT ${AGENDA_COLUMNS} FROM agenda_item g`;

/** The proposal page's decided lists, in order: read through `referral_decided` (exported for the plan test). */
export const DECIDED_SQL = `
    SELECT ${REFERRAL_COLUMNS}, a.name AS assembly_name FROM referral r JOIN assembly a ON a.id = r.assembly_id
    WHERE r.proposal_id = $1::uuid AND r.version = $2::int AND r.status = $3::referral_status
    ORDER BY r.decided_at NULLS FIRST, r.id LIMIT $4::int`;

const SQL = {
  proposal: `${PROPOSAL} WHERE p.id = $1::uuid`,
  proposalByNumber: `${PROPOSAL} WHERE p.number = $1::int`,
  proposalsOf: `${PROPOSAL} WHERE p.origin_assembly_id = $1::uuid ORDER BY p.number DESC LIMIT $2::int`,
  version: `${VERSION} WHERE v.proposal_id = $1::uuid AND v.version = $2::int`,
  versions: `${VERSION} WHERE v.proposal_id = $1::uuid ORDER BY v.version`,
  referral: `${REFERRAL} WHERE r.id = $1::uuid`,
  referralFor: `${REFERRAL} WHERE r.proposal_id = $1::uuid AND r.version = $2::int AND r.assembly_id = $3::uuid`,
  rootReferral: `${REFERRAL} WHERE r.proposal_id = $1::uuid AND r.version = $2::int AND r.depth = 0 ORDER BY r.id LIMIT 1`,
  // uuid order is the order of the lowercase text, the order FakeRelay sorts by.
  childReferrals: `${REFERRAL} WHERE r.parent_referral_id = $1::uuid AND ($3::uuid IS NULL OR r.assembly_id > $3::uuid) ORDER BY r.assembly_id LIMIT $2::int`,
  referralsTo: `${REFERRAL} WHERE r.assembly_id = $1::uuid AND r.depth > 0 ORDER BY r.id DESC LIMIT $2::int`,
  levelCounts: 'SELECT r.depth, r.status::text AS status, count(*)::int AS count FROM referral r WHERE r.proposal_id = $1::uuid AND r.version = $2::int GROUP BY r.depth, r.status',
  decided: DECIDED_SQL,
  dueProposals: `${PROPOSAL} WHERE p.status IN ('open', 'adopted') AND p.closed_at IS NULL AND p.deadline <= $1::timestamptz ORDER BY p.deadline, p.id LIMIT $2::int`,
  dirtyVersions: 'SELECT DISTINCT r.proposal_id, r.version FROM referral r WHERE r.dirty_gen > r.clean_gen ORDER BY r.proposal_id, r.version LIMIT $1::int',
  agendaItems: `${AGENDA} WHERE g.assembly_id = $1::uuid ORDER BY g.number DESC LIMIT $2::int`,
  agendaItemByNumber: `${AGENDA} WHERE g.number = $1::int`,
};

/**
 * `RelayReads` in hand-written SQL over a `SqlRunner` (PostgreSQL and PGlite
 * alike). `PrismaRelay` extends it with the writes. Ids that are no UUID
 * find nothing, as in FakeStore, instead of failing on the `uuid` columns.
 */
export class PrismaRelayReads implements RelayReads {
  constructor(protected readonly sql: SqlRunner) {}

  /** The first row of a query, mapped. */
  protected async one<R extends object, T>(rows: Promise<R[]>, map: (row: R) => T): Promise<T | null> {
    const [row] = await rows;
    return row ? map(row) : null;
  }

  protected async many<R extends object, T>(rows: Promise<R[]>, map: (row: R) => T): Promise<T[]> {
    return (await rows).map(map);
  }

  proposal(id: ProposalId): Promise<Proposal | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.one(this.sql.query<ProposalRow>(SQL.proposal, [id]), toProposal);
  }

  proposalByNumber(number: number): Promise<Proposal | null> {
    if (!isInt4(number)) return Promise.resolve(null);
    return this.one(this.sql.query<ProposalRow>(SQL.proposalByNumber, [number]), toProposal);
  }

  proposalsOf(originAssemblyId: AssemblyId, limit: number): Promise<readonly Proposal[]> {
    if (!isUuid(originAssemblyId)) return Promise.resolve([]);
    return this.many(this.sql.query<ProposalRow>(SQL.proposalsOf, [originAssemblyId, take(limit)]), toProposal);
  }

  version(proposalId: ProposalId, version: number): Promise<ProposalVersion | null> {
    if (!isUuid(proposalId) || !isInt4(version)) return Promise.resolve(null);
    return this.one(this.sql.query<VersionRow>(SQL.version, [proposalId, version]), toVersion);
  }

  versions(proposalId: ProposalId): Promise<readonly ProposalVersion[]> {
    if (!isUuid(proposalId)) return Promise.resolve([]);
    return this.many(this.sql.query<VersionRow>(SQL.versions, [proposalId]), toVersion);
  }

  referral(id: string): Promise<Referral | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.one(this.sql.query<ReferralRow>(SQL.referral, [id]), toReferral);
  }

  referralFor(proposalId: ProposalId, version: number, assemblyId: AssemblyId): Promise<Referral | null> {
    if (!isUuid(proposalId) || !isInt4(version) || !isUuid(assemblyId)) return Promise.resolve(null);
    return this.one(this.sql.query<ReferralRow>(SQL.referralFor, [proposalId, version, assemblyId]), toReferral);
  }

  rootReferral(proposalId: ProposalId, version: number): Promise<Referral | null> {
    if (!isUuid(proposalId) || !isInt4(version)) return Promise.resolve(null);
    return this.one(this.sql.query<ReferralRow>(SQL.rootReferral, [proposalId, version]), toReferral);
  }

  childReferrals(parentReferralId: string, limit: number, after?: AssemblyId): Promise<readonly Referral[]> {
    if (!isUuid(parentReferralId) || (after !== undefined && !isUuid(after))) return Promise.resolve([]);
    return this.many(this.sql.query<ReferralRow>(SQL.childReferrals, [parentReferralId, take(limit), after ?? null]), toReferral);
  }

  referralsTo(assemblyId: AssemblyId, limit: number): Promise<readonly Referral[]> {
    if (!isUuid(assemblyId)) return Promise.resolve([]);
    return this.many(this.sql.query<ReferralRow>(SQL.referralsTo, [assemblyId, take(limit)]), toReferral);
  }

  async levelCounts(proposalId: ProposalId, version: number): Promise<readonly { depth: number; status: ReferralStatus; count: number }[]> {
    if (!isUuid(proposalId) || !isInt4(version)) return [];
    const rows = await this.sql.query<{ depth: number; status: string; count: number }>(SQL.levelCounts, [proposalId, version]);
    // Sorted here by the core's spelling, as FakeRelay sorts (the enum's own order differs).
    return rows.map((r) => ({ depth: r.depth, status: fromDbReferralStatus(r.status), count: r.count })).sort((a, b) => a.depth - b.depth || a.status.localeCompare(b.status));
  }

  decided(proposalId: ProposalId, version: number, status: Decision, limit: number): Promise<readonly (Referral & { assemblyName: string })[]> {
    if (!isUuid(proposalId) || !isInt4(version)) return Promise.resolve([]);
    const rows = this.sql.query<ReferralRow & { assembly_name: string }>(SQL.decided, [proposalId, version, toDbReferralStatus(status), take(limit)]);
    return this.many(rows, (r) => ({ ...toReferral(r), assemblyName: r.assembly_name }));
  }

  dueProposals(now: Date, limit: number): Promise<readonly Proposal[]> {
    return this.many(this.sql.query<ProposalRow>(SQL.dueProposals, [ts(now), take(limit)]), toProposal);
  }

  dirtyVersions(limit: number): Promise<readonly { proposalId: ProposalId; version: number }[]> {
    const rows = this.sql.query<{ proposal_id: string; version: number }>(SQL.dirtyVersions, [take(limit)]);
    return this.many(rows, (r) => ({ proposalId: asProposalId(r.proposal_id), version: r.version }));
  }

  assembliesWithBindings(ids: readonly AssemblyId[]): Promise<ReadonlyMap<AssemblyId, { readonly assembly: Assembly; readonly bindings: readonly RoomBinding[] }>> {
    return assembliesWithBindings(this.sql, ids);
  }

  memberAssemblies(q: { federationId: FederationId; parents: readonly AssemblyId[]; limit: number; after?: MemberCursor | null }): Promise<readonly MemberAssembly[]> {
    return memberAssemblies(this.sql, q);
  }

  agendaItems(assemblyId: AssemblyId, limit: number): Promise<readonly AgendaItem[]> {
    if (!isUuid(assemblyId)) return Promise.resolve([]);
    return this.many(this.sql.query<AgendaRow>(SQL.agendaItems, [assemblyId, take(limit)]), toAgendaItem);
  }

  agendaItemByNumber(number: number): Promise<AgendaItem | null> {
    if (!isInt4(number)) return Promise.resolve(null);
    return this.one(this.sql.query<AgendaRow>(SQL.agendaItemByNumber, [number]), toAgendaItem);
  }
}
