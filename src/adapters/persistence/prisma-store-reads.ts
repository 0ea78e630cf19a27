import { nameKey } from '../../core/shared/names.js';
import type { Actor, Assembly, AuditEvent, Ballot, Membership, MembershipStatus, Motion, MotionStatus, Person, Platform, RoomBinding } from '../../core/model/entities.js';
import type { LawTx } from '../../core/ports/law-store.port.js';
import type { RelayReads } from '../../core/ports/relay-store.port.js';
import type { CheckpointState, PendingMotion, ReminderRecipient, SpeechPreference, StoreReads } from '../../core/ports/store.port.js';
import { asAssemblyId, asMotionId, asPersonId, type AssemblyId, type MotionId, type PersonId } from '../../core/shared/ids.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaFederationReads } from './prisma-federation-reads.js';
import { PrismaLaws } from './prisma-laws.js';
import { PrismaMirrors } from './prisma-mirrors.js';
import type { RemoteMirrorTx } from '../../core/ports/remote-mirror.port.js';
import { PrismaRelayReads } from './prisma-relay-reads.js';
import { isUuid, parsePayload, toAssembly, toBallot, toBinding, toMembership, toMotion, toDbStatus } from './prisma-store-mappers.js';
import { prismaRunner } from './sql-runner.js';

/** The base client or an interactive transaction's client: both run the same reads. */
export type Db = Prisma.TransactionClient;

const ALL = 10_000;

/** `StoreReads` over a Prisma client; `PrismaTx` extends it with the writes. */
export class PrismaReads extends PrismaFederationReads implements StoreReads {
  /** Hand-written SQL (sql-runner.ts) on the same client or transaction. */
  readonly relay: RelayReads = new PrismaRelayReads(prismaRunner(this.db));
  /** Law books (the writes are used inside a transaction only). */
  readonly laws: LawTx = new PrismaLaws(this.db);
  readonly remotes: RemoteMirrorTx = new PrismaMirrors(this.db);

  async personByAccount(platform: Platform, externalId: string): Promise<Person | null> {
    // Filtering person by its account is one query; selecting the account with its person would be two.
    const row = await this.db.person.findFirst({ where: { accounts: { some: { platform, externalId } } }, select: { id: true, displayName: true } });
    return row ? { id: asPersonId(row.id), displayName: row.displayName } : null;
  }

  async personsByAccounts(platform: Platform, externalIds: readonly string[]): Promise<ReadonlyMap<string, Person>> {
    const rows = await this.db.platformAccount.findMany({ where: { platform, externalId: { in: [...externalIds] } }, select: { externalId: true, person: { select: { id: true, displayName: true } } } });
    return new Map(rows.map((r) => [r.externalId, { id: asPersonId(r.person.id), displayName: r.person.displayName }]));
  }

  async person(id: PersonId): Promise<Person | null> {
    if (!isUuid(id)) return null;
    const row = await this.db.person.findUnique({ where: { id }, select: { id: true, displayName: true } });
    return row ? { id: asPersonId(row.id), displayName: row.displayName } : null;
  }

