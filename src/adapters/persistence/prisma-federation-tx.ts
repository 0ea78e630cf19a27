import { nameKey } from '../../core/shared/names.js';
import type { Federation, FederationEdge, Invitation, Mandate, Nomination, Seat } from '../../core/model/federation.js';
import type { FederationWrites } from '../../core/ports/federation-store.port.js';
import type { AssemblyId, MotionId } from '../../core/shared/ids.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { toEdge, toFederation, toInvitation, toNomination, toSeat } from './prisma-federation-mappers.js';
import { asStoredJson, isUuid } from './prisma-store-mappers.js';
import { PrismaReads } from './prisma-store-reads.js';

type Input<K extends keyof FederationWrites> = Parameters<FederationWrites[K]>[0];

/**
 * The federation half of `StoreTx`, bound to one Prisma interactive
 * transaction; `PrismaTx` extends it. Writes to an id that is no UUID change
 * nothing, as FakeStore's do.
 */
export class PrismaFederationTx extends PrismaReads implements FederationWrites {
  async createFederation(f: Input<'createFederation'>): Promise<Federation> {
    return toFederation(await this.db.federation.create({ data: { name: f.name, nameKey: nameKey(f.name), purpose: f.purpose, rootAssemblyId: f.rootAssemblyId, foundedById: f.foundedById } }));
  }

  /** A second active parent for the same child in one federation fails on the partial unique index. */
  async createEdge(e: Input<'createEdge'>): Promise<FederationEdge> {
    const row = await this.db.federationEdge.create({
      data: { federationId: e.federationId, childAssemblyId: e.childAssemblyId, parentAssemblyId: e.parentAssemblyId, seats: e.seats, joinedByMotionId: e.joinedByMotionId },
    });
    return toEdge(row);
  }

  async endEdge(id: string, at: Date, leftByMotionId: MotionId | null): Promise<void> {
    if (!isUuid(id)) return;
    await this.db.federationEdge.updateMany({ where: { id }, data: { status: 'left', leftAt: at, leftByMotionId } });
  }

  async createInvitation(i: Input<'createInvitation'>): Promise<Invitation> {
    const row = await this.db.invitation.create({
      data: { code: i.code, federationId: i.federationId, parentAssemblyId: i.parentAssemblyId, issuedById: i.issuedById, seats: i.seats, expiresAt: i.expiresAt },
    });
    return toInvitation(row);
  }

  async useInvitation(code: string, assemblyId: AssemblyId, at: Date): Promise<boolean> {
    if (!isUuid(assemblyId)) return false;
    // One statement: two assemblies redeeming the same code cannot both succeed.
    const rows = await this.db.$queryRaw<{ code: string }[]>`
      UPDATE invitation SET used_by_assembly_id = ${assemblyId}::uuid, used_at = ${at.toISOString()}::timestamptz
      WHERE code = ${code} AND used_at IS NULL
      RETURNING code`;
    return rows.length > 0;
  }

  /** A second active seat of one person on one edge fails on the partial unique index. */
  async createSeat(s: Input<'createSeat'>): Promise<Seat> {
    const row = await this.db.seat.create({
      data: {
        edgeId: s.edgeId,
        homeAssemblyId: s.homeAssemblyId,
        parentAssemblyId: s.parentAssemblyId,
        personId: s.personId,
        electedByMotionId: s.electedByMotionId,
        startedAt: s.startedAt,
        termEndsAt: s.termEndsAt,
      },
    });
    return toSeat(row);
  }

  async endSeat(id: string, status: 'recalled' | 'ended', at: Date, byMotionId: MotionId | null): Promise<void> {
    if (!isUuid(id)) return;
    // Only a recall has a column for its motion; a seat ended by a leave or its
    // term keeps the reason in the audit event.
    const recalledBy = status === 'recalled' ? { recalledByMotionId: byMotionId } : {};
    await this.db.seat.updateMany({ where: { id }, data: { status, endedAt: at, ...recalledBy } });
  }

  async createNomination(n: Input<'createNomination'>): Promise<Nomination> {
    const row = await this.db.nomination.create({ data: { homeAssemblyId: n.homeAssemblyId, edgeId: n.edgeId ?? null, committeeId: n.committeeId ?? null, personId: n.personId, nominatedById: n.nominatedById } });
    return toNomination(row);
  }

  async withdrawNomination(id: string, at: Date): Promise<void> {
    if (!isUuid(id)) return;
    await this.db.nomination.updateMany({ where: { id, withdrawnAt: null }, data: { withdrawnAt: at } });
  }

  async acceptNomination(id: string, at: Date): Promise<void> {
    if (!isUuid(id)) return;
    await this.db.nomination.updateMany({ where: { id }, data: { acceptedAt: at } });
  }

  async useNominations(ids: readonly string[], electionMotionId: MotionId): Promise<void> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return;
    await this.db.nomination.updateMany({ where: { id: { in: valid } }, data: { electionMotionId } });
  }

  async createMandate(m: Mandate): Promise<void> {
    const instruction = asStoredJson<unknown>(m.instruction) as Prisma.InputJsonValue;
    await this.db.mandate.create({ data: { homeAssemblyId: m.homeAssemblyId, upstairsMotionId: m.upstairsMotionId, instruction, motionId: m.motionId } });
  }
}
