import { nameKey } from '../../core/shared/names.js';
import type { Actor, Assembly, AuditEvent, Membership, Motion, Person, Platform, RoomBinding, RoomRef } from '../../core/model/entities.js';
import { checkpointDueAt, type Policy } from '../../core/model/policy.js';
import type { RelayTx } from '../../core/ports/relay-store.port.js';
import type { CheckpointState, NewEvent, NewMotion, SpeechPreference, StoreTx } from '../../core/ports/store.port.js';
import { asMotionId, asPersonId, type AssemblyId, type MotionId, type PersonId } from '../../core/shared/ids.js';
import { Prisma } from '../../generated/prisma/client.js';
import { appendEvents } from './prisma-event-chain.js';
import { PrismaFederationTx } from './prisma-federation-tx.js';
import { PrismaRelay } from './prisma-relay.js';
import { PrismaPeerOutbox } from './prisma-peer-outbox.js';
import type { PeerOutbox } from '../../core/ports/federation-link.port.js';
import { asStoredJson, isUuid, toAssembly, toDbKind, toDbMethod, toDbStatus, toMembership, toMotion } from './prisma-store-mappers.js';
import { SETTINGS_CHANNEL } from './settings-listener.js';
import { prismaRunner } from './sql-runner.js';
import { lockLaneOn, PrismaPeerLinks } from './prisma-peer-links.js';
import type { PeerLinkStore } from '../../core/ports/peer-link-store.port.js';

const json = (value: unknown): Prisma.InputJsonValue => asStoredJson(value) as Prisma.InputJsonValue;

/** `StoreTx` bound to one Prisma interactive transaction. */
export class PrismaTx extends PrismaFederationTx implements StoreTx {
  /** The relay's reads and bulk writes, in this transaction. */
  override readonly relay: RelayTx = new PrismaRelay(prismaRunner(this.db));
  /** Peer bookkeeping on this transaction's connection. */
  readonly links: PeerLinkStore = new PrismaPeerLinks(this.db);

  async lockLane(roomId: string, sender: string): Promise<void> {
    await lockLaneOn(this.db, roomId, sender);
  }
  /** Events for peers, taking their seq in this transaction. */
  readonly peerOutbox: PeerOutbox = new PrismaPeerOutbox(this.db);

  async createPerson(displayName: string, account: Actor): Promise<Person> {
    // Two first commands of one new account race here (eight rooms set up at
    // once, a vote burst from a newcomer). The account's unique key decides:
    // ON CONFLICT DO NOTHING waits for the other transaction and, if it
    // committed, inserts nothing; this one then drops its own person and
    // takes the winner's, instead of failing on the key and losing the
    // command. The account is never re-pointed.
    const row = await this.db.person.create({ data: { displayName }, select: { id: true, displayName: true } });
    const added = await this.db.platformAccount.createMany({ data: [{ platform: account.platform, externalId: account.externalId, displayName: account.displayName, personId: row.id }], skipDuplicates: true });
    if (added.count === 1) return { id: asPersonId(row.id), displayName: row.displayName };
    await this.db.person.delete({ where: { id: row.id } });
    const holder = await this.db.person.findFirst({ where: { accounts: { some: { platform: account.platform, externalId: account.externalId } } }, select: { id: true, displayName: true } });
    if (!holder) throw new Error(`the account ${account.platform}:${account.externalId} was neither added nor found`);
    return { id: asPersonId(holder.id), displayName: holder.displayName };
  }

  async moveAccount(platform: Platform, externalId: string, to: PersonId): Promise<void> {
    await this.db.platformAccount.updateMany({ where: { platform, externalId }, data: { personId: to } });
    await this.tellCaches('account');
  }

  /**
   * Tells every process's read cache, at commit (a rolled-back NOTIFY is never
   * sent), that something it may hold changed: settings, rooms, accounts.
   */
  private async tellCaches(what: string): Promise<void> {
    await this.db.$queryRaw`SELECT pg_notify(${SETTINGS_CHANNEL}, ${what})::text AS sent`;
  }

