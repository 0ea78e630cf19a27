import { expect } from 'vitest';
import { beat } from '../../src/adapters/matrix/federation/heartbeat.js';
import { sweepRemoteParents } from '../../src/core/federation/remote/index.js';
import { silentLogger } from '../../src/core/ports/logger.port.js';
import type { TwoDeployments } from './two-deployments.js';

const DAY = 86_400_000;
const policy = { dormantAfterMs: 7 * DAY, sovereignAfterMs: 30 * DAY };

async function ok(p: Promise<{ ok: boolean; text: string }>): Promise<string> {
  const r = await p;
  if (!r.ok) throw new Error(r.text);
  return r.text;
}

/** Both deployments' clocks move together (the test's one fake time). */
function advance(d: TwoDeployments, ms: number): void {
  d.A.s.clock.advance(ms);
  d.B.s.clock.advance(ms);
}

/** B's carrier sends its heartbeat into every link room; the loopback delivers it to A. */
async function heartbeatFromB(d: TwoDeployments): Promise<void> {
  await beat({ outbox: d.B.s.deps.store.peerOutbox, links: d.B.s.deps.store.links, identity: d.B.side.identity, log: silentLogger, periodMs: 6 * 3600_000, dormantAfterMs: 7 * DAY }, d.B.s.clock.now());
  await d.settle();
}

/**
 * B silent past the threshold: A's assemblies see it dormant once, referrals
 * stay undecided; it clears when B is back; after the longer policy A is
 * sovereign and B's return does not revive the edge.
 */
