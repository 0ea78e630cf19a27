import { nameKey } from '../shared/names.js';
import { GENESIS_HASH, hashEvent } from '../events/hash-chain.js';
import type { Actor, Assembly, AuditEvent, Ballot, Membership, Motion, MotionStatus, Person, Platform, RoomBinding } from '../model/entities.js';
import { checkpointDueAt } from '../model/policy.js';
import type { BallotWrite, CastOutcome, CheckpointState, NewEvent, NewMotion, Store, StoreReads, StoreTx } from '../ports/store.port.js';
import { asAssemblyId, asMotionId, asPersonId, type AssemblyId, type MotionId, type PersonId } from '../shared/ids.js';
import { accountKey, emptyState, pairKey, type FakeState } from './fake-store-state.js';
import { castInto } from './fake-ballots.js';
import { FakeMemberTimes } from './fake-member-times.js';
import { claimDue, finishItem, reclaimStale, releaseClaims } from './fake-outbox.js';
import { FakeLaws } from './fake-laws.js';
import { FakeMirrors } from './fake-mirrors.js';
import { FakePeerLinks } from './fake-peer-links.js';
import type { PeerLinkStore } from '../ports/peer-link-store.port.js';
import { FakePeerOutbox, transactionalPeerOutbox } from './fake-peer-outbox.js';
import type { PeerOutbox } from '../ports/federation-link.port.js';
import { FakeRelay } from './fake-relay.js';
import * as reminders from './fake-reminders.js';
import { clearFault, faultsOf, markFault } from './fake-room-faults.js';
import type { RoomFault } from '../ports/room-faults.port.js';
import type { OutboxItem } from '../model/federation.js';
import type { OutboxClaim } from '../ports/federation-store.port.js';

/**
 * In-memory `Store` for unit tests and scenario tests: same contract as the
 * Prisma store (one current ballot per person and motion, per-assembly hash
 * chain, all-or-nothing transactions), no I/O. Transactions run one at a time
 * on a copy of the state that replaces it only on success.
 */
export class FakeStore implements Store {
  private state: FakeState = emptyState();
  private lock: Promise<unknown> = Promise.resolve();
  readonly read: StoreReads;
  readonly links = new FakePeerLinks();
  readonly peerOutbox: PeerOutbox;

  /** `firstId`: where its ids start, so several fake deployments in one test hand out different ids (as UUIDs would). */
  constructor(o: { readonly firstId?: number } = {}) {
    if (o.firstId !== undefined) this.state.nextId = o.firstId;
    this.read = new FakeTx(() => this.state, this.links);
    this.peerOutbox = transactionalPeerOutbox((fn) => this.run((tx) => fn(tx.peerOutbox)));
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.run((tx) => fn(tx));
  }

  private run<T>(fn: (tx: StoreTx, draft: FakeState) => Promise<T>): Promise<T> {
    const run = this.lock.then(async () => {
      const draft = cloneState(this.state);
      const result = await fn(new FakeTx(() => draft, this.links), draft);
      this.state = draft;
      return result;
    });
    this.lock = run.catch(() => undefined);
    return run;
  }

  castBallots(batch: BallotWrite): Promise<CastOutcome> {
    return this.run((tx, draft) => castInto(tx, draft, batch));
  }

  claimOutbox(now: Date, limit: number): Promise<readonly OutboxItem[]> {
    return this.run((_tx, draft) => Promise.resolve(claimDue(draft, now, limit)));
  }

  releaseOutbox(claims: readonly OutboxClaim[]): Promise<void> {
    return this.run((_tx, draft) => Promise.resolve(releaseClaims(draft, claims)));
  }

  finishOutbox(dedupeKey: string, result: { ok: true } | { ok: false; error: string }): Promise<void> {
    return this.run((_tx, draft) => Promise.resolve(finishItem(draft, dedupeKey, result)));
  }

  reclaimStaleOutbox(olderThan: Date): Promise<number> {
    return this.run((_tx, draft) => Promise.resolve(reclaimStale(draft, olderThan)));
  }

  markRoomFault(fault: Omit<RoomFault, 'since' | 'checkedAt'>, now: Date): Promise<boolean> {
    return this.run((_tx, draft) => Promise.resolve(markFault(draft, fault, now)));
  }

