import { expect } from 'vitest';
import { buildEnvelope, unwrapEnvelope, type EventBody, type RawEvent, type ReceiverHooks } from '../../src/core/federation-protocol/index.js';
import type { StoreTx } from '../../src/core/ports/store.port.js';
import { drainRelay } from './relay-drain.js';
import type { TwoDeployments } from './two-deployments.js';

const FAR = new Date('9999-12-31T00:00:00.000Z');
const HOUR = 60 * 60_000;

async function ok(p: Promise<{ ok: boolean; text: string }>): Promise<string> {
  const r = await p;
  if (!r.ok) throw new Error(r.text);
  return r.text;
}

/** A parent that takes every event but does nothing with a recall (and so never confirms it). */
export const ignoringRecalls = (h: ReceiverHooks<StoreTx>): ReceiverHooks<StoreTx> => ({
  ...h,
  other: (type, body, entry, tx) => (type === 'org.plenary.recall' ? Promise.resolve({ status: 'applied' as const }) : h.other(type, body, entry, tx)),
});

/** Hilltop (at A) elects h1, who has a Matrix account, to B's council; B seats them. */
export async function electRemoteDelegate(d: TwoDeployments) {
  const { A, B, council, settle } = d;
  await A.s.deps.store.transaction(async (tx) => {
    const h1 = (await tx.personByAccount('console', 'h1'))!;
    await tx.createPerson('h1', { platform: 'matrix', externalId: '@h1:a.example', displayName: 'h1' });
    await tx.moveAccount('matrix', '@h1:a.example', h1.id);
  });
  await ok(A.s.run('h1', '#hilltop', 'nominate Transit'));
  await ok(A.s.run('h1', '#hilltop', 'election call Transit'));
  for (const m of ['h1', 'h2']) await ok(A.s.run(m, '#hilltop', 'vote 2 1'));
  await settle();
  const delegate = (await B.s.deps.store.read.personByAccount('matrix', '@h1:a.example'))!;
  expect(await B.s.deps.store.read.seats({ parentAssemblyId: council.id, personId: delegate.id, status: 'active' })).toHaveLength(1);
  await B.s.deps.store.transaction((tx) => tx.bindRoom({ platform: 'matrix', roomId: '!council:b.example', assemblyId: council.id, purpose: 'main' }));
  const hilltop = (await A.s.deps.store.read.assemblyByName('Hilltop'))!;
  return { delegate, hilltop };
}

/** Hilltop recalls h1 (its motion #3) and the two deployments settle. */
export async function recallRemoteDelegate(d: TwoDeployments): Promise<void> {
  await ok(d.A.s.run('h2', '#hilltop', 'recall h1'));
  for (const m of ['h1', 'h2']) await ok(d.A.s.run(m, '#hilltop', 'vote 3 yes'));
  await d.settle();
}

/** Time passes at A (the child) and its due jobs run. */
export async function later(d: TwoDeployments, ms: number): Promise<void> {
  d.A.s.clock.advance(ms);
  await drainRelay(d.A.s.deps, d.A.sent, d.A.s.clock, FAR);
}

export const homeEvents = async (d: TwoDeployments, type: string) => (await d.A.s.deps.store.read.events((await d.A.s.deps.store.read.assemblyByName('Hilltop'))!.id)).filter((e) => e.type === type);
export const sentAtHome = (d: TwoDeployments, prefix: string) => d.A.sent.filter((x) => x.roomId === '#hilltop' && x.key.startsWith(prefix));
export const showAtHome = (d: TwoDeployments) => ok(d.A.s.run('h2', '#hilltop', 'federation show'));

/** The council (at B) votes on a motion: the remote delegate (in its Matrix room) if `delegateVotes`, then m1; it closes once every member voted. */
export async function councilMotion(d: TwoDeployments, title: string, number: number, delegateVotes: boolean): Promise<void> {
  const { B, t, council } = d;
  await ok(B.s.run('Transit Council-m1', t.room(council), `motion propose "${title}"`));
  if (delegateVotes) await ok(B.s.run('@h1:a.example', '!council:b.example', `vote ${String(number)} yes`, 'matrix'));
  await ok(B.s.run('Transit Council-m1', t.room(council), `vote ${String(number)} yes`));
  expect((await B.s.deps.store.read.motionByNumber(council.id, number))?.status).toMatch(/passed|failed/);
  await d.settle();
}

const forged = new WeakMap<TwoDeployments, number>();

