import { xactLockSql } from './advisory-lock.js';
import type { Motion } from '../../core/model/entities.js';
import type { DecisionWrite, NewReferral, OutboxWrite, RelayChild, RelayTx, RelayParent } from '../../core/ports/relay-store.port.js';
import type { NewEvent, NewMotion } from '../../core/ports/store.port.js';
import type { AdoptionRule, AgendaItem, Proposal, ProposalStatus, ProposalVersion, Referral, SubtreeTally } from '../../core/relay/model.js';
import type { AssemblyId, FederationId, MotionId, ProposalId } from '../../core/shared/ids.js';
import type * as Db from '../../generated/prisma/client.js';
import { PrismaRelayReads } from './prisma-relay-reads.js';
import {
  AGENDA_COLUMNS,
  isInt4,
  MOTION_COLUMNS,
  PROPOSAL_COLUMNS,
  REFERRAL_COLUMNS,
  toAgendaItem,
  toDbReferralStatus,
  toProposal,
  toReferral,
  toVersion,
  ts,
  uuidv7,
  VERSION_COLUMNS,
  type AgendaRow,
  type ProposalRow,
  type ReferralRow,
  type VersionRow,
} from './prisma-relay-mappers.js';
import { localsBelow, relayChildren, rollupDepth } from './prisma-relay-tree.js';
import { appendEventsMany, createMotions, detachReferrals, reportSubtree, widenScope } from './prisma-relay-writes.js';
import { asStoredJson, isUuid, toMotion } from './prisma-store-mappers.js';

const CREATE_PROPOSAL = `
  INSERT INTO proposal AS p (id, federation_id, origin_assembly_id, adoption_rule, deadline)
  VALUES ($1::uuid, $2::uuid, $3::uuid, $4::jsonb, $5::timestamptz)
  RETURNING ${PROPOSAL_COLUMNS}`;

// One statement text whatever the patch: a flag per field says whether to set it.
const UPDATE_PROPOSAL = `
  UPDATE proposal SET
    status = CASE WHEN $2::boolean THEN $3::proposal_status ELSE status END,
    current_version = CASE WHEN $4::boolean THEN $5::int ELSE current_version END,
    adopted_at = CASE WHEN $6::boolean THEN $7::timestamptz ELSE adopted_at END,
    closed_at = CASE WHEN $8::boolean THEN $9::timestamptz ELSE closed_at END
  WHERE id = $1::uuid`;

const CREATE_VERSION = `
  INSERT INTO proposal_version AS v (id, proposal_id, version, title, text, change_note, motion_id)
  VALUES ($1::uuid, $2::uuid, $3::int, $4, $5, $6, $7::uuid)
  RETURNING ${VERSION_COLUMNS}`;

// ORDER BY ord: within one batch the first row for a key wins, as in FakeRelay.
const CREATE_REFERRALS = `
  INSERT INTO referral (id, proposal_id, version, assembly_id, parent_referral_id, depth, status, response_motion_id, local_total, pending)
  SELECT i.id, i.proposal_id, i.version, i.assembly_id, i.parent_referral_id, i.depth, i.status::referral_status, i.response_motion_id, i.local_total, i.local_total
  FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::uuid[], $5::uuid[], $6::int[], $7::text[], $8::uuid[], $9::int[])
    WITH ORDINALITY AS i(id, proposal_id, version, assembly_id, parent_referral_id, depth, status, response_motion_id, local_total, ord)
  ORDER BY i.ord
  ON CONFLICT DO NOTHING`;

const MARK_RELAYED = 'UPDATE referral SET relayed_at = $2::timestamptz, updated_at = now() WHERE id = ANY($1::uuid[]) AND relayed_at IS NULL';