  roomFaults(platform: Platform, roomIds: readonly string[]): Promise<readonly RoomFault[]> {
    return Promise.resolve(faultsOf(this.state, platform, roomIds));
  }

  clearRoomFault(platform: Platform, roomId: string): Promise<boolean> {
    return this.run((_tx, draft) => Promise.resolve(clearFault(draft, platform, roomId)));
  }

  /** Test hook: direct access to rows, e.g. to tamper with the record. */
  get raw(): FakeState {
    return this.state;
  }
}

function cloneState(s: FakeState): FakeState {
  return structuredClone(s);
}

const nextId = (s: () => FakeState) => (prefix: string): string => {
  const st = s();
  return `${prefix}${String(st.nextId++).padStart(6, '0')}`;
};

class FakeTx extends FakeMemberTimes implements StoreTx {
  private readonly id: (prefix: string) => string;
  private readonly s: () => FakeState;
  readonly relay: FakeRelay;
  readonly laws: FakeLaws;
  readonly remotes: FakeMirrors;
  readonly peerOutbox: FakePeerOutbox;
  constructor(
    state: () => FakeState,
    /** Kept apart from the state (not rolled back with it): the fake's transactions run one at a time anyway. */
    readonly links: PeerLinkStore,
  ) {
    super(state, nextId(state));
    this.s = state;
    this.id = nextId(state);
    this.relay = new FakeRelay(state, this, this.id);
    this.laws = new FakeLaws(state, this.id);
    this.remotes = new FakeMirrors(state);
    this.peerOutbox = new FakePeerOutbox(state, this.id);
  }

  /** Transactions run one at a time here: holding a lane is holding the store. */
  lockLane(): Promise<void> {
    return Promise.resolve();
  }

