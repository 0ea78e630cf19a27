import { randomUUID } from 'node:crypto';
import type { Assembly, Ballot, Choice, Motion, Person } from '../../src/core/model/entities.js';
import { defaultPolicy } from '../../src/core/model/policy.js';
import type { CastOutcome, NewEvent, NewMotion, Store } from '../../src/core/ports/store.port.js';
import { asAssemblyId, asMotionId, asPersonId, type MotionId, type PersonId } from '../../src/core/shared/ids.js';

/** What the port never reads back but its contract still covers (outbox, ballot history). */
export interface StoreProbe {
  outbox(): Promise<readonly { kind: string; dedupeKey: string; payload: unknown; availableAt: Date }[]>;
  /** Every cast and change on a motion, oldest first. */
  ballotHistory(motionId: MotionId): Promise<readonly { personId: string; choice: Choice; castAt: Date }[]>;
}

export interface StoreHarness {
  readonly store: Store;
  readonly probe: StoreProbe;
  close(): Promise<void>;
}

/** Opens one store for a whole conformance run; tests share it and never rely on it being empty. */
export type OpenStore = () => Promise<StoreHarness>;

/** Well-formed ids that no store ever hands out (the Prisma store keeps ids as `uuid`). */
export const UNKNOWN = {
  person: asPersonId('00000000-0000-7000-8000-000000000001'),
  assembly: asAssemblyId('00000000-0000-7000-8000-000000000002'),
  motion: asMotionId('00000000-0000-7000-8000-000000000003'),
};

export const HOUR = 3_600_000;
export const unique = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;
export const yes: Choice = { kind: 'yes-no-abstain', value: 'yes' };
export const no: Choice = { kind: 'yes-no-abstain', value: 'no' };
export const now = (): Date => new Date();

export function person(store: Store, name = unique('person')): Promise<Person> {
  return store.transaction((tx) => tx.createPerson(name, { platform: 'console', externalId: unique(name), displayName: name }));
}

export function assembly(store: Store, name = unique('assembly')): Promise<Assembly> {
  return store.transaction((tx) => tx.createAssembly({ kind: 'local', name, level: 0, parentAssemblyId: null, policy: defaultPolicy() }));
}

export function newMotion(a: Assembly, movedBy: PersonId, over: Partial<NewMotion> = {}): NewMotion {
  const at = now();
  return {
    assemblyId: a.id,
    kind: 'resolution',
    method: 'yes-no-abstain',
    title: 'Buy a kettle',
    body: 'For the shared kitchen.',
    options: [],
    seats: 1,
    quorum: { num: 1, den: 10, strict: false },
    threshold: { num: 1, den: 2, strict: true },
    secret: false,
    secondsRequired: 0,
    movedById: movedBy,
    payload: {},
    votingHours: 72,
    status: 'open',
    opensAt: at,
    closesAt: new Date(at.getTime() + HOUR),
    ...over,
  };
}

export function motion(store: Store, a: Assembly, movedBy: PersonId, over: Partial<NewMotion> = {}): Promise<Motion> {
  return store.transaction((tx) => tx.createMotion(newMotion(a, movedBy, over)));
}

/** An assembly with an open motion and `n` voters. */
export async function plenary(store: Store, n: number): Promise<{ assembly: Assembly; motion: Motion; voters: Person[] }> {
  const a = await assembly(store);
  const voters: Person[] = [];
  for (let i = 0; i < n; i++) voters.push(await person(store, `voter${i}`));
  const mover = voters[0] ?? (await person(store));
  return { assembly: a, motion: await motion(store, a, mover.id), voters };
}

export const ballotOf = (m: Motion, p: Person | PersonId, choice: Choice = yes, castAt: Date = now()): Ballot => ({
  motionId: m.id,
  personId: typeof p === 'string' ? p : p.id,
  choice,
  castAt,
});

/** The audit event every test ballot gets: enough to see which ballot and whether it changed. */
export const ballotEvent = (b: Ballot, changed: boolean): NewEvent => ({ type: changed ? 'ballot.changed' : 'ballot.cast', actorId: b.personId, payload: { choice: b.choice, note: undefined } });

/** Casts as members: every voter is made an active member first (the store refuses non-members' ballots). */
export async function cast(store: Store, m: Motion, ballots: readonly Ballot[]): Promise<CastOutcome> {
  await store.transaction(async (tx) => {
    for (const b of ballots) {
      if ((await tx.membership(m.assemblyId, b.personId))?.status !== 'active') await tx.upsertMembership({ assemblyId: m.assemblyId, personId: b.personId, status: 'active', role: 'member' });
    }
  });
  return castRaw(store, m, ballots);
}

/** Casts without touching memberships. */
export function castRaw(store: Store, m: Motion, ballots: readonly Ballot[]): Promise<CastOutcome> {
  return store.castBallots({ assemblyId: m.assemblyId, motionId: m.id, secret: m.secret, ballots, eventsFor: (counted) => counted.map((c) => ballotEvent(c.ballot, c.changed)) });
}