/** A vote digest signed by B (the parent) sent straight into A's receiver in Hilltop's link room: what a parent that lies would send. */
export async function parentDigest(d: TwoDeployments, body: Omit<EventBody<'org.plenary.vote_digest'>, 'parent_assembly' | 'assembly'>): Promise<void> {
  const { A, B, council } = d;
  const hilltop = (await A.s.deps.store.read.assemblyByName('Hilltop'))!;
  const room = (await A.s.deps.store.read.remotes.mirrorsOf('parent-link', [hilltop.id]))[0]!.data.roomId as string;
  // After B's own events in the room and the ones sent here before (the carrier sends nothing of B's meanwhile).
  const extra = forged.get(d) ?? 0;
  forged.set(d, extra + 1);
  const seq = (await B.s.deps.store.peerOutbox.lastSeq(room)) + 1 + extra;
  const full: EventBody<'org.plenary.vote_digest'> = { parent_assembly: `dep_b/${council.id}`, assembly: `dep_a/${hilltop.id}`, ...body };
  const env = unwrapEnvelope(buildEnvelope({ type: 'org.plenary.vote_digest', roomId: room, deployment: 'dep_b', idempotencyKey: `lying/${String(seq)}`, seq, sentAt: B.s.clock.now(), body: full }, B.side.identity.signer));
  const raw: RawEvent = { type: 'org.plenary.vote_digest', sender: B.side.identity.botUserId, roomId: room, content: env };
  const r = await A.side.receiver.receive(raw, A.s.clock.now());
  expect(r.kind).toBe('accepted');
}

export { HOUR };

/** A decision signed by A (the child) for one of its assemblies, sent straight into B's receiver in that assembly's link room: what a child that lies would send. */
export async function childDecision(d: TwoDeployments, assemblyName: string, body: Omit<EventBody<'org.plenary.decision'>, 'assembly'>): Promise<{ status: string; note: string | null } | null> {
  const { A, B } = d;
  const local = (await A.s.deps.store.read.assemblyByName(assemblyName))!;
  const room = (await A.s.deps.store.read.remotes.mirrorsOf('parent-link', [local.id]))[0]!.data.roomId as string;
  const extra = forged.get(d) ?? 0;
  forged.set(d, extra + 1);
  const seq = (await A.s.deps.store.peerOutbox.lastSeq(room)) + 1 + extra;
  const key = `lying/${String(seq)}`;
  const env = unwrapEnvelope(buildEnvelope({ type: 'org.plenary.decision', roomId: room, deployment: 'dep_a', idempotencyKey: key, seq, sentAt: A.s.clock.now(), body: { assembly: `dep_a/${local.id}`, ...body } }, A.side.identity.signer));
  await B.side.receiver.receive({ type: 'org.plenary.decision', sender: A.side.identity.botUserId, roomId: room, content: env }, B.s.clock.now());
  const entry = await B.s.deps.store.links.inboxEntry(key);
  return entry ? { status: entry.status, note: entry.note } : null;
}

/** A parent that applies the recall confirms it, signed; home records it and shows nothing after the policy time. */
export async function recallConfirmedFlow(d: TwoDeployments): Promise<void> {
  await electRemoteDelegate(d);
  await recallRemoteDelegate(d);
  const confirmed = await homeEvents(d, 'federation.recall-confirmed');
  expect(confirmed).toHaveLength(1);
  expect(confirmed[0]?.payload).toMatchObject({ delegate: '@h1:a.example', motion: 3, late: false });
  await later(d, 2 * HOUR);
  expect(await homeEvents(d, 'federation.recall-unconfirmed')).toHaveLength(0);
  expect(sentAtHome(d, 'recall-unconfirmed.')).toHaveLength(0);
  expect(await showAtHome(d)).not.toContain('not confirmed');
  // The council's next motion: the recalled delegate is not in its digest at all, nothing is flagged.
  await councilMotion(d, 'Buy two buses', 1, false);
  expect(await homeEvents(d, 'federation.voted-after-recall')).toHaveLength(0);
}

/** A parent that ignores the recall (`ignoringRecalls`): home shows it not confirmed after the policy time, once, and flags the delegate’s later votes upstairs. */
export async function recallIgnoredFlow(d: TwoDeployments): Promise<void> {
  const { delegate } = await electRemoteDelegate(d);
  await recallRemoteDelegate(d);
  // The parent kept the seat; home has no confirmation.
  expect(await d.B.s.deps.store.read.seats({ parentAssemblyId: d.council.id, personId: delegate.id, status: 'active' })).toHaveLength(1);
  expect(await homeEvents(d, 'federation.recall-confirmed')).toHaveLength(0);
  // Before the policy time: nothing shown yet.
  await later(d, 50 * 60_000);
  expect(await homeEvents(d, 'federation.recall-unconfirmed')).toHaveLength(0);
  expect(await showAtHome(d)).not.toContain('not confirmed');
  await later(d, 11 * 60_000);
  expect(await homeEvents(d, 'federation.recall-unconfirmed')).toHaveLength(1);
  const posted = sentAtHome(d, 'recall-unconfirmed.');
  expect(posted).toHaveLength(1);
  expect(posted[0]?.message.title).toBe('Recall not confirmed by dep_b');
  expect(await showAtHome(d)).toContain('Recall of @h1:a.example from Transit Council (motion #3): not confirmed by dep_b');
  // Shown once, however often the timer runs again.
  await later(d, 2 * HOUR);
  expect(sentAtHome(d, 'recall-unconfirmed.')).toHaveLength(1);
  expect(await homeEvents(d, 'federation.recall-unconfirmed')).toHaveLength(1);

  // Upstairs the recalled delegate still votes; the parent's own digest shows it, and home flags it.
  await councilMotion(d, 'Sell the depot', 1, true);
  const flagged = await homeEvents(d, 'federation.voted-after-recall');
  expect(flagged.map((e) => e.payload)).toEqual([expect.objectContaining({ delegate: '@h1:a.example', recallMotion: 3, motion: 1 })]);
  expect(sentAtHome(d, 'voted-after-recall.')[0]?.message.title).toBe('@h1:a.example voted on Transit Council after the recall');
  expect(await showAtHome(d)).toContain('@h1:a.example voted on Transit Council motion #1 after the recall (motion #3)');
}