// A referral decided twice in one batch keeps the last decision, as in FakeRelay.
const DECIDE = `
  UPDATE referral r
  SET status = d.status::referral_status, reason = d.reason, reason_message = d.reason_message::jsonb, amendment_text = d.amendment_text, decided_at = d.at::timestamptz,
    member_count = COALESCE(d.members, (SELECT count(*) FROM membership m WHERE m.assembly_id = r.assembly_id AND m.status = 'active')),
    dirty_gen = r.dirty_gen + 1, updated_at = now()
  FROM (
    SELECT DISTINCT ON (i.id) i.id, i.status, i.reason, i.reason_message, i.amendment_text, i.at, i.members
    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[]) WITH ORDINALITY AS i(id, status, reason, amendment_text, at, members, reason_message, ord)
    ORDER BY i.id, i.ord DESC
  ) d
  WHERE r.id = d.id`;

const END_REFERRALS = `
  UPDATE referral SET status = $2::referral_status, dirty_gen = dirty_gen + 1, updated_at = now()
  WHERE id = ANY($1::uuid[]) AND status IN ('pending', 'accepted', 'rejected', 'amend_requested') AND (NOT $3::boolean OR status = 'pending')`;

const CLOSE_MOTIONS = `
  UPDATE motion m SET status = $2::motion_status, closed_at = $3::timestamptz
  WHERE m.id = ANY($1::uuid[]) AND m.status IN ('proposed', 'open')
  RETURNING ${MOTION_COLUMNS}`;

// Response motions name their referral in the payload; the assemblies bound the scan to their (assembly, status) index.
const CLOSE_RESPONSE_MOTIONS = `
  UPDATE motion m SET status = $3::motion_status, closed_at = $4::timestamptz
  WHERE m.assembly_id = ANY($1::uuid[]) AND m.kind = 'proposal_response' AND m.status IN ('proposed', 'open')
    AND lower(m.payload->>'referralId') = ANY($2::text[])
  RETURNING ${MOTION_COLUMNS}`;

// ORDER BY ord: a key twice in one batch keeps its first payload, as `enqueue` twice would.
const ENQUEUE = `
  INSERT INTO outbox_item (kind, dedupe_key, payload, available_at)
  SELECT i.kind, i.dedupe_key, i.payload::jsonb, i.available_at::timestamptz
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS i(kind, dedupe_key, payload, available_at, ord)
  ORDER BY i.ord
  ON CONFLICT (dedupe_key) DO NOTHING`;

// Only rows that are done are touched (and so locked): while a row is pending
// or dispatched, many transactions asking for its run again do not queue on it.
const REARM = `
  UPDATE outbox_item o SET status = 'pending', available_at = r.available_at::timestamptz, payload = r.payload::jsonb, last_error = NULL, updated_at = now()
  FROM unnest($1::text[], $2::text[], $3::text[]) AS r(dedupe_key, available_at, payload)
  WHERE o.dedupe_key = r.dedupe_key AND o.status = 'done'`;

/*
 * A proposal's gate: relay steps hold it shared, status changes (adoption,
 * withdrawal, a new version) exclusive, to commit. A transaction-scoped
 * advisory lock rather than FOR SHARE on the row: the lock manager queues a
 * waiting exclusive request ahead of shared requests that come after it,
 * whereas a row's share lock admits every newcomer while a FOR UPDATE waits,
 * and a steady stream of relay steps starved the adoption (28 s per attempt
 * at 100,000 assemblies).
 */
const PROPOSAL_GATE_SHARED = xactLockSql('plenary.relay.proposal', 'shared');
const PROPOSAL_GATE_EXCLUSIVE = xactLockSql('plenary.relay.proposal');

// Transaction-scoped advisory locks, one per referral, taken in id order.
const GUARD_REFERRALS = `
  SELECT count(*)::int AS guarded FROM (
    SELECT pg_advisory_xact_lock(hashtext('plenary.relay.referral'), hashtext(g.id::text))
    FROM (SELECT DISTINCT u.id FROM unnest($1::uuid[]) AS u(id) ORDER BY u.id) g
  ) locked`;

