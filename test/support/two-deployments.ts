import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { canonicalJson } from '../../src/core/events/hash-chain.js';
import { exportAssembly } from '../../src/core/services/audit.service.js';
import { buildEnvelope, ed25519Signer, ed25519Verifier, generateDeploymentKey, merkleRoot, PeerReceiver, signingInput, storeLanes, unwrapEnvelope, type EventBody, type RawEvent, type ReceiverHooks } from '../../src/core/federation-protocol/index.js';
import { federationModule } from '../../src/core/federation/index.js';
import { relayReceiverHooks } from '../../src/core/federation/remote/index.js';
import type { DeploymentIdentity } from '../../src/core/ports/federation-link.port.js';
import { relayModule } from '../../src/core/relay/index.js';
import { lawModule } from '../../src/core/laws/index.js';
import { Scenario } from '../../src/core/testing/scenario.js';
import type { Store, StoreTx } from '../../src/core/ports/store.port.js';
import { buildTree, type Tree } from './relay-fixture.js';
import { drainRelay, type Sent } from './relay-drain.js';
import { LoopbackCarrier, rng, type Side } from './loopback-carrier.js';

const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error('not canonical');
  return r.value;
};

/** Every queued job is due (a date PostgreSQL's timestamptz also takes). */
const FAR = new Date('9999-12-31T00:00:00.000Z');

function identity(id: string, server: string): DeploymentIdentity {
  return { deployment: id, botUserId: `@plenary:${server}`, signer: ed25519Signer(generateDeploymentKey(`${id}-2026`)) };
}

type Wrap = (hooks: ReceiverHooks<StoreTx>) => ReceiverHooks<StoreTx>;

function deployment(id: string, server: string, store: Store, wrap: Wrap = (h) => h): { s: Scenario; side: Side; sent: Sent[] } {
  const f = federationModule();
  const r = relayModule();
  const l = lawModule();
  const me = identity(id, server);
  const s = new Scenario({ store, extraCommands: [...f.commands, ...r.commands, ...l.commands], extraKinds: [...f.kinds, ...r.kinds, ...l.kinds], observers: f.observers, deployment: me });
  return { s, side: { deps: s.deps, identity: me, receiver: new PeerReceiver(storeLanes(store), ed25519Verifier, wrap(relayReceiverHooks(s.deps))), server }, sent: [] };
}

async function ok(p: Promise<{ ok: boolean; text: string }>): Promise<string> {
  const r = await p;
  if (!r.ok) throw new Error(r.text);
  return r.text;
}

/**
 * Two deployments in one process, each with its own store: B hosts the
 * federation (its council and a local assembly), A hosts two local assemblies
 * that join B's council by remote invitation. Events cross only through the
 * loopback carrier, signed, shuffled and duplicated. `parentHooks` wraps B's
 * receiver hooks (a parent that misbehaves).
 */
export async function twoDeployments(seed: number, stores: { a: Store; b: Store }, parentHooks?: Wrap) {
  const B = deployment('dep_b', 'b.example', stores.b, parentHooks);
  const A = deployment('dep_a', 'a.example', stores.a);
  const carrier = new LoopbackCarrier(A.side, B.side, rng(seed));
  const t: Tree = await buildTree(B.s.deps.store, { fanout: 1, depth: 1, membersPerLocal: 3 });
  const council = t.root;
  const now = () => B.s.clock.now();
  /** Both relays' jobs, then a carrier pass, until a pass finds nothing to carry (a proposal's deadline row stays queued). */
  const settle = async () => {
    for (let i = 0; i < 20; i++) {
      await drainRelay(A.s.deps, A.sent, A.s.clock, FAR);
      await drainRelay(B.s.deps, B.sent, B.s.clock, FAR);
      if ((await carrier.pass(now())) === 0) return;
    }
    throw new Error('the two deployments did not settle');
  };
  const locals: Record<string, string[]> = { Riverside: ['r1', 'r2', 'r3'], Hilltop: ['h1', 'h2'] };
  for (const [name, [first, ...rest]] of Object.entries(locals)) {
    const room = `#${name.toLowerCase()}`;
    await ok(A.s.run(first!, room, `assembly setup "${name}"`));
    for (const m of rest) await ok(A.s.run(m, room, 'join --accept-values'));
    const line = /PLENARY1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.exec(await ok(B.s.run('founder', t.room(council), 'federation invite --remote')))?.[0];
    expect(line).toBeDefined();
    await ok(A.s.run(first!, room, `federation join ${line!}`));
    for (const m of [first!, ...rest]) await ok(A.s.run(m, room, 'vote 1 yes'));
  }
  await settle();
  return { A, B, t, council, carrier, settle, locals, now };
}

