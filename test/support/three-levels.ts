import { expect } from 'vitest';
import { ed25519Signer, generateDeploymentKey } from '../../src/core/federation-protocol/index.js';
import { federationModule } from '../../src/core/federation/index.js';
import { relayReceiver } from '../../src/core/federation/remote/index.js';
import { defaultPolicy } from '../../src/core/model/policy.js';
import type { Assembly } from '../../src/core/model/entities.js';
import type { DeploymentIdentity } from '../../src/core/ports/federation-link.port.js';
import type { Store } from '../../src/core/ports/store.port.js';
import { recordDecisions, relayModule } from '../../src/core/relay/index.js';
import type { Decision, SubtreeTally } from '../../src/core/relay/model.js';
import { Scenario } from '../../src/core/testing/scenario.js';
import type { CoreDeps } from '../../src/core/services/deps.js';
import type { AssemblyId } from '../../src/core/shared/ids.js';
import { LoopbackCarrier, rng, type Side } from './loopback-carrier.js';
import { drainRelay, type Sent } from './relay-drain.js';

/** Every queued job is due (a date PostgreSQL's timestamptz also takes). */
const FAR = new Date('9999-12-31T00:00:00.000Z');

/** The shape both trees share: B's council over one local (Transit.1) and an assembly of delegates (Valley) over `locals` local assemblies. */
export interface Shape {
  /** Extra members of each of Valley's locals (each has 3 and these). */
  readonly extra: readonly number[];
}

export interface Side3 {
  readonly s: Scenario;
  readonly sent: Sent[];
  readonly side: Side;
}

function deployment(id: string, server: string, store: Store): Side3 {
  const f = federationModule();
  const r = relayModule();
  const me: DeploymentIdentity = { deployment: id, botUserId: `@plenary:${server}`, signer: ed25519Signer(generateDeploymentKey(`${id}-2026`)) };
  const s = new Scenario({ store, extraCommands: [...f.commands, ...r.commands], extraKinds: [...f.kinds, ...r.kinds], observers: f.observers, deployment: me });
  return { s, sent: [], side: { deps: s.deps, identity: me, receiver: relayReceiver(s.deps), server } };
}

const room = (a: { name: string }): string => `room-${a.name}`;

/** A delegates' or local assembly with its room and members (`<name>-m<i>`), written straight into the store. */
async function assemblies(store: Store, list: readonly { name: string; level: number; members: number }[]): Promise<Assembly[]> {
  return store.transaction(async (tx) => {
    const out: Assembly[] = [];
    for (const a of list) {
      const made = await tx.createAssembly({ kind: a.level === 0 ? 'local' : 'delegates', name: a.name, level: a.level, parentAssemblyId: null, policy: defaultPolicy() });
      await tx.bindRoom({ platform: 'console', roomId: room(made), assemblyId: made.id, purpose: 'main' });
      for (let i = 1; i <= a.members; i++) {
        const user = `${a.name}-m${String(i)}`;
        const person = (await tx.personByAccount('console', user)) ?? (await tx.createPerson(user, { platform: 'console', externalId: user, displayName: user }));
        await tx.upsertMembership({ assemblyId: made.id, personId: person.id, status: 'active', role: 'member' });
      }
      out.push(made);
    }
    return out;
  });
}

/** A federation named `name` rooted at `root`, with these edges (child → parent). */
async function federate(store: Store, name: string, root: Assembly, edges: readonly [Assembly, Assembly][]): Promise<void> {
  await store.transaction(async (tx) => {
    const founder = (await tx.personByAccount('console', 'founder')) ?? (await tx.createPerson('founder', { platform: 'console', externalId: 'founder', displayName: 'founder' }));
    const fed = await tx.createFederation({ name, purpose: 'testing subtrees', rootAssemblyId: root.id, foundedById: founder.id });
    for (const [child, parent] of edges) {
      await tx.createEdge({ federationId: fed.id, childAssemblyId: child.id, parentAssemblyId: parent.id, seats: 1, joinedByMotionId: null });
      if (child.level > 0) await tx.appendEvent(child.id, { type: 'delegates.created', actorId: null, payload: { federation: name } }, new Date());
    }
  });
}

async function ok(p: Promise<{ ok: boolean; text: string }>): Promise<string> {
  const r = await p;
  if (!r.ok) throw new Error(r.text);
  return r.text;
}

const valleyLocals = (shape: Shape) => shape.extra.map((e, i) => ({ name: `Valley.${String(i + 1)}`, level: 0, members: 3 + e }));

/**
 * Three levels over two deployments: B hosts Transit Council and its local
 * Transit.1; A hosts Valley Council (the top of A's own federation) with
 * local assemblies Valley.1…n, and Valley Council joins Transit Council by
 * remote invitation (moved and voted by its delegates).
 */