/** A parent that confirms the recall, then reports the delegate voting at a later head: flagged; a digest from before the recall is not. */
export async function lyingDigestFlow(d: TwoDeployments): Promise<void> {
  await electRemoteDelegate(d);
  await recallRemoteDelegate(d);
  const head = (await homeEvents(d, 'federation.peer-head')).map((e) => e.payload).filter((p) => p.event === 'org.plenary.recall_done').at(-1) as { seq: number; hash: string } | undefined;
  expect(head).toBeDefined();
  const votes = [{ delegate: '@h1:a.example', seat: 1, voted: true, choice: 'yes' }];
  // A motion that closed before the parent ended the seat (an earlier head): the delegate's vote was theirs to cast.
  await parentDigest(d, { motion: 7, title: 'Earlier', secret: false, votes, outcome: 'passed', chain_head: { seq: head!.seq - 1, hash: 'c'.repeat(64) } });
  expect(await homeEvents(d, 'federation.voted-after-recall')).toHaveLength(0);
  // One that closed after: a broken promise, flagged.
  await parentDigest(d, { motion: 8, title: 'Later', secret: false, votes, outcome: 'passed', chain_head: { seq: head!.seq + 3, hash: 'd'.repeat(64) } });
  expect((await homeEvents(d, 'federation.voted-after-recall')).map((e) => e.payload)).toEqual([expect.objectContaining({ motion: 8, recallMotion: 3 })]);
  expect(await showAtHome(d)).toContain('voted on Transit Council motion #8 after the recall');
}

/** A child’s decision with a member count its committed history does not allow: counted at the allowed figure, recorded, posted and listed at the parent. */
export async function inflatedCountFlow(d: TwoDeployments): Promise<void> {
  const { B, t, council, settle } = d;
  await ok(B.s.run('Transit Council-m1', t.room(council), 'proposal draft "Bike lanes" --text "Paint bike lanes." --rule 3'));
  await ok(B.s.run('Transit Council-m1', t.room(council), 'vote 1 yes'));
  await settle();
  const proposal = (await B.s.deps.store.read.relay.proposalByNumber(1))!;
  const riverside = (await d.A.s.deps.store.read.assemblyByName('Riverside'))!;
  const history = await B.s.deps.store.links.memberCounts(`dep_a/${riverside.id}`);
  const last = history.reduce((a, h) => (h.chainSeq > a.chainSeq ? h : a));
  expect(last.members).toBe(3);
  // Two chain events later Riverside claims 40 members: at most 5 are possible.
  const r = await childDecision(d, 'Riverside', {
    proposal: `dep_b/${proposal.id}`, version: 1, decision: 'accept', amendment: null, motion: 2, closed_at: B.s.clock.now().toISOString(),
    tally: { yes: 40, no: 0, abstain: 0, eligible: 40, quorum_met: true }, members: 40, ballots_sha256: 'a'.repeat(64), chain_head: { seq: last.chainSeq + 2, hash: 'b'.repeat(64) },
  });
  expect(r).toMatchObject({ status: 'applied', note: 'member count flagged: inflated' });
  const flagged = (await B.s.deps.store.read.events(council.id)).filter((e) => e.type === 'federation.member-count-flagged');
  expect(flagged.map((e) => e.payload)).toEqual([expect.objectContaining({ reported: 40, counted: 5 })]);
  await settle();
  const posted = B.sent.filter((x) => x.key.startsWith('count-flagged.'));
  expect(posted.length).toBeGreaterThan(0);
  expect(posted[0]?.message.title).toBe('Member count of Riverside @ dep_a flagged');
  expect(posted[0]?.message.body).toContain('reported 40 members');
  expect(await ok(B.s.run('anyone', t.room(council), 'federation show'))).toContain('⚠ Riverside @ dep_a: member count flagged once; last on P-1: reported 40, counted 5');
  expect(await ok(B.s.run('anyone', t.room(council), 'federation show Transit'))).toContain('member count flagged once');
  expect(await ok(B.s.run('anyone', t.room(council), 'proposal status P-1'))).toContain('5 members covered');
}
