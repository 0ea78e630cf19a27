import { expect } from 'vitest';
import type { Decision } from '../../src/core/relay/model.js';
import type { Scenario } from '../../src/core/testing/scenario.js';
import { asProposalId, type AssemblyId } from '../../src/core/shared/ids.js';
import type { TwoDeployments } from './two-deployments.js';

/** One step of a child's life with an open proposal (docs/FEDERATION-PROTOCOL.md §6). */
export type ChangeOp =
  | { readonly kind: 'respond'; readonly response: 'accept' | 'reject' | 'amend' }
  /** Every event A ever sent B is delivered again, as a homeserver catching up would. */
  | { readonly kind: 'replay' }
  /** The council issues the next version. */
  | { readonly kind: 'version' };

async function ok(p: Promise<{ ok: boolean; text: string }>): Promise<string> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.text} ${JSON.stringify(r)}`.slice(0, 600));
  return r.text;
}

const motionNumber = (text: string): number => {
  const n = /#(\d+)/.exec(text)?.[1];
  if (!n) throw new Error(`no motion number in: ${text}`);
  return Number(n);
};

/** Moves a response in an assembly and has all its members pass it. */
async function respond(s: Scenario, room: string, members: readonly string[], response: 'accept' | 'reject' | 'amend', note: string): Promise<void> {
  const text = response === 'accept' ? '' : ` --text "${note}"`;
  const n = motionNumber(await ok(s.run(members[0]!, room, `proposal respond P-1 ${response}${text}`)));
  for (const m of members) await ok(s.run(m, room, `vote ${String(n)} yes`));
}

type Status = Decision | 'pending' | 'none';

async function statusAt(s: Scenario, proposalNumber: number, assemblyId: AssemblyId): Promise<Status> {
  const p = await s.deps.store.read.relay.proposalByNumber(proposalNumber);
  if (!p) return 'none';
  const r = await s.deps.store.transaction((tx) => tx.relay.referralFor(asProposalId(p.id), p.currentVersion, assemblyId));
  return (r?.status as Status | undefined) ?? 'none';
}

/**
 * The same steps done by B's own local assembly (Transit.1) and by A's
 * Riverside through the link room: after each, the parent holds the same
 * decision for both, equal to Riverside's own at home, and the root's counts
 * hold each decision twice (once local, once remote) or not at all.
 */
export async function decisionChangeFlow(d: TwoDeployments, ops: readonly ChangeOp[]): Promise<void> {
  const { A, B, t, council, settle, carrier, locals } = d;
  await ok(B.s.run('Transit Council-m1', t.room(council), 'proposal draft "Bike lanes" --text "Paint bike lanes." --rule 3'));
  await ok(B.s.run('Transit Council-m1', t.room(council), 'vote 1 yes'));
  await settle();
  const local = t.levels[1]![0]!;
  const riverside = (await A.s.deps.store.read.assemblyByName('Riverside'))!;
  const proxy = (await B.s.deps.store.read.assemblyByName('Riverside @ dep_a'))!;
  let versions = 1;
  for (const [i, op] of ops.entries()) {
    if (op.kind === 'respond') {
      await respond(B.s, t.room(local), t.members(local), op.response, `note ${String(i)}`);
      await respond(A.s, '#riverside', locals.Riverside!, op.response, `note ${String(i)}`);
    } else if (op.kind === 'replay') {
      for (const x of carrier.delivered.filter((e) => e.to === 'dep_b')) expect((await B.side.receiver.receive(x.raw, B.s.clock.now())).kind).toBe('duplicate');
    } else {
      versions++;
      const n = motionNumber(await ok(B.s.run('Transit Council-m1', t.room(council), `proposal amend P-1 --text "Paint bike lanes.\\nVersion ${String(versions)}." --note "v${String(versions)}"`)));
      await ok(B.s.run('Transit Council-m1', t.room(council), `vote ${String(n)} yes`));
    }
    await settle();
    const here = await statusAt(B.s, 1, local.id);
    expect({ step: i, op, remote: await statusAt(B.s, 1, proxy.id), home: await statusAt(A.s, 1, riverside.id) }).toEqual({ step: i, op, remote: here, home: here });
    const p = (await B.s.deps.store.read.relay.proposalByNumber(1))!;
    const root = (await B.s.deps.store.read.relay.rootReferral(p.id, p.currentVersion))!;
    const twice = (s: Status): number => (here === s ? 2 : 0);
    // The Merkle leaf B keeps for Riverside on this version is the last decision A sent on it (none while pending).
    const sent = carrier.delivered.map((x) => x.raw.content as { type: string; idempotency_key: string; body: { assembly: string; version: number } }).filter((c) => c.type === 'org.plenary.decision' && c.body.assembly === `dep_a/${riverside.id}` && c.body.version === p.currentVersion);
    const leaf = (await B.s.deps.store.links.countedDecisions(`dep_b/${p.id}`, p.currentVersion, 10)).find((c) => c.assembly === `dep_a/${riverside.id}`);
    expect(leaf?.idempotencyKey).toBe(here === 'pending' ? undefined : sent.at(-1)?.idempotency_key);
    expect({ accepted: root.accepted, rejected: root.rejected, amend: root.amendRequested }).toEqual({ accepted: twice('accepted'), rejected: twice('rejected'), amend: twice('amend-requested') });
  }
}

/**
 * Riverside accepts, the proposal is adopted and enters its law book; then it
 * repeals the law: at home that withdraws its acceptance (a rejection with no
 * response motion of its own), and the parent counts the rejection in place
 * of the acceptance, as it would for a local assembly.
 */
export async function repealFlow(d: TwoDeployments): Promise<void> {
  const { A, B, t, council, settle, locals } = d;
  await ok(B.s.run('Transit Council-m1', t.room(council), 'proposal draft "Bike lanes" --text "Paint bike lanes." --rule 1'));
  await ok(B.s.run('Transit Council-m1', t.room(council), 'vote 1 yes'));
  await settle();
  for (const m of locals.Riverside!) await ok(A.s.run(m, '#riverside', 'vote 2 yes'));
  await settle();
  const proxy = (await B.s.deps.store.read.assemblyByName('Riverside @ dep_a'))!;
  expect(await statusAt(B.s, 1, proxy.id)).toBe('accepted');
  expect((await B.s.deps.store.read.relay.proposalByNumber(1))?.status).toBe('adopted');
  const n = motionNumber(await ok(A.s.run('r1', '#riverside', 'motion propose "No bike lanes here" --kind repeal-law --law 1')));
  for (const m of locals.Riverside!) await ok(A.s.run(m, '#riverside', `vote ${String(n)} yes`));
  await settle();
  const riverside = (await A.s.deps.store.read.assemblyByName('Riverside'))!;
  expect(await statusAt(A.s, 1, riverside.id)).toBe('rejected');
  expect(await statusAt(B.s, 1, proxy.id)).toBe('rejected');
  const p = (await B.s.deps.store.read.relay.proposalByNumber(1))!;
  expect(await B.s.deps.store.read.relay.rootReferral(p.id, 1)).toMatchObject({ accepted: 0, rejected: 1 });
}