  async saveLinkCode(code: string, personId: PersonId, expiresAt: Date): Promise<void> {
    await this.db.linkCode.upsert({ where: { code }, create: { code, personId, expiresAt }, update: { personId, expiresAt, usedAt: null } });
  }

  async consumeLinkCode(code: string, now: Date): Promise<PersonId | null> {
    // One statement: two redemptions of the same code cannot both succeed.
    const rows = await this.db.$queryRaw<{ person_id: string }[]>`
      UPDATE link_code SET used_at = ${now.toISOString()}::timestamptz
      WHERE code = ${code} AND used_at IS NULL AND expires_at > ${now.toISOString()}::timestamptz
      RETURNING person_id::text AS person_id`;
    const id = rows[0]?.person_id;
    return id === undefined ? null : asPersonId(id);
  }

  async createAssembly(input: { kind: Assembly['kind']; name: string; level: number; parentAssemblyId: AssemblyId | null; policy: Policy }): Promise<Assembly> {
    const row = await this.db.assembly.create({
      data: { kind: input.kind, name: input.name, nameKey: nameKey(input.name), level: input.level, parentAssemblyId: input.parentAssemblyId, policy: json(input.policy), checkpointDueAt: checkpointDueAt(input.policy.checkpointHours, null) },
    });
    return toAssembly(row);
  }

  async updatePolicy(id: AssemblyId, policy: Policy): Promise<void> {
    if (!isUuid(id)) return;
    const row = await this.db.assembly.findUnique({ where: { id }, select: { checkpointAt: true } });
    await this.db.assembly.updateMany({ where: { id }, data: { policy: json(policy), checkpointDueAt: checkpointDueAt(policy.checkpointHours, row?.checkpointAt ?? null) } });
    // The reminders of its open motions follow the new policy: the next sweep plans them again.
    await this.db.motion.updateMany({ where: { assemblyId: id, status: 'open' }, data: { reminderAt: new Date(0) } });
    await this.tellCaches(`assembly:${id}`);
  }

  async markCheckpoint(id: AssemblyId, state: CheckpointState): Promise<void> {
    if (!isUuid(id)) return;
    await this.db.assembly.updateMany({ where: { id }, data: { checkpointSeq: state.seq, checkpointAt: state.at, checkpointDueAt: state.dueAt } });
  }

  async bindRoom(binding: RoomBinding): Promise<void> {
    const fields = { assemblyId: binding.assemblyId, purpose: binding.purpose, serverId: binding.serverId ?? null };
    await this.db.roomBinding.upsert({
      where: { platform_roomId: { platform: binding.platform, roomId: binding.roomId } },
      create: { platform: binding.platform, roomId: binding.roomId, ...fields },
      update: fields,
    });
    await this.tellCaches('room');
  }

  async unbindRoom(room: RoomRef): Promise<void> {
    await this.db.roomBinding.deleteMany({ where: { platform: room.platform, roomId: room.roomId } });
    await this.tellCaches('room');
  }

  async upsertMembership(m: { assemblyId: AssemblyId; personId: PersonId; status: Membership['status']; role: Membership['role'] }): Promise<Membership> {
    const row = await this.db.membership.upsert({
      where: { assemblyId_personId: { assemblyId: m.assemblyId, personId: m.personId } },
      create: { assemblyId: m.assemblyId, personId: m.personId, status: m.status, role: m.role, joinedAt: new Date() },
      update: { status: m.status, role: m.role },
    });
    return toMembership(row);
  }