// The job's row goes to done in the job's own transaction. A concurrent
// duplicate waits on the row lock, then finds it done (the re-check on the
// newest row version) and takes nothing. No row at all: the job still runs
// (enqueued by hand, or a test), as in FakeRelay.
const TAKE_OUTBOX = `
  WITH taken AS (
    UPDATE outbox_item SET status = 'done', updated_at = now()
    WHERE dedupe_key = $1 AND status <> 'done'
    RETURNING id
  )
  SELECT (EXISTS (SELECT 1 FROM taken) OR NOT EXISTS (SELECT 1 FROM outbox_item WHERE dedupe_key = $1)) AS taken`;

const CREATE_AGENDA_ITEM = `
  INSERT INTO agenda_item AS g (id, assembly_id, from_assembly_id, federation_id, title, text, forwarded_by_motion_id)
  VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, $5, $6, $7::uuid)
  RETURNING ${AGENDA_COLUMNS}`;

/** Without a time: due at once whatever clock the dispatcher runs on (as `enqueue`). */
const EPOCH = new Date(0);
const uuids = (ids: readonly string[]): string[] => ids.filter(isUuid);

/**
 * `RelayTx` over one transaction's `SqlRunner`, in hand-written SQL that runs
 * on PostgreSQL and PGlite. Every bulk method costs a fixed number of
 * statements (arrays go in through `unnest`); semantics follow `FakeRelay`.
 */
export class PrismaRelay extends PrismaRelayReads implements RelayTx {
  async createProposal(p: { federationId: FederationId; originAssemblyId: AssemblyId; adoptionRule: AdoptionRule; deadline: Date | null }): Promise<Proposal> {
    const [row] = await this.sql.query<ProposalRow>(CREATE_PROPOSAL, [uuidv7(), p.federationId, p.originAssemblyId, JSON.stringify(asStoredJson(p.adoptionRule)), ts(p.deadline)]);
    if (!row) throw new Error('proposal was not written');
    return toProposal(row);
  }

  async lockProposal(id: ProposalId): Promise<Proposal | null> {
    if (!isUuid(id)) return null;
    await this.sql.query(PROPOSAL_GATE_EXCLUSIVE, [id.toLowerCase()]);
    return this.one(this.sql.query<ProposalRow>(`SELECT ${PROPOSAL_COLUMNS} FROM proposal p WHERE p.id = $1::uuid FOR UPDATE`, [id]), toProposal);
  }

  async shareProposal(id: ProposalId): Promise<Proposal | null> {
    if (!isUuid(id)) return null;
    // The gate first, then the read in a statement of its own: its snapshot sees what the last holder of the exclusive gate committed.
    await this.sql.query(PROPOSAL_GATE_SHARED, [id.toLowerCase()]);
    return this.one(this.sql.query<ProposalRow>(`SELECT ${PROPOSAL_COLUMNS} FROM proposal p WHERE p.id = $1::uuid`, [id]), toProposal);
  }

  async updateProposal(id: ProposalId, patch: { status?: ProposalStatus; currentVersion?: number; adoptedAt?: Date | null; closedAt?: Date | null }): Promise<void> {
    if (!isUuid(id)) return;
    await this.sql.query(UPDATE_PROPOSAL, [
      id,
      patch.status !== undefined,
      patch.status ?? null,
      patch.currentVersion !== undefined,
      patch.currentVersion ?? null,
      patch.adoptedAt !== undefined,
      ts(patch.adoptedAt),
      patch.closedAt !== undefined,
      ts(patch.closedAt),
    ]);
  }

  async createVersion(v: { proposalId: ProposalId; version: number; title: string; text: string; changeNote: string | null; motionId: MotionId | null }): Promise<ProposalVersion> {
    // A version that exists fails on the unique (proposal_id, version) key, as FakeRelay throws.
    const [row] = await this.sql.query<VersionRow>(CREATE_VERSION, [uuidv7(), v.proposalId, v.version, v.title, v.text, v.changeNote, v.motionId]);
    if (!row) throw new Error('proposal version was not written');
    return toVersion(row);
  }

