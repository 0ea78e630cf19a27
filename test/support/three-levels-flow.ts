import { expect } from 'vitest';
import { buildEnvelope, merklePath, unwrapEnvelope, verifyMerklePath, type EventBody, type RawEvent } from '../../src/core/federation-protocol/index.js';
import { adoptionLeaves } from '../../src/core/federation/remote/adoption.js';
import { subtreeAuditPath, verifySubtreeAuditPath } from '../../src/core/federation/remote/subtree-audit.js';
import { signingInput } from '../../src/core/federation-protocol/index.js';
import type { ThreeLevels } from './three-levels.js';

async function ok(p: Promise<{ ok: boolean; text: string }>): Promise<string> {
  const r = await p;
  if (!r.ok) throw new Error(r.text);
  return r.text;
}

/**
 * A proposal drafted at B reaches A's Valley Council, which accepts it by
 * vote and relays it to its locals; their votes reach B as subtree reports,
 * B counts them with its own local, adopts, and the adoption binds only the
 * remote locals that accepted. A member of an accepting local checks its
 * decision's path to the root B counted, and from that report to the
 * adoption's root.
 */
export async function subtreeFlow(d: ThreeLevels): Promise<void> {
  const { A, B, council, transit1, valley, locals, room, settle } = d;
  expect(await ok(B.s.run('anyone', room(council), 'federation show Transit'))).toContain('Valley Council @ dep_a');
  await ok(B.s.run('Transit Council-m1', room(council), 'proposal draft "Bike lanes" --text "Paint bike lanes." --rule 3'));
  for (const m of ['Transit Council-m1', 'Transit Council-m2']) await ok(B.s.run(m, room(council), 'vote 1 yes'));
  await settle();
  // B counts Valley as its three locals from the start: 4 local assemblies in scope, all pending.
  expect(await ok(B.s.run('anyone', room(council), 'proposal status P-1'))).toContain('0 accepted · 0 rejected · 0 asked to amend · 4 pending');
  // A: Valley Council votes on the copy (#2: #1 was its join), then relays it to its locals as usual.
  for (const m of ['Valley Council-m1', 'Valley Council-m2']) await ok(A.s.run(m, room(valley), 'vote 2 yes'));
  await settle();
  for (const l of locals) expect(await ok(A.s.run(`${l.name}-m1`, room(l), 'motion show 1'))).toContain('Accept P-1 v1: Bike lanes');
  const [v1, v2, v3] = locals;
  for (let i = 1; i <= 3; i++) await ok(A.s.run(`Valley.1-m${String(i)}`, room(v1!), 'vote 1 yes'));
  for (let i = 1; i <= 4; i++) await ok(A.s.run(`Valley.2-m${String(i)}`, room(v2!), 'vote 1 no'));
  await settle();
  let status = await ok(B.s.run('anyone', room(council), 'proposal status P-1'));
  expect(status).toContain('1 accepted · 1 rejected · 0 asked to amend · 2 pending');
  expect(status).toContain('3 members covered');
  expect((await B.s.deps.store.read.relay.proposalByNumber(1))?.status).toBe('open');
  for (let i = 1; i <= 3; i++) await ok(B.s.run(`Transit.1-m${String(i)}`, room(transit1), 'vote 1 yes'));
  for (let i = 1; i <= 5; i++) await ok(A.s.run(`Valley.3-m${String(i)}`, room(v3!), 'vote 1 yes'));
  await settle();
  status = await ok(B.s.run('anyone', room(council), 'proposal status P-1'));
  expect(status).toContain('3 accepted · 1 rejected · 0 asked to amend · 0 pending');
  expect(status).toContain('11 members covered');
  expect((await B.s.deps.store.read.relay.proposalByNumber(1))?.status).toBe('adopted');

  // The adoption reached A and bound only the locals that accepted.
  const copy = (await A.s.deps.store.read.relay.proposalByNumber(1))!;
  expect(copy.status).toBe('adopted');
  const lawTitles = async (id: string) => (await A.s.deps.store.read.laws.laws(id as never, false)).map((l) => l.versions.at(-1)?.title);
  expect(await lawTitles(v1!.id)).toEqual([expect.stringContaining('Bike lanes')]);
  expect(await lawTitles(v3!.id)).toEqual([expect.stringContaining('Bike lanes')]);
  expect(await lawTitles(v2!.id)).toEqual([]);
  expect(A.sent.some((x) => x.key.startsWith('adopted.') && x.roomId === room(v1!))).toBe(true);

  // Audit: Valley.1's decision is inside the root B counted for Valley's subtree…
  const proposalId = (await B.s.deps.store.read.relay.proposalByNumber(1))!.id;
  const report = await B.s.deps.store.read.remotes.mirror('subtree-report', `dep_b/${proposalId}/v1/dep_a/${valley.id}`);
  const counted = String(report?.data.merkleRoot);
  const path = await subtreeAuditPath(A.s.deps.store.read, 'dep_a', v1!.id, copy.id);
  if (!path.ok) throw new Error(path.error.message);
  expect(path.value).toMatchObject({ size: 3, root: counted, top: `dep_a/${valley.id}` });
  expect(path.value.leaf).toContain('"decision":"accept"');
  expect(verifySubtreeAuditPath(path.value, counted)).toBe(true);
  expect(verifySubtreeAuditPath({ ...path.value, leaf: path.value.leaf.replace('"decision":"accept"', '"decision":"reject"') }, counted)).toBe(false);
  // The same, as a member asks for it in their room.
  const shown = await ok(A.s.run('Valley.1-m1', room(v1!), 'proposal path P-1'));
  expect(shown).toContain(`of 3 in the reports of dep_a/${valley.id}`);
  expect(shown).toContain(counted);
  expect(shown).toContain('The path leads to the root.');
  expect((await A.s.run('Valley.2-m1', room(v2!), 'proposal path P-9')).ok).toBe(false);
  expect((await B.s.run('Transit.1-m1', room(transit1), 'proposal path P-1')).ok).toBe(false);
  // …and that signed report is inside the adoption's root A was told.
  const leaves = await adoptionLeaves({ links: B.s.deps.store.links, remotes: B.s.deps.store.read.remotes }, `dep_b/${proposalId}`, 1);
  const entry = await B.s.deps.store.links.inboxEntry(String(report?.data.idempotencyKey));
  const mine = signingInput(entry!.content);
  if (!mine.ok) throw new Error('not canonical');
  const at = leaves.findIndex((l) => Buffer.from(l).equals(Buffer.from(mine.value)));
  expect(at).toBeGreaterThanOrEqual(0);
  const adoptedAtA = (await A.s.deps.store.read.events(copy.originAssemblyId)).find((e) => e.type === 'proposal.adopted');
  expect(verifyMerklePath(mine.value, at, leaves.length, merklePath(leaves, at)!, String(adoptedAtA?.payload.merkleRoot))).toBe(true);
  expect((JSON.parse(new TextDecoder().decode(mine.value).split('\n')[1]!) as { body: { merkle_root: string } }).body.merkle_root).toBe(counted);
  // Nothing of A's members crossed: counts and hashes only.
  const crossed = JSON.stringify(d.carrier.delivered.filter((x) => x.to === 'dep_b').map((x) => x.raw.content));
  expect(crossed).not.toContain('Valley.1-m1');
}