export async function silentParentFlow(d: TwoDeployments): Promise<void> {
  const { A, B, t, council } = d;
  const riverside = (await A.s.deps.store.read.assemblyByName('Riverside'))!;
  const hilltop = (await A.s.deps.store.read.assemblyByName('Hilltop'))!;
  await ok(B.s.run('Transit Council-m1', t.room(council), 'proposal draft "Bike lanes" --text "Paint bike lanes." --rule 3 --deadline 60'));
  await ok(B.s.run('Transit Council-m1', t.room(council), 'vote 1 yes'));
  await d.settle();
  expect(await ok(A.s.run('r1', '#riverside', 'motion show 2'))).toContain('Bike lanes');
  // Riverside decides at once (its response motion closes long before the silence is noticed); the decision waits in A's outbox.
  for (const m of ['r1', 'r2', 'r3']) await ok(A.s.run(m, '#riverside', 'vote 2 yes'));

  // Six days of silence: nothing yet.
  advance(d, 6 * DAY);
  expect(await sweepRemoteParents(A.s.deps, policy)).toEqual({ dormant: [], back: [], sovereign: [] });
  // Eight: both local assemblies see their parent dormant, once.
  advance(d, 2 * DAY);
  expect([...(await sweepRemoteParents(A.s.deps, policy)).dormant].sort()).toEqual([riverside.id, hilltop.id].sort());
  expect((await sweepRemoteParents(A.s.deps, policy)).dormant).toEqual([]);
  await d.settle();
  const notices = (room: string, title: string) => A.sent.filter((s) => s.roomId === room && s.message.title.includes(title));
  expect(notices('#riverside', 'has gone silent')).toHaveLength(1);
  expect(notices('#hilltop', 'has gone silent')).toHaveLength(1);
  expect((await A.s.deps.store.read.events(riverside.id)).filter((e) => e.type === 'federation.parent-dormant')).toHaveLength(1);
  // `federation show` says since when, in the reader's language.
  const show = await ok(A.s.run('r1', '#riverside', 'federation show'));
  expect(show).toContain('parent Transit Council @ dep_b');
  expect(show).toContain('dormant since Mon 12 Jan');
  A.s.platformLocales.set('r2', 'es-ES');
  expect(await ok(A.s.run('r2', '#riverside', 'federation show'))).toContain('inactivo desde lun, 12 ene');

  // Decided at home while the parent is silent; the undecided stay pending, nothing is rejected.
  const referrals = async (id: typeof riverside.id) => (await A.s.deps.store.read.relay.referralsTo(id, 10)).map((r) => r.status);
  expect(await referrals(riverside.id)).toEqual(['accepted']);
  expect(await referrals(hilltop.id)).toEqual(['pending']);

  // B is heard again before the longer policy: the mark clears and is announced.
  await heartbeatFromB(d);
  expect([...(await sweepRemoteParents(A.s.deps, policy)).back].sort()).toEqual([riverside.id, hilltop.id].sort());
  await d.settle();
  expect(notices('#riverside', 'is back')).toHaveLength(1);
  expect(await ok(A.s.run('r1', '#riverside', 'federation show'))).not.toContain('dormant');
  // Riverside's decision reached B and counted there.
  expect((await B.s.deps.store.read.relay.rootReferral((await B.s.deps.store.read.relay.proposalByNumber(1))!.id, 1))?.accepted).toBe(1);

  // Silent again, for good: dormant after 7 days, sovereign after 30.
  advance(d, 8 * DAY);
  expect((await sweepRemoteParents(A.s.deps, policy)).dormant).toHaveLength(2);
  advance(d, 23 * DAY);
  expect([...(await sweepRemoteParents(A.s.deps, policy)).sovereign].sort()).toEqual([riverside.id, hilltop.id].sort());
  expect(await sweepRemoteParents(A.s.deps, policy)).toEqual({ dormant: [], back: [], sovereign: [] });
  await d.settle();
  expect(await A.s.deps.store.read.parentEdges(hilltop.id)).toEqual([]);
  expect((await A.s.deps.store.read.events(hilltop.id)).filter((e) => e.type === 'federation.sovereign')).toHaveLength(1);
  expect(notices('#hilltop', 'is sovereign')).toHaveLength(1);
  // Hilltop's open referral ended as withdrawn, never as rejected.
  expect(await referrals(hilltop.id)).toEqual(['withdrawn']);
  expect(await ok(A.s.run('h1', '#hilltop', 'federation show'))).toMatch(/left Transit Council @ dep_b \(sovereign since/);
  expect(await ok(A.s.run('h1', '#hilltop', 'audit verify'))).toContain('intact');

  // B comes back and relays a new proposal: the heartbeat revives nothing and the referral is not taken.
  await heartbeatFromB(d);
  expect(await sweepRemoteParents(A.s.deps, policy)).toEqual({ dormant: [], back: [], sovereign: [] });
  await ok(B.s.run('Transit Council-m1', t.room(council), 'proposal draft "Night buses" --text "Run night buses." --rule 1'));
  await ok(B.s.run('Transit Council-m1', t.room(council), 'vote 2 yes'));
  await d.settle();
  expect(await A.s.deps.store.read.relay.proposalByNumber(2)).toBeNull();
  expect(await A.s.deps.store.read.parentEdges(riverside.id)).toEqual([]);
}

/** The assembly's own leave motion while its remote parent is dormant: the link is closed as left, the parent's later referrals are not taken. */
export async function leaveWhileDormantFlow(d: TwoDeployments): Promise<void> {
  const { A, B, t, council } = d;
  const hilltop = (await A.s.deps.store.read.assemblyByName('Hilltop'))!;
  advance(d, 8 * DAY);
  expect((await sweepRemoteParents(A.s.deps, policy)).dormant).toHaveLength(2);
  await ok(A.s.run('h1', '#hilltop', 'federation leave Transit'));
  for (const m of ['h1', 'h2']) await ok(A.s.run(m, '#hilltop', 'vote 2 yes'));
  expect(await A.s.deps.store.read.parentEdges(hilltop.id)).toEqual([]);
  const link = (await A.s.deps.store.read.remotes.mirrorsOf('parent-link', [hilltop.id]))[0];
  expect(link?.data.status).toBe('left');
  await heartbeatFromB(d);
  expect((await sweepRemoteParents(A.s.deps, policy)).back).toHaveLength(1);
  await ok(B.s.run('Transit Council-m1', t.room(council), 'proposal draft "Bike lanes" --text "Paint bike lanes." --rule 1'));
  await ok(B.s.run('Transit Council-m1', t.room(council), 'vote 1 yes'));
  await d.settle();
  // Riverside (still joined) got it; Hilltop did not.
  expect(await ok(A.s.run('r1', '#riverside', 'motion show 2'))).toContain('Bike lanes');
  expect(await A.s.deps.store.read.relay.referralsTo(hilltop.id, 10)).toEqual([]);
}
