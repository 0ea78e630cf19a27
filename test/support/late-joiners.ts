import { expect } from 'vitest';
import type { TwoDeployments } from './two-deployments.js';

async function ok(p: Promise<{ ok: boolean; text: string }>): Promise<string> {
  const r = await p;
  if (!r.ok) throw new Error(r.text);
  return r.text;
}

/**
 * After P-1 v1 was relayed to the council's members, a local assembly joins
 * the council at B and a third assembly of A joins it by remote invitation:
 * each is offered the current version as its own response motion, the scope
 * of the counts grows by them, and their decisions count at B.
 */
export async function lateJoinFlow(d: TwoDeployments): Promise<void> {
  const { A, B, t, council, settle } = d;
  await ok(B.s.run('Transit Council-m1', t.room(council), 'proposal draft "Bike lanes" --text "Paint bike lanes." --rule 2'));
  await ok(B.s.run('Transit Council-m1', t.room(council), 'vote 1 yes'));
  await settle();
  expect(await ok(B.s.run('anyone', t.room(council), 'proposal status P-1'))).toContain('of 3 local assemblies');

  // A local late joiner at B.
  await ok(B.s.run('q1', '#quarry', 'assembly setup "Quarry"'));
  await ok(B.s.run('q2', '#quarry', 'join --accept-values'));
  const code = /[A-Z0-9]+-CODE\d{4}/.exec(await ok(B.s.run('founder', t.room(council), 'federation invite')))?.[0];
  await ok(B.s.run('q1', '#quarry', `federation join ${code!}`));
  for (const m of ['q1', 'q2']) await ok(B.s.run(m, '#quarry', 'vote 1 yes'));
  // A remote late joiner from A.
  await ok(A.s.run('l1', '#lakeside', 'assembly setup "Lakeside"'));
  await ok(A.s.run('l2', '#lakeside', 'join --accept-values'));
  const line = /PLENARY1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.exec(await ok(B.s.run('founder', t.room(council), 'federation invite --remote')))?.[0];
  await ok(A.s.run('l1', '#lakeside', `federation join ${line!}`));
  for (const m of ['l1', 'l2']) await ok(A.s.run(m, '#lakeside', 'vote 1 yes'));
  await settle();

  // Both were offered the version already travelling: a response motion each, as its siblings got.
  expect(await ok(B.s.run('q1', '#quarry', 'motion show 2'))).toContain('Accept P-1 v1: Bike lanes');
  expect(await ok(A.s.run('l1', '#lakeside', 'motion show 2'))).toContain('Accept P-1 v1: Bike lanes');
  expect(await ok(B.s.run('anyone', t.room(council), 'proposal status P-1'))).toContain('Whole scope: 0 accepted · 0 rejected · 0 asked to amend · 5 pending (of 5 local assemblies');

  // Their decisions count: the local one and the remote one accept, the rule (2) is met.
  for (const m of ['q1', 'q2']) await ok(B.s.run(m, '#quarry', 'vote 2 yes'));
  for (const m of ['l1', 'l2']) await ok(A.s.run(m, '#lakeside', 'vote 2 yes'));
  await settle();
  expect(await ok(B.s.run('anyone', t.room(council), 'proposal status P-1'))).toContain('Whole scope: 2 accepted · 0 rejected · 0 asked to amend · 3 pending (of 5 local assemblies');
  expect((await B.s.deps.store.read.relay.proposalByNumber(1))?.status).toBe('adopted');
  expect((await A.s.deps.store.read.relay.proposalByNumber(1))?.status).toBe('adopted');
  const lakeside = (await A.s.deps.store.read.assemblyByName('Lakeside'))!;
  expect((await A.s.deps.store.read.laws.laws(lakeside.id, false)).map((l) => l.versions.at(-1)?.title)).toEqual([expect.stringContaining('Bike lanes')]);
  // Joining again changes nothing: a settled relay offers nobody twice.
  await settle();
  expect((await B.s.deps.store.read.motionByNumber((await B.s.deps.store.read.assemblyByName('Quarry'))!.id, 3))).toBeNull();
}