  personByAccount(platform: Platform, externalId: string): Promise<Person | null> {
    const a = this.s().accounts.get(accountKey(platform, externalId));
    return Promise.resolve(a ? (this.s().persons.get(a.personId) ?? null) : null);
  }
  async personsByAccounts(platform: Platform, externalIds: readonly string[]): Promise<ReadonlyMap<string, Person>> {
    const found = new Map<string, Person>();
    for (const id of externalIds) {
      const p = await this.personByAccount(platform, id);
      if (p) found.set(id, p);
    }
    return found;
  }
  person(id: PersonId): Promise<Person | null> {
    return Promise.resolve(this.s().persons.get(id) ?? null);
  }
  accountsOf(id: PersonId): Promise<readonly Actor[]> {
    return Promise.resolve([...this.s().accounts.values()].filter((a) => a.personId === id).map(({ platform, externalId, displayName }) => ({ platform, externalId, displayName })));
  }
  assembly(id: AssemblyId): Promise<Assembly | null> {
    return Promise.resolve(this.s().assemblies.get(id) ?? null);
  }
  assemblyByName(name: string): Promise<Assembly | null> {
    const key = nameKey(name);
    return Promise.resolve([...this.s().assemblies.values()].find((a) => nameKey(a.name) === key) ?? null);
  }
  bindingByRoom(platform: Platform, roomId: string): Promise<RoomBinding | null> {
    return Promise.resolve(this.s().bindings.get(accountKey(platform, roomId)) ?? null);
  }
  bindingsOf(assemblyId: AssemblyId): Promise<readonly RoomBinding[]> {
    return Promise.resolve([...this.s().bindings.values()].filter((b) => b.assemblyId === assemblyId));
  }
  membership(assemblyId: AssemblyId, personId: PersonId): Promise<Membership | null> {
    return Promise.resolve(this.s().memberships.get(pairKey(assemblyId, personId)) ?? null);
  }
  members(assemblyId: AssemblyId, status?: Membership['status']): Promise<readonly (Membership & { displayName: string })[]> {
    const list = [...this.s().memberships.values()].filter((m) => m.assemblyId === assemblyId && (!status || m.status === status));
    return Promise.resolve(list.map((m) => ({ ...m, displayName: this.s().persons.get(m.personId)?.displayName ?? '?' })).sort((a, b) => a.displayName.localeCompare(b.displayName)));
  }
  async countMembers(assemblyId: AssemblyId, status: Membership['status']): Promise<number> {
    return (await this.members(assemblyId, status)).length;
  }
  motion(id: MotionId): Promise<Motion | null> {
    return Promise.resolve(this.s().motions.get(id) ?? null);
  }
  motionByNumber(assemblyId: AssemblyId, number: number): Promise<Motion | null> {
    return Promise.resolve([...this.s().motions.values()].find((m) => m.assemblyId === assemblyId && m.number === number) ?? null);
  }
  motions(assemblyId: AssemblyId, statuses?: readonly MotionStatus[], limit = 10_000): Promise<readonly Motion[]> {
    const list = [...this.s().motions.values()].filter((m) => m.assemblyId === assemblyId && (!statuses || statuses.includes(m.status)));
    return Promise.resolve(list.sort((a, b) => b.number - a.number).slice(0, limit));
  }
  dueMotions(now: Date, limit: number): Promise<readonly Motion[]> {
    const list = [...this.s().motions.values()].filter((m) => (m.status === 'open' || m.status === 'proposed') && m.closesAt !== null && m.closesAt <= now);
    // Earliest deadline first, as the Prisma store orders them: one closing may change what the next counts.
    list.sort((a, b) => (a.closesAt?.getTime() ?? 0) - (b.closesAt?.getTime() ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return Promise.resolve(list.slice(0, limit));
  }
  seconds(motionId: MotionId): Promise<readonly PersonId[]> {
    return Promise.resolve((this.s().seconds.get(motionId) ?? []).map(asPersonId));
  }
  ballot(motionId: MotionId, personId: PersonId): Promise<Ballot | null> {
    const b = this.s().ballots.get(pairKey(motionId, personId));
    return Promise.resolve(b && !b.voidedAt ? strip(b) : null);
  }
  ballots(motionId: MotionId): Promise<readonly Ballot[]> {
    return Promise.resolve([...this.s().ballots.values()].filter((b) => b.motionId === motionId && !b.voidedAt).map(strip));
  }
  async yesNoTally(motionId: MotionId): Promise<{ yes: number; no: number; abstain: number }> {
    const t = { yes: 0, no: 0, abstain: 0 };
    for (const b of await this.ballots(motionId)) if (b.choice.kind === 'yes-no-abstain') t[b.choice.value]++;
    return t;
  }
  async countBallots(motionId: MotionId): Promise<number> {
    return (await this.ballots(motionId)).length;
  }
  async strayBallots(motionId: MotionId): Promise<readonly PersonId[]> {
    const motion = this.s().motions.get(motionId);
    if (!motion) return [];
    const active = (b: Ballot) => this.s().memberships.get(pairKey(motion.assemblyId, b.personId))?.status === 'active';
    return (await this.ballots(motionId)).filter((b) => !active(b)).map((b) => b.personId);
  }
  events(assemblyId: AssemblyId, afterSeq = 0, limit = 10_000): Promise<readonly AuditEvent[]> {
    return Promise.resolve((this.s().events.get(assemblyId) ?? []).filter((e) => e.seq > afterSeq).slice(0, limit));
  }
  chainHead(assemblyId: AssemblyId): Promise<{ readonly seq: number; readonly hash: string } | null> {
    const a = this.s().assemblies.get(assemblyId);
    return Promise.resolve(a ? { seq: a.eventSeq, hash: a.headHash } : null);
  }

  assemblyIds(): Promise<readonly AssemblyId[]> {
    return Promise.resolve([...this.s().assemblies.keys()].map(asAssemblyId));
  }
  roleElectorateAssemblyIds(): Promise<readonly AssemblyId[]> {
    const ids = [...this.s().assemblies.values()].filter((a) => a.policy.electorateRole !== undefined).map((a) => a.id);
    return Promise.resolve(ids.sort().map(asAssemblyId));
  }
  checkpointOf(assemblyId: AssemblyId): Promise<CheckpointState | null> {
    return Promise.resolve(this.s().assemblies.has(assemblyId) ? (this.s().checkpoints.get(assemblyId) ?? null) : null);
  }
  dueCheckpoints(now: Date, limit: number): Promise<readonly AssemblyId[]> {
    const due = [...this.s().assemblies.values()].flatMap((a) => {
      const c = this.s().checkpoints.get(a.id);
      return c?.dueAt && c.dueAt <= now && a.eventSeq > c.seq ? [{ id: a.id, dueAt: c.dueAt.getTime() }] : [];
    });
    // As the Prisma store orders them: the longest waiting first, then by id.
    due.sort((x, y) => x.dueAt - y.dueAt || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    return Promise.resolve(due.slice(0, limit).map((d) => d.id));
  }

  // ---- writes ----
  createPerson(displayName: string, account: Actor): Promise<Person> {
    const held = this.s().accounts.get(accountKey(account.platform, account.externalId));
    const holder = held ? this.s().persons.get(held.personId) : undefined;
    if (holder) return Promise.resolve(holder);
    const person: Person = { id: asPersonId(this.id('p')), displayName };
    this.s().persons.set(person.id, person);
    this.s().accounts.set(accountKey(account.platform, account.externalId), { ...account, personId: person.id });
    return Promise.resolve(person);
  }
  moveAccount(platform: Platform, externalId: string, to: PersonId): Promise<void> {
    const a = this.s().accounts.get(accountKey(platform, externalId));
    if (a) this.s().accounts.set(accountKey(platform, externalId), { ...a, personId: to });
    return Promise.resolve();
  }
  saveLinkCode(code: string, personId: PersonId, expiresAt: Date): Promise<void> {
    this.s().linkCodes.set(code, { personId, expiresAt, usedAt: null });
    return Promise.resolve();
  }
  consumeLinkCode(code: string, now: Date): Promise<PersonId | null> {
    const c = this.s().linkCodes.get(code);
    if (!c || c.usedAt || c.expiresAt <= now) return Promise.resolve(null);
    c.usedAt = now;
    return Promise.resolve(asPersonId(c.personId));
  }
  createAssembly(input: Parameters<StoreTx['createAssembly']>[0]): Promise<Assembly> {
    // As the database's unique index on assembly.name_key.
    if ([...this.s().assemblies.values()].some((x) => nameKey(x.name) === nameKey(input.name))) return Promise.reject(new Error('unique violation: assembly_name_key_key'));
    const a = { ...input, id: asAssemblyId(this.id('a')), createdAt: new Date(), eventSeq: 0, headHash: GENESIS_HASH };
    this.s().assemblies.set(a.id, a);
    this.s().checkpoints.set(a.id, { seq: 0, at: null, dueAt: checkpointDueAt(input.policy.checkpointHours, null) });
    return Promise.resolve(a);
  }
  updatePolicy(id: AssemblyId, policy: Assembly['policy']): Promise<void> {
    const a = this.s().assemblies.get(id);
    if (a) this.s().assemblies.set(id, { ...a, policy });
    const c = this.s().checkpoints.get(id);
    if (c) this.s().checkpoints.set(id, { ...c, dueAt: checkpointDueAt(policy.checkpointHours, c.at) });
    reminders.replanAssembly(this.s(), id);
    return Promise.resolve();
  }
  markCheckpoint(id: AssemblyId, state: CheckpointState): Promise<void> {
    if (this.s().assemblies.has(id)) this.s().checkpoints.set(id, state);
    return Promise.resolve();
  }
  bindRoom(binding: RoomBinding): Promise<void> {
    this.s().bindings.set(accountKey(binding.platform, binding.roomId), binding);
    return Promise.resolve();
  }
  unbindRoom(room: { platform: Platform; roomId: string }): Promise<void> {
    this.s().bindings.delete(accountKey(room.platform, room.roomId));
    return Promise.resolve();
  }
  upsertMembership(m: { assemblyId: AssemblyId; personId: PersonId; status: Membership['status']; role: Membership['role'] }): Promise<Membership> {
    const prev = this.s().memberships.get(pairKey(m.assemblyId, m.personId));
    const next: Membership = { ...m, joinedAt: prev?.joinedAt ?? new Date() };
    this.s().memberships.set(pairKey(m.assemblyId, m.personId), next);
    return Promise.resolve(next);
  }
  mergePersons(from: PersonId, to: PersonId): Promise<boolean> {
    const st = this.s();
    const clash = [...st.ballots.values()].some((b) => b.personId === from && st.ballots.has(pairKey(b.motionId, to)));
    if (clash) return Promise.resolve(false);
    for (const [k, m] of [...st.memberships]) {
      if (m.personId !== from) continue;
      st.memberships.delete(k);
      if (!st.memberships.has(pairKey(m.assemblyId, to))) st.memberships.set(pairKey(m.assemblyId, to), { ...m, personId: to });
    }
    for (const [k, b] of [...st.ballots]) {
      if (b.personId !== from) continue;
      st.ballots.delete(k);
      st.ballots.set(pairKey(b.motionId, to), { ...b, personId: to });
    }
    for (const [k, a] of [...st.accounts]) if (a.personId === from) st.accounts.set(k, { ...a, personId: to });
    return Promise.resolve(true);
  }
  createMotion(m: NewMotion): Promise<Motion> {
    const number = [...this.s().motions.values()].filter((x) => x.assemblyId === m.assemblyId).length + 1;
    const motion: Motion = { ...m, options: [...m.options], id: asMotionId(this.id('m')), number, closedAt: null, result: null, createdAt: new Date() };
    this.s().motions.set(motion.id, motion);
    // As the database's column default: the sweep looks at a new motion's reminders at once.
    this.s().reminderAt.set(motion.id, new Date(0));
    return Promise.resolve(motion);
  }
  updateMotion(id: MotionId, patch: Parameters<StoreTx['updateMotion']>[1]): Promise<Motion> {
    const m = this.s().motions.get(id);
    if (!m) throw new Error(`no motion ${id}`);
    const next: Motion = { ...m, ...patch };
    this.s().motions.set(id, next);
    return Promise.resolve(next);
  }
  lockMotion(id: MotionId): Promise<Motion | null> {
    return this.motion(id);
  }
  lockAssembly(id: AssemblyId): Promise<Assembly | null> {
    return this.assembly(id);
  }
  addSecond(motionId: MotionId, personId: PersonId): Promise<boolean> {
    const list = this.s().seconds.get(motionId) ?? [];
    if (list.includes(personId)) return Promise.resolve(false);
    this.s().seconds.set(motionId, [...list, personId]);
    return Promise.resolve(true);
  }
  voidBallots(motionId: MotionId, personId: PersonId, at: Date): Promise<boolean> {
    const b = this.s().ballots.get(pairKey(motionId, personId));
    if (!b || b.voidedAt) return Promise.resolve(false);
    b.voidedAt = at;
    return Promise.resolve(true);
  }
  appendEvent(assemblyId: AssemblyId, e: NewEvent, at: Date): Promise<AuditEvent> {
    const a = this.s().assemblies.get(assemblyId);
    if (!a) throw new Error(`no assembly ${assemblyId}`);
    // Round-trip the payload through JSON, as a jsonb column would.
    const payload = JSON.parse(JSON.stringify(e.payload)) as Record<string, unknown>;
    const base = { assemblyId, seq: a.eventSeq + 1, type: e.type, actorId: e.actorId, payload, at, prevHash: a.headHash };
    const event: AuditEvent = { ...base, hash: hashEvent(base) };
    this.s().assemblies.set(assemblyId, { ...a, eventSeq: event.seq, headHash: event.hash });
    const list = this.s().events.get(assemblyId) ?? [];
    list.push(event);
    this.s().events.set(assemblyId, list);
    return Promise.resolve(event);
  }
  enqueue(kind: string, dedupeKey: string, payload: Readonly<Record<string, unknown>>, availableAt?: Date): Promise<void> {
    if (!this.s().outbox.has(dedupeKey)) {
      this.s().outbox.set(dedupeKey, { id: this.id('o'), kind, dedupeKey, payload, status: 'pending', attempts: 0, availableAt: availableAt ?? new Date(0), lastError: null, claimedAt: null });
    }
    return Promise.resolve();
  }
}

const strip = (b: Ballot & { voidedAt: Date | null }): Ballot => ({ motionId: b.motionId, personId: b.personId, choice: b.choice, castAt: b.castAt });
