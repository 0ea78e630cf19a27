import { describe, expect, it } from 'vitest';
import { beat } from '../../../src/adapters/matrix/federation/heartbeat.js';
import { sweepRemoteParents } from '../../../src/core/federation/remote/index.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { asAssemblyId, asFederationId } from '../../../src/core/shared/ids.js';
import { twoDeployments, type TwoDeployments } from '../../support/two-deployments.js';

const DAY = 86_400_000;
const policy = { dormantAfterMs: 7 * DAY, sovereignAfterMs: 30 * DAY };

async function ok(p: Promise<{ ok: boolean; text: string }>): Promise<string> {
  const r = await p;
  if (!r.ok) throw new Error(r.text);
  return r.text;
}

const fresh = () => twoDeployments(11, { a: new FakeStore(), b: new FakeStore() });

/** Hilltop (h1, h2) moves and passes `federation join` with a new remote invitation from B's council, as motion `n`. */
async function rejoin(d: TwoDeployments, n: number): Promise<void> {
  const code = /PLENARY1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.exec(await ok(d.B.s.run('founder', d.t.room(d.council), 'federation invite --remote')))![0];
  await ok(d.A.s.run('h1', '#hilltop', `federation join ${code}`));
  for (const m of ['h1', 'h2']) await ok(d.A.s.run(m, '#hilltop', `vote ${String(n)} yes`));
  await d.settle();
}

/** After the rejoin: Hilltop is under the council again, and a new proposal of B reaches it (motion `n`) and its decision counts at B. */
async function relayedAndCounted(d: TwoDeployments, n: number): Promise<void> {
  const { A, B, t, council } = d;
  const hilltop = (await A.s.deps.store.read.assemblyByName('Hilltop'))!;
  expect(await A.s.deps.store.read.parentEdges(hilltop.id)).toHaveLength(1);
  expect(await ok(A.s.run('h1', '#hilltop', 'federation show'))).toContain('parent Transit Council @ dep_b');
  await ok(B.s.run('Transit Council-m1', t.room(council), 'proposal draft "Night buses" --text "Run night buses." --rule 3'));
  await ok(B.s.run('Transit Council-m1', t.room(council), 'vote 1 yes'));
  await d.settle();
  expect(await ok(A.s.run('h1', '#hilltop', `motion show ${String(n)}`))).toContain('Night buses');
  for (const m of ['h1', 'h2']) await ok(A.s.run(m, '#hilltop', `vote ${String(n)} yes`));
  await d.settle();
  const proposal = (await B.s.deps.store.read.relay.proposalByNumber(1))!;
  expect((await B.s.deps.store.read.relay.rootReferral(proposal.id, 1))?.accepted).toBe(1);
  expect(await ok(A.s.run('h1', '#hilltop', 'audit verify'))).toContain('intact');
}

describe('a local assembly joins a remote parent again by a new invitation (issue 19)', () => {
  it('GIVEN Hilltop left its remote parent by motion WHEN it joins again by a new invitation THEN the parent answers again and a new proposal is relayed and counted', async () => {
    const d = await fresh();
    const hilltop = (await d.A.s.deps.store.read.assemblyByName('Hilltop'))!;
    await ok(d.A.s.run('h1', '#hilltop', 'federation leave Transit'));
    for (const m of ['h1', 'h2']) await ok(d.A.s.run(m, '#hilltop', 'vote 2 yes'));
    expect(await d.A.s.deps.store.read.parentEdges(hilltop.id)).toEqual([]);
    await rejoin(d, 3);
    // B was never told Hilltop left: it keeps the proxy's one edge and answers the new invitation on it.
    const proxy = (await d.B.s.deps.store.read.assemblyByName('Hilltop @ dep_a'))!;
    expect(await d.B.s.deps.store.read.parentEdges(proxy.id)).toHaveLength(1);
    expect((await d.A.s.deps.store.read.events(hilltop.id)).filter((e) => e.type === 'federation.joined')).toHaveLength(2);
    await relayedAndCounted(d, 4);
  }, 60_000);

  it('GIVEN Hilltop became sovereign after its parent’s silence and the parent had ended its edge WHEN it joins again THEN a new edge is made at the parent and a new proposal is counted', async () => {
    const d = await fresh();
    d.A.s.clock.advance(31 * DAY);
    d.B.s.clock.advance(31 * DAY);
    expect((await sweepRemoteParents(d.A.s.deps, policy)).sovereign).toHaveLength(2);
    // B is heard again (its heartbeat), and had ended the proxy's edge meanwhile.
    await beat({ outbox: d.B.s.deps.store.peerOutbox, links: d.B.s.deps.store.links, identity: d.B.side.identity, log: silentLogger, periodMs: 6 * 3600_000, dormantAfterMs: 7 * DAY }, d.B.s.clock.now());
    await d.settle();
    const proxy = (await d.B.s.deps.store.read.assemblyByName('Hilltop @ dep_a'))!;
    const fed = (await d.B.s.deps.store.read.federationByName('Transit'))!;
    const old = (await d.B.s.deps.store.read.activeEdge(asFederationId(fed.id), asAssemblyId(proxy.id)))!;
    await d.B.s.deps.store.transaction((tx) => tx.endEdge(old.id, d.B.s.clock.now(), null));
    await rejoin(d, 2);
    const edge = await d.B.s.deps.store.read.activeEdge(asFederationId(fed.id), asAssemblyId(proxy.id));
    expect(edge?.id).toBeDefined();
    expect(edge?.id).not.toBe(old.id);
    expect(await sweepRemoteParents(d.A.s.deps, policy)).toEqual({ dormant: [], back: [], sovereign: [] });
    await relayedAndCounted(d, 3);
  }, 60_000);

  it('GIVEN Hilltop still joined WHEN a second `federation join` is moved THEN it is refused kindly and nothing is sent', async () => {
    const d = await fresh();
    const code = /PLENARY1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.exec(await ok(d.B.s.run('founder', d.t.room(d.council), 'federation invite --remote')))![0];
    const before = d.carrier.delivered.length;
    const r = await d.A.s.run('h1', '#hilltop', `federation join ${code}`);
    expect(r.ok).toBe(false);
    expect(r.text).toContain('Hilltop is already a member of Transit Council');
    await d.settle();
    expect(d.carrier.delivered.length).toBe(before);
  }, 60_000);
});