export type TwoDeployments = Awaited<ReturnType<typeof twoDeployments>>;

/** Join by remote invitation, a proposal at B relayed to A's locals, their votes counted at B, adoption at B. */
export async function adoptionFlow(d: TwoDeployments): Promise<void> {
    const { A, B, t, council, settle, carrier } = d;
    // B: the two remote assemblies are members of the council as level-0 proxies.
    const tree = await ok(B.s.run('anyone', t.room(council), 'federation show Transit'));
    expect(tree).toContain('Riverside @ dep_a');
    expect(tree).toContain('Hilltop @ dep_a');
    // A: each local assembly sees its remote parent.
    expect(await ok(A.s.run('r1', '#riverside', 'federation show'))).toContain('parent Transit Council @ dep_b');
    // Every event was delivered at least once, some twice, never in plain order only.
    expect(carrier.delivered.length).toBeGreaterThan(new Set(carrier.delivered.map((d) => (d.raw.content as { idempotency_key: string }).idempotency_key)).size);

    await ok(B.s.run('Transit Council-m1', t.room(council), 'proposal draft "Bike lanes" --text "Paint bike lanes on every main road." --rule 2 --deadline 30'));
    await ok(B.s.run('Transit Council-m1', t.room(council), 'vote 1 yes'));
    await settle();
    // A's locals got the proposal as their own response motions (#2: #1 was the join).
    for (const room of ['#riverside', '#hilltop']) expect(await ok(A.s.run('r1', room, 'motion show 2'))).toContain('Accept P-1 v1: Bike lanes');
    // B's own local rejects; one remote local accepts: not adopted yet (rule: 2 local assemblies).
    for (const m of t.members({ name: 'Transit.1' })) await ok(B.s.run(m, t.room({ name: 'Transit.1' }), 'vote 1 no'));
    for (const m of ['r1', 'r2', 'r3']) await ok(A.s.run(m, '#riverside', 'vote 2 yes'));
    await settle();
    let status = await ok(B.s.run('anyone', t.room(council), 'proposal status P-1'));
    expect(status).toContain('1 accepted · 1 rejected · 0 asked to amend · 1 pending');
    expect(status).toContain('3 members covered');
    expect((await B.s.deps.store.read.relay.proposalByNumber(1))?.status).toBe('open');
    // The second remote local accepts: two of three accepted, adopted at B with A's members covered.
    for (const m of ['h1', 'h2']) await ok(A.s.run(m, '#hilltop', 'vote 2 yes'));
    await settle();
    status = await ok(B.s.run('anyone', t.room(council), 'proposal status P-1'));
    expect(status).toContain('2 accepted · 1 rejected');
    expect(status).toContain('5 members covered');
    expect((await B.s.deps.store.read.relay.proposalByNumber(1))?.status).toBe('adopted');
    // The adoption reached A: its copy is adopted and its accepting locals were told (and bound).
    expect((await A.s.deps.store.read.relay.proposalByNumber(1))?.status).toBe('adopted');
    expect(A.sent.some((x) => x.key.startsWith('adopted.') && x.roomId === '#riverside')).toBe(true);
    const adoptedAtA = (await A.s.deps.store.read.events((await A.s.deps.store.read.assemblyByName('Transit Council @ dep_b'))!.id)).find((e) => e.type === 'proposal.adopted');
    expect(adoptedAtA?.payload).toMatchObject({ accepted: 2, membersCovered: 5 });
    // Its Merkle root is over the two signed decisions B counted, by assembly: A can check its own is inside.
    const counted = new Map(carrier.delivered.map((x) => x.raw.content as Record<string, unknown> & { type: string; idempotency_key: string; body: { assembly: string } }).filter((c) => c.type === 'org.plenary.decision').map((c) => [c.idempotency_key, c] as const));
    const leaves = [...counted.values()].sort((x, y) => (x.body.assembly < y.body.assembly ? -1 : 1)).map((c) => unwrap(signingInput(c)));
    expect(leaves).toHaveLength(2);
    expect(adoptedAtA?.payload.merkleRoot).toBe(merkleRoot(leaves));
    const riversideId = (await A.s.deps.store.read.assemblyByName('Riverside'))!.id;
    expect((await A.s.deps.store.read.laws.laws(riversideId, false)).map((l) => l.versions.at(-1)?.title)).toEqual([expect.stringContaining('Bike lanes')]);

    // A proposal whose rule A's two locals meet alone (100%) but the whole scope does not: A's copy is never adopted by A's counts.
    await ok(B.s.run('Transit Council-m1', t.room(council), 'proposal draft "Night buses" --text "Run night buses." --rule 100%'));
    await ok(B.s.run('Transit Council-m1', t.room(council), 'vote 2 yes'));
    await settle();
    for (const m of ['r1', 'r2', 'r3']) await ok(A.s.run(m, '#riverside', 'vote 3 yes'));
    for (const m of ['h1', 'h2']) await ok(A.s.run(m, '#hilltop', 'vote 3 yes'));
    await settle();
    expect((await B.s.deps.store.read.relay.proposalByNumber(2))?.status).toBe('open');
    expect((await A.s.deps.store.read.relay.proposalByNumber(2))?.status).toBe('open');
    // Each side witnessed the other's heads in its own chain, and both records still verify.
    const heads = (await B.s.deps.store.read.events(council.id)).filter((e) => e.type === 'federation.peer-head');
    expect(heads.map((e) => e.payload.event)).toEqual(expect.arrayContaining(['org.plenary.join', 'org.plenary.decision']));
    expect(await ok(B.s.run('Transit Council-m1', t.room(council), 'audit verify'))).toContain('intact');
    expect(await ok(A.s.run('r1', '#riverside', 'audit verify'))).toContain('intact');
    // The decision's ballot hash is what a member of Riverside recomputes from its audit export, voters stripped.
    const riverside = (await A.s.deps.store.read.assemblyByName('Riverside'))!;
    const lines: string[] = [];
    for await (const line of exportAssembly(A.s.deps.store.read, riverside)) {
      const row = JSON.parse(line) as { type: string; motion?: number; choice?: unknown };
      if (row.type === 'ballot' && row.motion === 2) lines.push(canonicalJson({ type: 'ballot', motion: 2, choice: row.choice }));
    }
    expect(lines).toHaveLength(3);
    const sent = carrier.delivered.map((x) => x.raw.content as { type: string; body: EventBody<'org.plenary.decision'> }).find((c) => c.type === 'org.plenary.decision' && c.body.assembly === `dep_a/${riverside.id}`);
    expect(sent?.body.ballots_sha256).toBe(createHash('sha256').update(lines.sort().join('\n')).digest('hex'));
    expect(sent?.body).toMatchObject({ decision: 'accept', motion: 2, members: 3, tally: { yes: 3, no: 0, abstain: 0, eligible: 3, quorum_met: true } });
    // Nothing of A's ballots or members crossed: only counts and hashes.
    const crossed = JSON.stringify(carrier.delivered.filter((d) => d.to === 'dep_b').map((d) => d.raw.content));
    for (const who of ['r1', 'r2', 'r3', 'h1', 'h2']) expect(crossed).not.toContain(`"${who}"`);
}

