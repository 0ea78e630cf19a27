import { nameKey } from '../../core/shared/names.js';
import type { Assembly, Ballot } from '../../core/model/entities.js';
import type { Federation, FederationEdge, Invitation, Mandate, Nomination, OutboxItem, Seat } from '../../core/model/federation.js';
import type { FederationLevel, FederationReads } from '../../core/ports/federation-store.port.js';
import { asAssemblyId, asFederationId, type AssemblyId, type FederationId, type MotionId, type PersonId } from '../../core/shared/ids.js';
import { OUTBOX_COLUMNS, toEdge, toFederation, toInvitation, toMandate, toNomination, toOutboxItem, toSeat, type OutboxRow } from './prisma-federation-mappers.js';
import { isUuid, toAssembly, toBallot } from './prisma-store-mappers.js';
import type { Db } from './prisma-store-reads.js';

export type SeatFilter = Parameters<FederationReads['seats']>[0];

/** A row count Prisma accepts as `take` (a negative one would read backwards). */
const take = (limit: number): number => Math.max(0, Math.floor(limit));

// Lists come back in creation order (ids are UUIDv7, time-ordered), as FakeStore
// keeps them; within one millisecond that order is not guaranteed.
const byJoined = [{ joinedAt: 'asc' as const }, { id: 'asc' as const }];
const byCreated = [{ createdAt: 'asc' as const }, { id: 'asc' as const }];

/**
 * The federation half of `StoreReads` over a Prisma client. `PrismaReads`
 * extends it, so reads outside and inside a transaction both have it.
 */
export class PrismaFederationReads implements FederationReads {
  constructor(protected readonly db: Db) {}

  async federation(id: FederationId): Promise<Federation | null> {
    if (!isUuid(id)) return null;
    const row = await this.db.federation.findUnique({ where: { id } });
    return row ? toFederation(row) : null;
  }