/** Subtree reports that do not hold together, signed by A and sent straight into B's receiver: refused, nothing counted. */
export async function forgedSubtreeFlow(d: ThreeLevels): Promise<void> {
  const { A, B, council, valley, locals, room, settle } = d;
  await ok(B.s.run('Transit Council-m1', room(council), 'proposal draft "Bike lanes" --text "Paint bike lanes." --rule 3'));
  for (const m of ['Transit Council-m1', 'Transit Council-m2']) await ok(B.s.run(m, room(council), 'vote 1 yes'));
  await settle();
  for (const m of ['Valley Council-m1', 'Valley Council-m2']) await ok(A.s.run(m, room(valley), 'vote 2 yes'));
  await settle();
  for (let i = 1; i <= 3; i++) await ok(A.s.run(`Valley.1-m${String(i)}`, room(locals[0]!), 'vote 1 yes'));
  await settle();
  const proposalId = (await B.s.deps.store.read.relay.proposalByNumber(1))!.id;
  const root = async () => (await B.s.deps.store.read.relay.rootReferral(proposalId, 1))!;
  const before = await root();
  expect(before.accepted).toBe(1);
  const report = await B.s.deps.store.read.remotes.mirror('subtree-report', `dep_b/${proposalId}/v1/dep_a/${valley.id}`);
  const good = (await B.s.deps.store.links.inboxEntry(String(report?.data.idempotencyKey)))!.content.body as EventBody<'org.plenary.subtree'>;
  expect(good.leaves).toHaveLength(1);
  const linkRoom = (await A.s.deps.store.read.remotes.mirrorsOf('parent-link', [valley.id]))[0]!.data.roomId as string;
  let extra = 0;
  const send = async (body: EventBody<'org.plenary.subtree'>) => {
    const next = (await A.s.deps.store.peerOutbox.lastSeq(linkRoom)) + 1 + extra++;
    const key = `forged-sub/${String(next)}`;
    const env = unwrapEnvelope(buildEnvelope({ type: 'org.plenary.subtree', roomId: linkRoom, deployment: 'dep_a', idempotencyKey: key, seq: next, sentAt: B.s.clock.now(), body }, A.side.identity.signer));
    const raw: RawEvent = { type: 'org.plenary.subtree', sender: A.side.identity.botUserId, roomId: linkRoom, content: env, stateKey: `${body.proposal}/v1/${body.assembly}` };
    await B.side.receiver.receive(raw, B.s.clock.now());
    return B.s.deps.store.links.inboxEntry(key);
  };
  const later = { ...good, chain_head: { ...good.chain_head, seq: good.chain_head.seq + 1 } };
  // A root that is not the root of its leaves.
  expect(await send({ ...later, merkle_root: 'c'.repeat(64) })).toMatchObject({ status: 'refused', note: expect.stringContaining('Merkle root') as unknown });
  // Counts that do not match the signed leaves (one more accepted, as many fewer pending).
  expect(await send({ ...later, accepted: 2, pending: later.pending - 1, reports: 2 })).toMatchObject({ status: 'refused' });
  expect(await send({ ...later, members_covered: 300 })).toMatchObject({ status: 'refused', note: expect.stringContaining('members covered') as unknown });
  // Without the leaves it could carry; counts that exceed the subtree; a report count that is not the decided count.
  expect(await send({ ...later, leaves: null })).toMatchObject({ status: 'refused', note: expect.stringContaining('leaves are missing') as unknown });
  expect(await send({ ...later, leaves: null, accepted: 9 })).toMatchObject({ status: 'refused' });
  expect(await send({ ...later, leaves: null, reports: 3 })).toMatchObject({ status: 'refused' });
  // A subtree A does not host (B's own local).
  expect(await send({ ...later, assembly: `dep_b/${d.transit1.id}` })).toMatchObject({ status: 'refused', note: 'not_host' });
  await settle();
  expect(await root()).toMatchObject({ accepted: before.accepted, pending: before.pending, localTotal: before.localTotal, membersCovered: before.membersCovered });
  const proxy = (await B.s.deps.store.read.remotes.mirror('child-proxy', `dep_a/${valley.id}`))!;
  expect((await B.s.deps.store.read.events(proxy.localId as never)).filter((e) => e.type === 'federation.subtree-refused')).toHaveLength(6);
  // An older report than the one applied is kept for the record and changes nothing; a well-formed later one is applied.
  expect(await send({ ...good, chain_head: { ...good.chain_head, seq: good.chain_head.seq - 1 } })).toMatchObject({ status: 'recorded' });
  expect(await send(later)).toMatchObject({ status: 'applied' });
}