  async accountsOf(id: PersonId): Promise<readonly Actor[]> {
    if (!isUuid(id)) return [];
    const rows = await this.db.platformAccount.findMany({ where: { personId: id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    return rows.map((r) => ({ platform: r.platform, externalId: r.externalId, displayName: r.displayName }));
  }

  async assembly(id: AssemblyId): Promise<Assembly | null> {
    if (!isUuid(id)) return null;
    const row = await this.db.assembly.findUnique({ where: { id } });
    return row ? toAssembly(row) : null;
  }

  async assemblyByName(name: string): Promise<Assembly | null> {
    // Look-alike names share one key (core `nameKey`), unique in the table: "Rivеrside" finds "Riverside".
    const rows = await this.db.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM assembly WHERE name_key = ${nameKey(name)} LIMIT 1`;
    const id = rows[0]?.id;
    return id === undefined ? null : this.assembly(asAssemblyId(id));
  }

  async bindingByRoom(platform: Platform, roomId: string): Promise<RoomBinding | null> {
    const row = await this.db.roomBinding.findUnique({ where: { platform_roomId: { platform, roomId } } });
    return row ? toBinding(row) : null;
  }

  async bindingsOf(assemblyId: AssemblyId): Promise<readonly RoomBinding[]> {
    if (!isUuid(assemblyId)) return [];
    const rows = await this.db.roomBinding.findMany({ where: { assemblyId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    return rows.map(toBinding);
  }

  async membership(assemblyId: AssemblyId, personId: PersonId): Promise<Membership | null> {
    if (!isUuid(assemblyId) || !isUuid(personId)) return null;
    const row = await this.db.membership.findUnique({ where: { assemblyId_personId: { assemblyId, personId } } });
    return row ? toMembership(row) : null;
  }

  async members(assemblyId: AssemblyId, status?: MembershipStatus): Promise<readonly (Membership & { displayName: string })[]> {
    if (!isUuid(assemblyId)) return [];
    const rows = await this.db.membership.findMany({
      where: { assemblyId, ...(status ? { status } : {}) },
      include: { person: { select: { displayName: true } } },
      orderBy: [{ joinedAt: 'asc' }, { personId: 'asc' }],
    });
    // Sorted here, not by the database's collation, so both stores agree on the order.
    return rows.map((r) => ({ ...toMembership(r), displayName: r.person.displayName })).sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  async countMembers(assemblyId: AssemblyId, status: MembershipStatus): Promise<number> {
    if (!isUuid(assemblyId)) return 0;
    return this.db.membership.count({ where: { assemblyId, status } });
  }

  async motion(id: MotionId): Promise<Motion | null> {
    if (!isUuid(id)) return null;
    const row = await this.db.motion.findUnique({ where: { id } });
    return row ? toMotion(row) : null;
  }

  async motionByNumber(assemblyId: AssemblyId, number: number): Promise<Motion | null> {
    if (!isUuid(assemblyId) || !Number.isSafeInteger(number) || Math.abs(number) > 2 ** 31 - 1) return null;
    const row = await this.db.motion.findUnique({ where: { assemblyId_number: { assemblyId, number } } });
    return row ? toMotion(row) : null;
  }

  async motions(assemblyId: AssemblyId, statuses?: readonly MotionStatus[], limit = ALL): Promise<readonly Motion[]> {
    if (!isUuid(assemblyId)) return [];
    const rows = await this.db.motion.findMany({
      where: { assemblyId, ...(statuses ? { status: { in: statuses.map(toDbStatus) } } : {}) },
      orderBy: { number: 'desc' },
      take: limit,
    });
    return rows.map(toMotion);
  }

  async pendingFor(personId: PersonId, limit: number): Promise<readonly PendingMotion[]> {
    if (!isUuid(personId)) return [];
    // One statement: the person's active memberships (membership_person_id index) joined to their
    // assemblies' open motions (motion_assembly_id_status index), minus those with a current ballot.
    const rows = await this.db.motion.findMany({
      where: { status: 'open', assembly: { memberships: { some: { personId, status: 'active' } } }, ballots: { none: { personId, voidedAt: null } } },
      include: { assembly: { select: { name: true } } },
      orderBy: [{ closesAt: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
      take: limit,
    });
    return rows.map(({ assembly, ...row }) => ({ motion: toMotion(row), assemblyName: assembly.name }));
  }

  async dueReminders(now: Date, limit: number): Promise<readonly MotionId[]> {
    // The predicate repeats the partial index's (motion_reminder_due): only motions with a look planned.
    // Ordered by the index alone, so a page stops after `limit` index entries. A tie-break on id sorted every
    // tied row first: a relay's new motions all wait since the epoch, so each page sorted all of them
    // (130 ms at 33,000, in each of a sweep's 20 pages, while bench:relay ran).
    const rows = await this.db.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM motion WHERE reminder_at IS NOT NULL AND reminder_at <= ${now.toISOString()}::timestamptz
      ORDER BY reminder_at LIMIT ${limit}`;
    return rows.map((r) => asMotionId(r.id));
  }

  async remindersSent(motionId: MotionId): Promise<readonly number[]> {
    if (!isUuid(motionId)) return [];
    const rows = await this.db.motionReminder.findMany({ where: { motionId }, select: { hours: true }, orderBy: { hours: 'desc' } });
    return rows.map((r) => r.hours);
  }

  async reminderRecipients(motionId: MotionId): Promise<readonly ReminderRecipient[]> {
    if (!isUuid(motionId)) return [];
    // One statement: the accounts that asked, of the assembly's active members, minus those with a current ballot.
    const rows = await this.db.$queryRaw<{ platform: Platform; external_id: string; display_name: string; language: string | null; time_zone: string | null }[]>`
      SELECT pa.platform::text AS platform, pa.external_id, pa.display_name, pa.language, pa.time_zone
      FROM motion mo
      JOIN membership ms ON ms.assembly_id = mo.assembly_id AND ms.status = 'active'
      JOIN platform_account pa ON pa.person_id = ms.person_id AND pa.remind
      WHERE mo.id = ${motionId}::uuid
        AND NOT EXISTS (SELECT 1 FROM ballot b WHERE b.motion_id = mo.id AND b.person_id = ms.person_id AND b.voided_at IS NULL)
      ORDER BY pa.platform, pa.external_id`;
    return rows.map((r) => ({ platform: r.platform, externalId: r.external_id, displayName: r.display_name, preference: { language: r.language, timeZone: r.time_zone } }));
  }

  async remindOf(platform: Platform, externalId: string): Promise<boolean> {
    const row = await this.db.platformAccount.findUnique({ where: { platform_externalId: { platform, externalId } }, select: { remind: true } });
    return row?.remind === true;
  }

  async speechPreferenceOf(platform: Platform, externalId: string): Promise<SpeechPreference> {
    const row = await this.db.platformAccount.findUnique({ where: { platform_externalId: { platform, externalId } }, select: { language: true, timeZone: true } });
    return { language: row?.language ?? null, timeZone: row?.timeZone ?? null };
  }

  async dueMotions(now: Date, limit: number): Promise<readonly Motion[]> {
    const rows = await this.db.motion.findMany({
      where: { status: { in: ['open', 'proposed'] }, closesAt: { lte: now } },
      orderBy: [{ closesAt: 'asc' }, { id: 'asc' }],
      take: limit,
    });
    return rows.map(toMotion);
  }

  async seconds(motionId: MotionId): Promise<readonly PersonId[]> {
    if (!isUuid(motionId)) return [];
    const rows = await this.db.motionSecond.findMany({ where: { motionId }, orderBy: [{ at: 'asc' }, { personId: 'asc' }], select: { personId: true } });
    return rows.map((r) => asPersonId(r.personId));
  }

  async ballot(motionId: MotionId, personId: PersonId): Promise<Ballot | null> {
    if (!isUuid(motionId) || !isUuid(personId)) return null;
    const row = await this.db.ballot.findUnique({ where: { motionId_personId: { motionId, personId } } });
    return row && row.voidedAt === null ? toBallot(row) : null;
  }

  async ballots(motionId: MotionId): Promise<readonly Ballot[]> {
    if (!isUuid(motionId)) return [];
    // Counting does not depend on ballot order (lot.ts); a fixed order keeps exports stable.
    const rows = await this.db.ballot.findMany({
      where: { motionId, voidedAt: null },
      orderBy: [{ castAt: 'asc' }, { personId: 'asc' }],
      select: { motionId: true, personId: true, choice: true, castAt: true },
    });
    return rows.map(toBallot);
  }

  async yesNoTally(motionId: MotionId): Promise<{ yes: number; no: number; abstain: number }> {
    const t = { yes: 0, no: 0, abstain: 0 };
    if (!isUuid(motionId)) return t;
    const rows = await this.db.$queryRawUnsafe<{ value: string | null; n: number }[]>(
      "SELECT choice->>'value' AS value, count(*)::int AS n FROM ballot WHERE motion_id = $1::uuid AND voided_at IS NULL AND choice->>'kind' = 'yes-no-abstain' GROUP BY 1",
      motionId,
    );
    for (const r of rows) if (r.value === 'yes' || r.value === 'no' || r.value === 'abstain') t[r.value] = r.n;
    return t;
  }

  async countBallots(motionId: MotionId): Promise<number> {
    if (!isUuid(motionId)) return 0;
    return this.db.ballot.count({ where: { motionId, voidedAt: null } });
  }

  async strayBallots(motionId: MotionId): Promise<readonly PersonId[]> {
    if (!isUuid(motionId)) return [];
    const rows = await this.db.$queryRawUnsafe<{ person_id: string }[]>(
      `SELECT b.person_id::text AS person_id FROM ballot b JOIN motion mo ON mo.id = b.motion_id
       LEFT JOIN membership ms ON ms.assembly_id = mo.assembly_id AND ms.person_id = b.person_id AND ms.status = 'active'
       WHERE b.motion_id = $1::uuid AND b.voided_at IS NULL AND ms.person_id IS NULL ORDER BY b.person_id`,
      motionId,
    );
    return rows.map((r) => asPersonId(r.person_id));
  }

  async events(assemblyId: AssemblyId, afterSeq = 0, limit = ALL): Promise<readonly AuditEvent[]> {
    if (!isUuid(assemblyId)) return [];
    const rows = await this.db.event.findMany({ where: { assemblyId, seq: { gt: afterSeq } }, orderBy: { seq: 'asc' }, take: limit });
    return rows.map((r) => ({
      assemblyId: asAssemblyId(r.assemblyId),
      seq: r.seq,
      type: r.type,
      actorId: r.actorId === null ? null : asPersonId(r.actorId),
      payload: parsePayload(r.payload),
      at: r.at,
      prevHash: r.prevHash,
      hash: r.hash,
    }));
  }

  async chainHead(assemblyId: AssemblyId): Promise<{ readonly seq: number; readonly hash: string } | null> {
    if (!isUuid(assemblyId)) return null;
    const row = await this.db.assembly.findUnique({ where: { id: assemblyId }, select: { eventSeq: true, headHash: true } });
    return row ? { seq: row.eventSeq, hash: row.headHash } : null;
  }

  async assemblyIds(): Promise<readonly AssemblyId[]> {
    const rows = await this.db.assembly.findMany({ select: { id: true }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    return rows.map((r) => asAssemblyId(r.id));
  }

  async roleElectorateAssemblyIds(): Promise<readonly AssemblyId[]> {
    // The predicate repeats the partial index's (assembly_electorate_role) word for word.
    const rows = await this.db.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM assembly WHERE (policy ->> 'electorateRole') IS NOT NULL ORDER BY id`;
    return rows.map((r) => asAssemblyId(r.id));
  }

  async checkpointOf(assemblyId: AssemblyId): Promise<CheckpointState | null> {
    if (!isUuid(assemblyId)) return null;
    const row = await this.db.assembly.findUnique({ where: { id: assemblyId }, select: { checkpointSeq: true, checkpointAt: true, checkpointDueAt: true } });
    return row ? { seq: row.checkpointSeq, at: row.checkpointAt, dueAt: row.checkpointDueAt } : null;
  }

  async dueCheckpoints(now: Date, limit: number): Promise<readonly AssemblyId[]> {
    // The predicate repeats the partial index's (assembly_checkpoint_due) word for word, so the
    // planner reads only assemblies whose chain moved, in due order, and stops at the limit.
    const rows = await this.db.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM assembly
      WHERE event_seq > checkpoint_seq AND checkpoint_due_at <= ${now.toISOString()}::timestamptz
      ORDER BY checkpoint_due_at, assembly.id LIMIT ${limit}`;
    return rows.map((r) => asAssemblyId(r.id));
  }
}