  async federationByName(name: string): Promise<Federation | null> {
    // Look-alike names share one key (core `nameKey`), unique in the table.
    const rows = await this.db.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM federation WHERE name_key = ${nameKey(name)} LIMIT 1`;
    const id = rows[0]?.id;
    return id === undefined ? null : this.federation(asFederationId(id));
  }

  async federationByRoot(rootAssemblyId: AssemblyId): Promise<Federation | null> {
    if (!isUuid(rootAssemblyId)) return null;
    const row = await this.db.federation.findUnique({ where: { rootAssemblyId } });
    return row ? toFederation(row) : null;
  }

  async activeEdge(federationId: FederationId, childAssemblyId: AssemblyId): Promise<FederationEdge | null> {
    if (!isUuid(federationId) || !isUuid(childAssemblyId)) return null;
    const row = await this.db.federationEdge.findFirst({ where: { federationId, childAssemblyId, status: 'active' } });
    return row ? toEdge(row) : null;
  }

  async edge(id: string): Promise<FederationEdge | null> {
    if (!isUuid(id)) return null;
    const row = await this.db.federationEdge.findUnique({ where: { id } });
    return row ? toEdge(row) : null;
  }

  async parentEdges(childAssemblyId: AssemblyId): Promise<readonly FederationEdge[]> {
    if (!isUuid(childAssemblyId)) return [];
    const rows = await this.db.federationEdge.findMany({ where: { childAssemblyId, status: 'active' }, orderBy: byJoined });
    return rows.map(toEdge);
  }

  async childEdges(parentAssemblyId: AssemblyId): Promise<readonly FederationEdge[]> {
    if (!isUuid(parentAssemblyId)) return [];
    const rows = await this.db.federationEdge.findMany({ where: { parentAssemblyId, status: 'active' }, orderBy: byJoined });
    return rows.map(toEdge);
  }

  async invitation(code: string): Promise<Invitation | null> {
    const row = await this.db.invitation.findUnique({ where: { code } });
    return row ? toInvitation(row) : null;
  }

  async seat(id: string): Promise<Seat | null> {
    if (!isUuid(id)) return null;
    const row = await this.db.seat.findUnique({ where: { id } });
    return row ? toSeat(row) : null;
  }

  async seats(filter: SeatFilter): Promise<readonly Seat[]> {
    const { edgeId, parentAssemblyId, homeAssemblyId, personId, status } = filter;
    // An id that is no UUID matches no seat (the Fake compares strings).
    if ([edgeId, parentAssemblyId, homeAssemblyId, personId].some((id) => id !== undefined && !isUuid(id))) return [];
    const rows = await this.db.seat.findMany({
      where: {
        ...(edgeId === undefined ? {} : { edgeId }),
        ...(parentAssemblyId === undefined ? {} : { parentAssemblyId }),
        ...(homeAssemblyId === undefined ? {} : { homeAssemblyId }),
        ...(personId === undefined ? {} : { personId }),
        ...(status === undefined ? {} : { status }),
      },
      orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map(toSeat);
  }

  async expiredSeats(now: Date, limit: number): Promise<readonly Seat[]> {
    const rows = await this.db.seat.findMany({ where: { status: 'active', termEndsAt: { lte: now } }, orderBy: { termEndsAt: 'asc' }, take: limit });
    return rows.map(toSeat);
  }

  async openNominations(edgeId: string): Promise<readonly Nomination[]> {
    if (!isUuid(edgeId)) return [];
    const rows = await this.db.nomination.findMany({ where: { edgeId, electionMotionId: null, withdrawnAt: null }, orderBy: byCreated });
    return rows.map(toNomination);
  }

  async openCommitteeNominations(committeeId: AssemblyId): Promise<readonly Nomination[]> {
    if (!isUuid(committeeId)) return [];
    const rows = await this.db.nomination.findMany({ where: { committeeId, electionMotionId: null, withdrawnAt: null }, orderBy: byCreated });
    return rows.map(toNomination);
  }

  async mandates(upstairsMotionId: MotionId): Promise<readonly Mandate[]> {
    if (!isUuid(upstairsMotionId)) return [];
    const rows = await this.db.mandate.findMany({ where: { upstairsMotionId }, orderBy: byCreated });
    return rows.map(toMandate);
  }

  async ballotsOf(personId: PersonId, assemblyId: AssemblyId, limit: number): Promise<readonly (Ballot & { voided: boolean })[]> {
    if (!isUuid(personId) || !isUuid(assemblyId)) return [];
    const rows = await this.db.ballot.findMany({
      where: { personId, motion: { assemblyId } },
      orderBy: { motion: { number: 'desc' } },
      take: take(limit),
      select: { motionId: true, personId: true, choice: true, castAt: true, voidedAt: true },
    });
    return rows.map((r) => ({ ...toBallot(r), voided: r.voidedAt !== null }));
  }

  async circlesOf(localAssemblyId: AssemblyId): Promise<readonly AssemblyId[]> {
    if (!isUuid(localAssemblyId)) return [];
    const rows = await this.db.assembly.findMany({ where: { kind: 'circle', parentAssemblyId: localAssemblyId }, select: { id: true }, orderBy: byCreated });
    return rows.map((r) => asAssemblyId(r.id));
  }

  async outboxFailed(limit: number): Promise<readonly OutboxItem[]> {
    const rows = await this.db.$queryRawUnsafe<OutboxRow[]>(`SELECT ${OUTBOX_COLUMNS} FROM outbox_item o WHERE o.status = 'failed' ORDER BY o.id LIMIT $1::int`, take(limit));
    return rows.map(toOutboxItem);
  }
  async federationLevels(federationId: FederationId): Promise<readonly FederationLevel[]> {
    if (!isUuid(federationId)) return [];
    const rows = await this.db.$queryRawUnsafe<{ level: number; assemblies: number; members: number }[]>(
      `${TREE_NODES}
       SELECT a.level, count(DISTINCT a.id)::int AS assemblies, count(m.person_id)::int AS members
       FROM nodes n JOIN assembly a ON a.id = n.id
       LEFT JOIN membership m ON m.assembly_id = a.id AND m.status = 'active' AND a.level = 0
       GROUP BY a.level ORDER BY a.level DESC`,
      federationId,
    );
    return rows.map((r) => ({ level: r.level, assemblies: r.assemblies, members: r.members }));
  }

  async searchFederation(federationId: FederationId, text: string, limit: number): Promise<readonly Assembly[]> {
    if (!isUuid(federationId) || take(limit) === 0) return [];
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // Names first (the trigram index `assembly_name_trgm` answers the ILIKE), then
    // membership of this tree per match: never the whole tree (the old CTE over
    // every edge took 1.4 s at 111,111 assemblies; see docs/BENCHMARKS.md).
    const rows = await this.db.$queryRawUnsafe<{ id: string }[]>(SEARCH_SQL, federationId, pattern, take(limit));
    const found = await this.db.assembly.findMany({ where: { id: { in: rows.map((r) => r.id) } } });
    return found.map(toAssembly).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  }
}

/** Assemblies of one federation's tree whose name contains $2 (an escaped ILIKE pattern), by name in code-point order (as FakeStore sorts: the same page on every store), at most $3. */
export const SEARCH_SQL = `SELECT a.id::text AS id FROM assembly a
  WHERE a.name ILIKE $2
    AND (EXISTS (SELECT 1 FROM federation_edge e WHERE e.child_assembly_id = a.id AND e.federation_id = $1::uuid AND e.status = 'active')
         OR a.id = (SELECT f.root_assembly_id FROM federation f WHERE f.id = $1::uuid))
  ORDER BY a.name COLLATE "C" LIMIT $3::int`;

/** The assemblies of one federation's tree: its top assembly and every child of an active edge ($1: the federation). */
const TREE_NODES = `WITH nodes AS (
  SELECT e.child_assembly_id AS id FROM federation_edge e WHERE e.federation_id = $1::uuid AND e.status = 'active'
  UNION SELECT f.root_assembly_id FROM federation f WHERE f.id = $1::uuid)`;