export async function threeLevels(seed: number, shape: Shape, stores: { a: Store; b: Store }) {
  const B = deployment('dep_b', 'b.example', stores.b);
  const A = deployment('dep_a', 'a.example', stores.a);
  const carrier = new LoopbackCarrier(A.side, B.side, rng(seed));
  const [council, transit1] = await assemblies(stores.b, [
    { name: 'Transit Council', level: 2, members: 2 },
    { name: 'Transit.1', level: 0, members: 3 },
  ]);
  await federate(stores.b, 'Transit', council!, [[transit1!, council!]]);
  const [valley, ...locals] = await assemblies(stores.a, [{ name: 'Valley Council', level: 1, members: 2 }, ...valleyLocals(shape)]);
  await federate(stores.a, 'Valley', valley!, locals.map((l) => [l, valley!] as [Assembly, Assembly]));
  const now = () => B.s.clock.now();
  const settle = async () => {
    for (let i = 0; i < 30; i++) {
      await drainRelay(A.s.deps, A.sent, A.s.clock, FAR);
      await drainRelay(B.s.deps, B.sent, B.s.clock, FAR);
      if ((await carrier.pass(now())) === 0) return;
    }
    throw new Error('the two deployments did not settle');
  };
  const line = /PLENARY1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.exec(await ok(B.s.run('founder', room(council!), 'federation invite --remote')))?.[0];
  expect(line).toBeDefined();
  await ok(A.s.run('Valley Council-m1', room(valley!), `federation join ${line!}`));
  for (const m of ['Valley Council-m1', 'Valley Council-m2']) await ok(A.s.run(m, room(valley!), 'vote 1 yes'));
  await settle();
  return { A, B, carrier, settle, council: council!, transit1: transit1!, valley: valley!, locals, room };
}

export type ThreeLevels = Awaited<ReturnType<typeof threeLevels>>;

/** The same tree on one deployment: Transit Council over Transit.1 and Valley Council, Valley Council over its locals. */
export async function allLocal(shape: Shape, store: Store) {
  const X = deployment('dep_x', 'x.example', store);
  const [council, transit1, valley, ...locals] = await assemblies(store, [
    { name: 'Transit Council', level: 2, members: 2 },
    { name: 'Transit.1', level: 0, members: 3 },
    { name: 'Valley Council', level: 1, members: 2 },
    ...valleyLocals(shape),
  ]);
  await federate(store, 'Transit', council!, [[transit1!, council!], [valley!, council!], ...locals.map((l) => [l, valley!] as [Assembly, Assembly])]);
  const settle = async () => {
    await drainRelay(X.s.deps, X.sent, X.s.clock, FAR);
  };
  return { X, settle, council: council!, transit1: transit1!, valley: valley!, locals, room };
}

/** Drafts and passes a proposal at the council (rule: `rule`), on either deployment. */
export async function draft(s: Scenario, council: Assembly, rule: string, motion: number): Promise<void> {
  await ok(s.run('Transit Council-m1', room(council), `proposal draft "Bike lanes" --text "Paint bike lanes." --rule ${rule}`));
  for (const m of ['Transit Council-m1', 'Transit Council-m2']) await ok(s.run(m, room(council), `vote ${String(motion)} yes`));
}

/** Decides the referrals of these assemblies on proposal `number` (its current version) as a batch (`recordDecisions`, as imports do). */
export async function decide(deps: CoreDeps, number: number, decisions: readonly (readonly [AssemblyId, Decision])[]): Promise<void> {
  const p = await deps.store.read.relay.proposalByNumber(number);
  if (!p) throw new Error(`no proposal ${String(number)}`);
  const inputs = [];
  for (const [assemblyId, decision] of decisions) {
    const r = await deps.store.read.relay.referralFor(p.id, p.currentVersion, assemblyId);
    if (!r) throw new Error(`no referral for ${assemblyId}`);
    inputs.push({ referralId: r.id, decision, text: decision === 'accepted' ? null : `why ${decision}` });
  }
  const r = await recordDecisions(deps, inputs);
  if (!r.ok || r.value.refused.length > 0) throw new Error(`decisions refused: ${JSON.stringify(r)}`);
}

/** The whole scope's counts at the origin. */
export async function rootTally(deps: CoreDeps, number: number): Promise<SubtreeTally & { status: string }> {
  const p = await deps.store.read.relay.proposalByNumber(number);
  const root = p ? await deps.store.read.relay.rootReferral(p.id, p.currentVersion) : null;
  if (!p || !root) throw new Error('no root');
  return { status: p.status, localTotal: root.localTotal, accepted: root.accepted, rejected: root.rejected, amendRequested: root.amendRequested, pending: root.pending, membersCovered: root.membersCovered };
}
