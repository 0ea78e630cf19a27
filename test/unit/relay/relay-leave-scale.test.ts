import { describe, expect, it } from 'vitest';
import { federationModule } from '../../../src/core/federation/index.js';
import type { OutboxItem } from '../../../src/core/model/federation.js';
import { leaveBranch, recordDecisions, relayModule, rollup, RELAY_KINDS, tellUnoffered } from '../../../src/core/relay/index.js';
import { endReferralsOnLeave } from '../../../src/core/relay/leave.js';
import type { Proposal } from '../../../src/core/relay/model.js';
import { Scenario } from '../../../src/core/testing/scenario.js';
import type { Assembly } from '../../../src/core/model/entities.js';
import { asAssemblyId, asProposalId } from '../../../src/core/shared/ids.js';
import { buildBranches, type Branches } from '../../support/branch-fixture.js';
import { drainRelay, type Sent } from '../../support/relay-drain.js';

/*
 * The branch below an assembly that leaves a federation, and the branch below
 * one that did not take an adopted proposal on, are handled by paged relay
 * jobs (500 assemblies a step): whatever their size, every assembly there is
 * reached exactly once, and a job run twice changes nothing the second time.
 */
const LOCALS = 500;

async function world(subs: number): Promise<{ s: Scenario; b: Branches; sent: Sent[]; proposal: Proposal; drain: (ran?: OutboxItem[]) => Promise<number> }> {
  const f = federationModule();
  const r = relayModule();
  const s = new Scenario({ extraCommands: [...f.commands, ...r.commands], extraKinds: [...f.kinds, ...r.kinds], observers: f.observers });
  const b = await buildBranches(s.deps.store, { subs, localsPerSub: LOCALS });
  const sent: Sent[] = [];
  const drain = (ran?: OutboxItem[]): Promise<number> => drainRelay(s.deps, sent, s.clock, undefined, ran);
  for (const line of ['proposal draft "Bikes" --text "Bike lanes." --rule 1', 'vote 1 yes']) {
    const reply = await s.run('founder', 'room-Scale Council', line);
    if (!reply.ok) throw new Error(reply.text);
  }
  await drain();
  const proposal = await s.deps.store.read.relay.proposalByNumber(1);
  if (!proposal) throw new Error('not issued');
  return { s, b, sent, proposal, drain };
}

const branchNames = (subs: number): string[] => Array.from({ length: subs }, (_, i) => [`Mid.${i + 1}`, ...Array.from({ length: LOCALS }, (_, l) => `Mid.${i + 1}.${l + 1}`)]).flat();

describe('GIVEN an assembly of delegates with 2,000 local assemblies below it, voting on a proposal', () => {
  const SUBS = 4;
  it('WHEN it leaves THEN the close ends only its own part, the counts above exclude its branch at once, and paged jobs end every referral and response motion below exactly once', async () => {
    const { s, b, proposal, drain } = await world(SUBS);
    const read = s.deps.store.read;
    const accept = async (assemblies: readonly Assembly[]): Promise<void> => {
      const refs = await Promise.all(assemblies.map((a) => read.relay.referralFor(proposal.id, 1, a.id)));
      const r = await recordDecisions(s.deps, refs.flatMap((x) => (x ? [{ referralId: x.id, decision: 'accepted' as const }] : [])));
      expect(r.ok && r.value.recorded).toBe(assemblies.length);
      await drain();
    };
    const named = async (names: readonly string[]): Promise<Assembly[]> => (await Promise.all(names.map((n) => read.assemblyByName(n)))).flatMap((a) => (a ? [a] : []));
    await accept([b.mid]);
    const subs = await named(Array.from({ length: SUBS }, (_, i) => `Mid.${i + 1}`));
    await accept(subs);
    const branch = await named(branchNames(SUBS));
    expect(branch).toHaveLength(SUBS * (LOCALS + 1));
    // A member of one local assembly moves its own answer (a second response motion there), and a hundred have accepted.
    const first = branch.find((a) => a.name === 'Mid.1.1');
    if (!first) throw new Error('no Mid.1.1');
    await s.deps.store.transaction(async (tx) => {
      const p = await tx.createPerson('baker', { platform: 'console', externalId: 'baker', displayName: 'baker' });
      await tx.upsertMembership({ assemblyId: first.id, personId: p.id, status: 'active', role: 'member' });
    });
    const reply = await s.run('baker', 'room-Mid.1.1', 'proposal respond P-1 reject --text "trams first"');
    expect(reply.ok, reply.text).toBe(true);
    await accept(branch.filter((a) => a.level === 0).slice(0, 100));
    expect((await read.relay.rootReferral(proposal.id, 1))?.accepted).toBe(100);

    await s.deps.store.transaction(async (tx) => {
      const edge = await tx.activeEdge(b.federationId, b.mid.id);
      if (!edge) throw new Error('no edge');
      await tx.endEdge(edge.id, s.clock.now(), null);
      expect(await endReferralsOnLeave(tx, b.mid, b.federationId, s.clock.now())).toBe(1);
    });
    // The close did the leaver's part only: nobody below has heard yet.
    expect((await read.relay.referralFor(proposal.id, 1, b.mid.id))?.status).toBe('withdrawn');
    expect((await read.events(first.id, 0, 100)).filter((e) => e.type === 'proposal.left')).toHaveLength(0);
    // A rollup before any branch job: the counts above already leave the branch out.
    await rollup(s.deps, proposal.id, 1);
    expect(await read.relay.rootReferral(proposal.id, 1)).toMatchObject({ localTotal: 2, accepted: 0, pending: 2 });

    const ran: OutboxItem[] = [];
    await drain(ran);
    const leaveJobs = ran.filter((i) => i.kind === RELAY_KINDS.leave);
    // The assemblies of delegates, then the local assemblies at 500 a step.
    expect(leaveJobs.length).toBeGreaterThanOrEqual(1 + LOCALS * SUBS / 500);
    const levels = await read.relay.levelCounts(proposal.id, 1);
    expect(levels.filter((l) => l.depth >= 2)).toEqual([
      { depth: 2, status: 'withdrawn', count: SUBS },
      { depth: 3, status: 'withdrawn', count: SUBS * LOCALS },
    ]);
    for (const a of [b.mid, ...branch]) {
      const open = (await read.motions(a.id, ['proposed', 'open'])).filter((m) => m.kind === 'proposal-response');
      expect(open, a.name).toEqual([]);
      const events = await read.events(a.id, 0, 100);
      expect(events.filter((e) => e.type === 'proposal.left'), a.name).toHaveLength(1);
      expect(events.filter((e) => e.type === 'motion.withdrawn'), a.name).toHaveLength(a === first ? 2 : 1);
    }
    expect(await read.relay.rootReferral(proposal.id, 1)).toMatchObject({ localTotal: 2, accepted: 0, rejected: 0, pending: 2 });

    // Every branch job delivered again, with and without its outbox row's guard: nothing changes.
    const before = await Promise.all(branch.map((a) => read.events(a.id, 0, 100)));
    for (const job of leaveJobs) {
      const p = job.payload;
      const step = { proposalId: asProposalId(String(p.proposalId)), version: Number(p.version), left: String(p.left), referralIds: p.referralIds as string[], after: typeof p.after === 'string' ? asAssemblyId(p.after) : null };
      expect(await leaveBranch(s.deps, step, { outboxKey: job.dedupeKey })).toEqual({ ended: 0 });
      expect(await leaveBranch(s.deps, step)).toEqual({ ended: 0 });
    }
    expect(await drain()).toBeLessThanOrEqual(leaveJobs.length);
    expect(await Promise.all(branch.map((a) => read.events(a.id, 0, 100)))).toEqual(before);
  }, 120_000);
});