  localsBelow(federationId: FederationId, assemblyIds: readonly AssemblyId[]): Promise<ReadonlyMap<AssemblyId, number>> {
    return localsBelow(this.sql, federationId, assemblyIds);
  }

  async guardReferrals(ids: readonly string[]): Promise<readonly Referral[]> {
    const valid = uuids(ids);
    if (valid.length === 0) return [];
    await this.sql.query(GUARD_REFERRALS, [valid]);
    return this.many(this.sql.query<ReferralRow>(`SELECT ${REFERRAL_COLUMNS} FROM referral r WHERE r.id = ANY($1::uuid[]) ORDER BY r.id`, [valid]), toReferral);
  }

  async lockReferrals(ids: readonly string[]): Promise<readonly Referral[]> {
    const valid = uuids(ids);
    if (valid.length === 0) return [];
    // The guard first (a decision and a relay step of one referral take turns), then the rows.
    await this.sql.query(GUARD_REFERRALS, [valid]);
    return this.many(this.sql.query<ReferralRow>(`SELECT ${REFERRAL_COLUMNS} FROM referral r WHERE r.id = ANY($1::uuid[]) ORDER BY r.id FOR NO KEY UPDATE`, [valid]), toReferral);
  }

  relayChildren(q: { federationId: FederationId; parents: readonly RelayParent[]; proposalId: ProposalId; version: number; limit: number }): Promise<readonly RelayChild[]> {
    return relayChildren(this.sql, q);
  }

  createMotions(rows: readonly (NewMotion & { readonly id: MotionId })[]): Promise<readonly Motion[]> {
    return createMotions(this.sql, rows);
  }

  async createReferrals(rows: readonly NewReferral[]): Promise<void> {
    if (rows.length === 0) return;
    await this.sql.query(CREATE_REFERRALS, [
      rows.map((r) => r.id),
      rows.map((r) => r.proposalId),
      rows.map((r) => r.version),
      rows.map((r) => r.assemblyId),
      rows.map((r) => r.parentReferralId),
      rows.map((r) => r.depth),
      rows.map((r) => r.status),
      rows.map((r) => r.responseMotionId),
      rows.map((r) => r.localTotal),
    ]);
  }

  detachReferrals(ids: readonly string[]): Promise<void> {
    return detachReferrals(this.sql, uuids([...new Set(ids)]));
  }

  reportSubtree(referralId: string, tally: SubtreeTally): Promise<void> {
    return reportSubtree(this.sql, referralId, tally);
  }

  widenScope(items: readonly { readonly referralId: string; readonly n: number }[]): Promise<void> {
    const valid = new Set(uuids(items.map((i) => i.referralId)));
    return widenScope(this.sql, items.filter((i) => valid.has(i.referralId) && i.n > 0));
  }

  async markRelayed(referralIds: readonly string[], at: Date): Promise<void> {
    const valid = uuids(referralIds);
    if (valid.length > 0) await this.sql.query(MARK_RELAYED, [valid, ts(at)]);
  }

  async decide(rows: readonly DecisionWrite[]): Promise<void> {
    const valid = rows.filter((d) => isUuid(d.referralId));
    if (valid.length === 0) return;
    await this.sql.query(DECIDE, [
      valid.map((d) => d.referralId),
      valid.map((d) => toDbReferralStatus(d.status)),
      valid.map((d) => d.reason),
      valid.map((d) => d.amendmentText),
      valid.map((d) => d.at.toISOString()),
      valid.map((d) => d.memberCount ?? null),
      valid.map((d) => (d.reasonMessage ? JSON.stringify(d.reasonMessage) : null)),
    ]);
  }


  async endReferrals(ids: readonly string[], status: 'superseded' | 'withdrawn' | 'expired', onlyPending: boolean): Promise<void> {
    const valid = uuids(ids);
    if (valid.length > 0) await this.sql.query(END_REFERRALS, [valid, status, onlyPending]);
  }