/** A forged decision (not the host) refused; a replay a duplicate; a changed decision counted in place of the first; a superseded version recorded, not counted. */
export async function threatFlow(d: TwoDeployments): Promise<void> {
    const { A, B, t, council, settle } = d;
    await ok(B.s.run('Transit Council-m1', t.room(council), 'proposal draft "Bike lanes" --text "Paint bike lanes." --rule 3'));
    await ok(B.s.run('Transit Council-m1', t.room(council), 'vote 1 yes'));
    await settle();
    for (const m of ['r1', 'r2', 'r3']) await ok(A.s.run(m, '#riverside', 'vote 2 yes'));
    await settle();
    const proposal = (await B.s.deps.store.read.relay.proposalByNumber(1))!;
    const root = async () => (await B.s.deps.store.read.relay.rootReferral(proposal.id, proposal.currentVersion))!;
    expect((await root()).accepted).toBe(1);
    // A's own signed decisions, sent straight into B's receiver at the next seq of Riverside's link room.
    const riverside = (await A.s.deps.store.read.assemblyByName('Riverside'))!;
    const room = (await A.s.deps.store.read.remotes.mirrorsOf('parent-link', [riverside.id]))[0]!.data.roomId as string;
    const transit1 = t.levels[1]![0]!;
    let extra = 0;
    const send = async (body: EventBody<'org.plenary.decision'>) => {
      // After A's own events in the room (the carrier sends nothing of A's meanwhile).
      const next = (await A.s.deps.store.peerOutbox.lastSeq(room)) + 1 + extra++;
      const key = `forged/${String(next)}`;
      const env = unwrapEnvelope(buildEnvelope({ type: 'org.plenary.decision', roomId: room, deployment: 'dep_a', idempotencyKey: key, seq: next, sentAt: B.s.clock.now(), body }, A.side.identity.signer));
      const raw: RawEvent = { type: 'org.plenary.decision', sender: A.side.identity.botUserId, roomId: room, content: env };
      await B.side.receiver.receive(raw, B.s.clock.now());
      return B.s.deps.store.links.inboxEntry(key);
    };
    const decision = (assembly: string, version: number): EventBody<'org.plenary.decision'> => ({
      assembly, proposal: `dep_b/${proposal.id}`, version, decision: 'accept', amendment: null, motion: 9, closed_at: B.s.clock.now().toISOString(),
      tally: { yes: 3, no: 0, abstain: 0, eligible: 3, quorum_met: true }, members: 3, ballots_sha256: 'a'.repeat(64), chain_head: { seq: 99, hash: 'b'.repeat(64) },
    });
    // B's own local assembly, claimed by A: refused.
    expect(await send(decision(`dep_b/${transit1.id}`, 1))).toMatchObject({ status: 'refused', note: 'not_host' });
    // Hilltop's decision sent in Riverside's room: refused too (the host binding names the room).
    const hilltop = (await A.s.deps.store.read.assemblyByName('Hilltop'))!;
    expect(await send(decision(`dep_a/${hilltop.id}`, 1))).toMatchObject({ status: 'refused', note: 'not_host' });
    // Riverside's signed decision delivered again (a replay, whoever sends it): a duplicate, nothing counted twice.
    const first = d.carrier.delivered.find((x) => x.to === 'dep_b' && x.raw.type === 'org.plenary.decision')!;
    expect((await B.side.receiver.receive(first.raw, B.s.clock.now())).kind).toBe('duplicate');
    // Riverside's host deciding again under a new key is a changed decision, as a later local response is: it takes the earlier one's place.
    expect(await send(decision(`dep_a/${riverside.id}`, 1))).toMatchObject({ status: 'applied' });
    await drainRelay(B.s.deps, B.sent, B.s.clock, FAR);
    expect((await root()).accepted).toBe(1);
    expect((await root()).pending).toBe(2);
    expect(await send({ ...decision(`dep_a/${riverside.id}`, 1), decision: 'reject' })).toMatchObject({ status: 'applied' });
    await drainRelay(B.s.deps, B.sent, B.s.clock, FAR);
    expect(await root()).toMatchObject({ accepted: 0, rejected: 1, pending: 2 });

    // Version 2 supersedes version 1 at B and at A; a version-1 decision after that is recorded, not counted.
    await ok(B.s.run('Transit Council-m1', t.room(council), 'proposal amend P-1 --text "Paint bike lanes.\nAnd racks." --note "racks"'));
    await ok(B.s.run('Transit Council-m1', t.room(council), 'vote 2 yes'));
    await settle();
    // Hilltop had not voted on v1: its response motion closes as superseded; Riverside's had passed.
    expect((await A.s.deps.store.read.motionByNumber(hilltop.id, 2))?.status).toBe('superseded');
    expect((await A.s.deps.store.read.motionByNumber(riverside.id, 2))?.status).toBe('passed');
    expect(await ok(A.s.run('r1', '#riverside', 'motion show 3'))).toContain('v2');
    expect(await send(decision(`dep_a/${hilltop.id}`, 1))).toMatchObject({ status: 'refused' });
    const late = await send({ ...decision(`dep_a/${riverside.id}`, 1), motion: 10 });
    expect(late).toMatchObject({ status: 'recorded' });
    expect(late?.note).toMatch(/superseded/);
    const v2 = (await B.s.deps.store.read.relay.rootReferral(proposal.id, 2))!;
    expect(v2.accepted).toBe(0);
}