  async mergePersons(from: PersonId, to: PersonId): Promise<boolean> {
    if (!isUuid(from) || !isUuid(to)) return false;
    // One statement, so the clash check and the moves see the same snapshot.
    // A clash counts voided ballots too: the ballot row is still there.
    const rows = await this.db.$queryRaw<{ merged: boolean }[]>`
      WITH clash AS (
        SELECT 1 FROM ballot f JOIN ballot t ON t.motion_id = f.motion_id AND t.person_id = ${to}::uuid
        WHERE f.person_id = ${from}::uuid LIMIT 1
      ), gone AS (
        DELETE FROM membership WHERE person_id = ${from}::uuid AND NOT EXISTS (SELECT 1 FROM clash)
        RETURNING assembly_id, status, role, values_accepted_at, joined_at
      ), memberships AS (
        INSERT INTO membership (assembly_id, person_id, status, role, values_accepted_at, joined_at, updated_at)
        SELECT assembly_id, ${to}::uuid, status, role, values_accepted_at, joined_at, now() FROM gone
        ON CONFLICT (assembly_id, person_id) DO NOTHING
      ), ballots AS (
        UPDATE ballot SET person_id = ${to}::uuid, updated_at = now()
        WHERE person_id = ${from}::uuid AND NOT EXISTS (SELECT 1 FROM clash)
      ), accounts AS (
        UPDATE platform_account SET person_id = ${to}::uuid, updated_at = now()
        WHERE person_id = ${from}::uuid AND NOT EXISTS (SELECT 1 FROM clash)
      ), merged AS (
        UPDATE person SET merged_into_id = ${to}::uuid
        WHERE id = ${from}::uuid AND NOT EXISTS (SELECT 1 FROM clash)
      )
      SELECT NOT EXISTS (SELECT 1 FROM clash) AS merged`;
    if (rows[0]?.merged === true) await this.tellCaches('account');
    return rows[0]?.merged === true;
  }

  async createMotion(m: NewMotion): Promise<Motion> {
    // Numbers come from a counter on the assembly row: concurrent proposals
    // queue on its lock and each gets its own number.
    const seq = await this.db.$queryRaw<{ motion_seq: number }[]>`
      UPDATE assembly SET motion_seq = motion_seq + 1 WHERE id = ${m.assemblyId}::uuid RETURNING motion_seq`;
    const number = seq[0]?.motion_seq;
    if (number === undefined) throw new Error(`no assembly ${m.assemblyId}`);
    const row = await this.db.motion.create({
      data: {
        assemblyId: m.assemblyId,
        number,
        kind: toDbKind(m.kind),
        method: toDbMethod(m.method),
        title: m.title,
        body: m.body,
        options: json(m.options),
        seats: m.seats,
        quorumNum: m.quorum.num,
        quorumDen: m.quorum.den,
        quorumStrict: m.quorum.strict,
        thresholdNum: m.threshold.num,
        thresholdDen: m.threshold.den,
        thresholdStrict: m.threshold.strict,
        secret: m.secret,
        secondsRequired: m.secondsRequired,
        votingHours: m.votingHours,
        status: toDbStatus(m.status),
        movedById: m.movedById,
        payload: json(m.payload),
        opensAt: m.opensAt,
        closesAt: m.closesAt,
      },
    });
    return toMotion(row);
  }

  async updateMotion(id: MotionId, patch: Parameters<StoreTx['updateMotion']>[1]): Promise<Motion> {
    const data: Prisma.MotionUpdateInput = {
      ...(patch.status !== undefined ? { status: toDbStatus(patch.status) } : {}),
      ...(patch.opensAt !== undefined ? { opensAt: patch.opensAt } : {}),
      ...(patch.closesAt !== undefined ? { closesAt: patch.closesAt } : {}),
      ...(patch.closedAt !== undefined ? { closedAt: patch.closedAt } : {}),
      ...(patch.result !== undefined ? { result: patch.result === null ? Prisma.DbNull : json(patch.result) } : {}),
    };
    return toMotion(await this.db.motion.update({ where: { id }, data }));
  }

  async lockMotion(id: MotionId): Promise<Motion | null> {
    if (!isUuid(id)) return null;
    await this.db.$queryRaw`SELECT 1 FROM motion WHERE id = ${id}::uuid FOR UPDATE`;
    return this.motion(id);
  }