  async closeMotions(ids: readonly MotionId[], status: 'superseded' | 'withdrawn' | 'expired', at: Date): Promise<readonly Motion[]> {
    const valid = uuids(ids);
    if (valid.length === 0) return [];
    const rows = await this.sql.query<Db.Motion>(CLOSE_MOTIONS, [valid, status, ts(at)]);
    // In the order asked for, as FakeRelay returns them.
    const order = new Map(valid.map((id, i) => [id.toLowerCase(), i]));
    return rows.map(toMotion).sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  }

  async closeResponseMotions(referrals: readonly { readonly id: string; readonly assemblyId: AssemblyId }[], status: 'superseded' | 'withdrawn' | 'expired', at: Date): Promise<readonly Motion[]> {
    const assemblies = [...new Set(referrals.map((r) => r.assemblyId.toLowerCase()))].filter(isUuid);
    if (assemblies.length === 0) return [];
    const rows = await this.sql.query<Db.Motion>(CLOSE_RESPONSE_MOTIONS, [assemblies, [...new Set(referrals.map((r) => r.id.toLowerCase()))], status, ts(at)]);
    return rows.map(toMotion);
  }

  rollupDepth(proposalId: ProposalId, version: number, depth: number, limit: number): Promise<number> {
    return rollupDepth(this.sql, proposalId, version, depth, limit);
  }

  async maxDirtyDepth(proposalId: ProposalId, version: number): Promise<number | null> {
    if (!isUuid(proposalId) || !isInt4(version)) return null;
    const [row] = await this.sql.query<{ depth: number | null }>(
      'SELECT max(r.depth) AS depth FROM referral r WHERE r.proposal_id = $1::uuid AND r.version = $2::int AND r.dirty_gen > r.clean_gen',
      [proposalId, version],
    );
    return row?.depth ?? null;
  }

  appendEventsMany(items: readonly { readonly assemblyId: AssemblyId; readonly event: NewEvent }[], at: Date): Promise<void> {
    return appendEventsMany(this.sql, items, at);
  }

  async enqueueMany(items: readonly OutboxWrite[]): Promise<void> {
    if (items.length === 0) return;
    await this.sql.query(ENQUEUE, [
      items.map((i) => i.kind),
      items.map((i) => i.dedupeKey),
      items.map((i) => JSON.stringify(asStoredJson(i.payload))),
      items.map((i) => (i.availableAt ?? EPOCH).toISOString()),
    ]);
    const rearm = items.filter((i) => i.rearm);
    if (rearm.length > 0) {
      await this.sql.query(REARM, [rearm.map((i) => i.dedupeKey), rearm.map((i) => (i.availableAt ?? EPOCH).toISOString()), rearm.map((i) => JSON.stringify(asStoredJson(i.payload)))]);
    }
  }

  async takeOutbox(dedupeKey: string): Promise<boolean> {
    const [row] = await this.sql.query<{ taken: boolean }>(TAKE_OUTBOX, [dedupeKey]);
    return row?.taken === true;
  }

  async createAgendaItem(i: { assemblyId: AssemblyId; fromAssemblyId: AssemblyId; federationId: FederationId; title: string; text: string; forwardedByMotionId: MotionId }): Promise<AgendaItem> {
    const [row] = await this.sql.query<AgendaRow>(CREATE_AGENDA_ITEM, [uuidv7(), i.assemblyId, i.fromAssemblyId, i.federationId, i.title, i.text, i.forwardedByMotionId]);
    if (!row) throw new Error('agenda item was not written');
    return toAgendaItem(row);
  }

  async takeUpAgendaItem(id: string, motionId: MotionId): Promise<void> {
    if (!isUuid(id)) return;
    await this.sql.query('UPDATE agenda_item SET taken_up_by_motion_id = $2::uuid WHERE id = $1::uuid', [id, motionId]);
  }
}