/** A's Hilltop elects a delegate with a Matrix account: B seats them with access; Hilltop recalls them: B ends the seat and revokes access. */
export async function seatFlow(d: TwoDeployments): Promise<void> {
  const { A, B, t, council, settle } = d;
  const hilltop = (await A.s.deps.store.read.assemblyByName('Hilltop'))!;
  // h1 also has a Matrix account at A: the identity that crosses, so B can invite them.
  await A.s.deps.store.transaction(async (tx) => {
    const h1 = (await tx.personByAccount('console', 'h1'))!;
    await tx.createPerson('h1', { platform: 'matrix', externalId: '@h1:a.example', displayName: 'h1' });
    await tx.moveAccount('matrix', '@h1:a.example', h1.id);
  });
  await ok(A.s.run('h1', '#hilltop', 'nominate Transit'));
  await ok(A.s.run('h1', '#hilltop', 'election call Transit'));
  for (const m of ['h1', 'h2']) await ok(A.s.run(m, '#hilltop', 'vote 2 1'));
  expect(await ok(A.s.run('h1', '#hilltop', 'seats'))).toContain('1/1 seat held by h1');
  await settle();
  const delegate = (await B.s.deps.store.read.personByAccount('matrix', '@h1:a.example'))!;
  expect(delegate).toBeTruthy();
  const seats = await B.s.deps.store.read.seats({ parentAssemblyId: council.id, personId: delegate.id, status: 'active' });
  expect(seats).toHaveLength(1);
  expect((await B.s.deps.store.read.membership(council.id, delegate.id))?.status).toBe('active');
  const access = () => [...(B.s.deps.store as unknown as { raw?: { outbox: Map<string, { kind: string; dedupeKey: string }> } }).raw?.outbox.values() ?? []].map((o) => o.dedupeKey);
  const fake = (B.s.deps.store as unknown as { raw?: unknown }).raw !== undefined;
  if (fake) expect(access()).toContain(`access-grant-${seats[0]!.id}`);
  // A duplicate or replayed seat changes nothing (one seat per person per edge).
  await settle();
  expect(await B.s.deps.store.read.seats({ parentAssemblyId: council.id, status: 'active' })).toHaveLength(1);
  expect(await ok(B.s.run('anyone', t.room(council), 'federation show Transit'))).toContain('Hilltop @ dep_a');

  // Upstairs, the remote delegate votes in the council's Matrix room on an open motion.
  await B.s.deps.store.transaction((tx) => tx.bindRoom({ platform: 'matrix', roomId: '!council:b.example', assemblyId: council.id, purpose: 'main' }));
  await ok(B.s.run('Transit Council-m1', t.room(council), 'motion propose "Buy two buses"'));
  await ok(B.s.run('@h1:a.example', '!council:b.example', 'vote 1 yes', 'matrix'));
  await ok(B.s.run('Transit Council-m1', t.room(council), 'vote 1 no'));
  expect((await B.s.deps.store.read.motionByNumber(council.id, 1))?.status).toMatch(/passed|failed/);
  await settle();
  // Hilltop's record and room got the digest of its delegate's vote upstairs.
  const digest = (await A.s.deps.store.read.events(hilltop.id)).find((e) => e.type === 'federation.vote-digest');
  expect(digest?.payload).toMatchObject({ motion: 1, title: 'Buy two buses', votes: [{ delegate: '@h1:a.example', voted: true, choice: 'yes' }] });
  expect(A.sent.some((x) => x.roomId === '#hilltop' && x.message.title.includes('Your delegates on Transit Council motion #1'))).toBe(true);

  await ok(B.s.run('Transit Council-m1', t.room(council), 'motion propose "Sell the depot"'));
  await ok(B.s.run('@h1:a.example', '!council:b.example', 'vote 2 yes', 'matrix'));
  expect(await ok(B.s.run('Transit Council-m1', t.room(council), 'motion show 2'))).toContain('Ballots so far: 1');

  await ok(A.s.run('h2', '#hilltop', 'recall h1'));
  for (const m of ['h1', 'h2']) await ok(A.s.run(m, '#hilltop', 'vote 3 yes'));
  await settle();
  expect(await B.s.deps.store.read.seats({ parentAssemblyId: council.id, personId: delegate.id, status: 'active' })).toHaveLength(0);
  expect((await B.s.deps.store.read.membership(council.id, delegate.id))?.status).toBe('left');
  if (fake) expect(access()).toContain(`access-revoke-${seats[0]!.id}`);
  // Their open ballot upstairs was voided in the recall's transaction, and they can no longer vote there.
  expect(await ok(B.s.run('Transit Council-m1', t.room(council), 'motion show 2'))).toContain('Ballots so far: 0');
  expect((await B.s.run('@h1:a.example', '!council:b.example', 'vote 2 no', 'matrix')).ok).toBe(false);
  expect((await A.s.deps.store.read.events(hilltop.id)).some((e) => e.type === 'delegate.recalled')).toBe(true);
}