  async lockAssembly(id: AssemblyId): Promise<Assembly | null> {
    if (!isUuid(id)) return null;
    await this.db.$queryRaw`SELECT 1 FROM assembly WHERE id = ${id}::uuid FOR UPDATE`;
    return this.assembly(id);
  }

  async addSecond(motionId: MotionId, personId: PersonId): Promise<boolean> {
    const { count } = await this.db.motionSecond.createMany({ data: [{ motionId, personId, at: new Date() }], skipDuplicates: true });
    return count > 0;
  }

  async setReminderAt(motionId: MotionId, at: Date | null): Promise<void> {
    if (!isUuid(motionId)) return;
    await this.db.motion.updateMany({ where: { id: motionId }, data: { reminderAt: at } });
  }

  async forgetUnreminded(motionIds: readonly MotionId[]): Promise<readonly MotionId[]> {
    const ids = motionIds.filter(isUuid);
    if (ids.length === 0) return [];
    // Motion rows only, in id order and SKIP LOCKED: it never waits, so it cannot deadlock with the
    // relay's batches or another sweep; a motion it skips stays due for the per-motion path.
    const rows = await this.db.$queryRaw<{ id: string }[]>`
      WITH quiet AS (
        SELECT m.id FROM motion m JOIN assembly a ON a.id = m.assembly_id
        WHERE m.id = ANY(${ids}::uuid[]) AND m.reminder_at IS NOT NULL
          AND (jsonb_typeof(a.policy->'reminders') IS DISTINCT FROM 'array' OR a.policy->'reminders' = '[]'::jsonb)
        ORDER BY m.id FOR UPDATE OF m SKIP LOCKED)
      UPDATE motion SET reminder_at = NULL WHERE id IN (SELECT id FROM quiet)
      RETURNING id::text AS id`;
    return rows.map((r) => asMotionId(r.id));
  }

  async markReminderSent(motionId: MotionId, hours: number, at: Date): Promise<boolean> {
    if (!isUuid(motionId)) return false;
    const rows = await this.db.$queryRaw<{ n: number }[]>`
      INSERT INTO motion_reminder (motion_id, hours, sent_at) SELECT id, ${hours}::int, ${at.toISOString()}::timestamptz FROM motion WHERE id = ${motionId}::uuid
      ON CONFLICT DO NOTHING RETURNING 1 AS n`;
    return rows.length > 0;
  }

  async setRemind(platform: Platform, externalId: string, on: boolean): Promise<void> {
    await this.db.platformAccount.updateMany({ where: { platform, externalId }, data: { remind: on } });
  }

  async setSpeechPreference(platform: Platform, externalId: string, change: Partial<SpeechPreference>): Promise<void> {
    await this.db.platformAccount.updateMany({ where: { platform, externalId }, data: { ...(change.language === undefined ? {} : { language: change.language }), ...(change.timeZone === undefined ? {} : { timeZone: change.timeZone }) } });
    await this.tellCaches('account');
  }

  async voidBallots(motionId: MotionId, personId: PersonId, at: Date): Promise<boolean> {
    if (!isUuid(motionId) || !isUuid(personId)) return false;
    const { count } = await this.db.ballot.updateMany({ where: { motionId, personId, voidedAt: null }, data: { voidedAt: at } });
    return count > 0;
  }

  async appendEvent(assemblyId: AssemblyId, e: NewEvent, at: Date): Promise<AuditEvent> {
    const [event] = await appendEvents(prismaRunner(this.db), assemblyId, [{ event: e, at }]);
    if (!event) throw new Error('appendEvents returned no event');
    return event;
  }

  async enqueue(kind: string, dedupeKey: string, payload: Readonly<Record<string, unknown>>, availableAt?: Date): Promise<void> {
    // No time: due at once whatever clock the dispatcher runs on (epoch 0, as in FakeStore).
    await this.db.outboxItem.createMany({ data: [{ kind, dedupeKey, payload: json(payload), availableAt: availableAt ?? new Date(0) }], skipDuplicates: true });
  }
}