describe('GIVEN an assembly of delegates with 2,505 assemblies below it that rejects a proposal', () => {
  const SUBS = 5;
  it('WHEN the proposal is adopted elsewhere THEN every assembly below it is told once, informationally, however many; a redelivered step tells nobody again', async () => {
    const { s, b, sent, proposal, drain } = await world(SUBS);
    const read = s.deps.store.read;
    const decide = async (a: Assembly, decision: 'accepted' | 'rejected'): Promise<void> => {
      const ref = await read.relay.referralFor(proposal.id, 1, a.id);
      const r = await recordDecisions(s.deps, [{ referralId: ref?.id ?? '', decision }]);
      expect(r.ok && r.value.recorded).toBe(1);
      await drain();
    };
    await decide(b.mid, 'rejected');
    await decide(b.other, 'accepted');
    const ran: OutboxItem[] = [];
    const told = sent.length;
    const otherLocal = b.otherLocals[0];
    if (!otherLocal) throw new Error('no local');
    const ref = await read.relay.referralFor(proposal.id, 1, otherLocal.id);
    expect((await recordDecisions(s.deps, [{ referralId: ref?.id ?? '', decision: 'accepted' }])).ok).toBe(true);
    await drain(ran);
    expect((await read.relay.proposal(proposal.id))?.status).toBe('adopted');
    const notices = sent.slice(told).filter((x) => x.key.startsWith('adopted-unoffered.'));
    const rooms = notices.map((x) => x.roomId).sort();
    expect(rooms).toEqual(branchNames(SUBS).map((n) => `room-${n}`).sort());
    expect(new Set(notices.map((x) => x.key)).size).toBe(notices.length);
    expect(notices.every((x) => (x.message.body ?? '').includes('Mid rejected it') && (x.message.body ?? '').includes('nothing here needs a vote'))).toBe(true);
    // Delivered again: the steps' outbox rows are done, and without them every message key is already sent.
    const steps = ran.filter((i) => i.kind === RELAY_KINDS.unoffered);
    expect(steps.length).toBeGreaterThan(SUBS);
    const after = sent.length;
    for (const job of steps) {
      const p = job.payload;
      const cursor = p.after as { parentAssemblyId: string; assemblyId: string } | null;
      const step = { proposalId: proposal.id, version: 1, branchReferralId: String(p.branchReferralId), parents: (p.parents as string[]).map(asAssemblyId), after: cursor ? { parentAssemblyId: asAssemblyId(cursor.parentAssemblyId), assemblyId: asAssemblyId(cursor.assemblyId) } : null };
      expect(await tellUnoffered(s.deps, step, { outboxKey: job.dedupeKey })).toEqual({ told: 0 });
      await tellUnoffered(s.deps, step);
    }
    await drain();
    expect(sent.length).toBe(after);
  }, 120_000);
});
