import { describe, expect, it } from 'vitest';
import { drainRelay } from '../../support/relay-drain.js';
import { ok } from '../../support/federation-scenario.js';
import { buildWorld, structuralBreaches, type World } from '../../support/sovereignty-world.js';

const id = async (w: World, name: string) => {
  const a = await w.s.deps.store.read.assemblyByName(name);
  if (!a) throw new Error(name);
  return a.id;
};
const statusOf = async (w: World, name: string, n: number) => (await w.s.deps.store.read.motionByNumber(await id(w, name), n))?.status;
const allVote = async (w: World, name: string, n: number, choice: string) => {
  for (const m of await w.s.deps.store.read.members(await id(w, name), 'active')) await w.s.run(m.displayName, w.room(name), `vote ${n} ${choice}`);
};

describe('GIVEN an assembly of delegates whose local assemblies vote on a proposal it accepted', () => {
  it('WHEN it votes to leave the federation THEN its own referral ends in the close, and the jobs that follow withdraw its members’ referrals and votes; the counts above leave them out', async () => {
    // F1 delegates → F1 D1.1.1 (L1, L2) and F1 D1.1.2 (L3, L4).
    const w = await buildWorld({ locals: 4, circles: [], federations: [{ levels: 3, fanout: 2, offset: 0 }] });
    await allVote(w, 'F1 D1.1.1', 1, 'yes');
    await drainRelay(w.s.deps, w.sent, w.s.clock);
    expect(await statusOf(w, 'L1', 1)).toBe('open');
    const [leaver] = await w.s.deps.store.read.members(await id(w, 'F1 D1.1.1'), 'active');
    await ok(w.s.run(leaver?.displayName ?? '?', w.room('F1 D1.1.1'), 'federation leave F1'));
    await allVote(w, 'F1 D1.1.1', 2, 'yes');
    expect(await statusOf(w, 'F1 D1.1.1', 2)).toBe('passed');
    // The close ended the leaver's part only; its members' votes close in the jobs that follow.
    expect(await statusOf(w, 'L1', 1)).toBe('open');
    await drainRelay(w.s.deps, w.sent, w.s.clock);
    for (const local of ['L1', 'L2']) expect(await statusOf(w, local, 1)).toBe('withdrawn');
    expect(await statusOf(w, 'L3', 1)).toBeUndefined();
    const later = await w.s.run('L1-a', w.room('L1'), 'proposal respond P-1 accept');
    expect(later.ok).toBe(false);
    const status = await ok(w.s.run('x', w.room('F1 delegates'), 'proposal status P-1'));
    expect(status).toContain('F1 D1.1.1: withdrawn');
    expect(status).toContain('(of 2 local assemblies;');
    expect(await structuralBreaches(w.s.deps.store.read)).toEqual([]);
  });
});
