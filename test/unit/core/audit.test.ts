import { describe, expect, it } from 'vitest';
import { describeAssembly } from '../../../src/core/testing/scenario.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { auditAssembly } from '../../../src/core/services/audit.service.js';
import type { MotionResult } from '../../../src/core/model/entities.js';

async function closedAssembly() {
  const store = new FakeStore();
  const { s, room } = await describeAssembly({ name: 'Audited', members: ['ana', 'ben', 'cy'] }, { store });
  await s.run('ana', room, 'motion propose "Audit me"');
  for (const who of ['ana', 'ben', 'cy']) await s.run(who, room, 'vote 1 yes');
  const assembly = (await store.read.assemblyByName('Audited'))!;
  return { s, room, store, assembly };
}

describe('GIVEN an untouched record', () => {
  it('THEN audit verify finds the chain intact and every result recounts', async () => {
    const { s, room, store, assembly } = await closedAssembly();
    const audit = await auditAssembly(store.read, assembly);
    expect(audit.chain).toEqual([]);
    expect(audit.mismatches).toEqual([]);
    expect(audit.motionsRecounted).toBe(1);
    expect((await s.run('ana', room, 'audit verify')).first.title).toContain('record verified');
  });
});

describe('GIVEN someone tampers with the database', () => {
  it('THEN an altered event breaks the chain at that event', async () => {
    const { store, assembly } = await closedAssembly();
    const events = store.raw.events.get(assembly.id)!;
    const victim = events[3]!;
    events[3] = { ...victim, payload: { ...victim.payload, forged: true } };
    const audit = await auditAssembly(store.read, assembly);
    expect(audit.chain.map((p) => p.seq)).toContain(victim.seq);
  });

  it('THEN a deleted event is reported as missing', async () => {
    const { store, assembly } = await closedAssembly();
    store.raw.events.get(assembly.id)!.splice(2, 1);
    const audit = await auditAssembly(store.read, assembly);
    expect(audit.chain.some((p) => p.problem.includes('missing'))).toBe(true);
  });

  it('THEN a changed ballot makes the recount disagree with the recorded result', async () => {
    const { store, assembly } = await closedAssembly();
    const [key, ballot] = [...store.raw.ballots.entries()][0]!;
    store.raw.ballots.set(key, { ...ballot, choice: { kind: 'yes-no-abstain', value: 'no' } });
    const audit = await auditAssembly(store.read, assembly);
    expect(audit.mismatches).toHaveLength(1);
    expect(audit.mismatches[0]!.problem).toContain('tally');
  });

  it('THEN a rewritten result is caught too', async () => {
    const { store, assembly } = await closedAssembly();
    const motion = [...store.raw.motions.values()][0]!;
    store.raw.motions.set(motion.id, { ...motion, status: 'failed', result: { ...(motion.result as MotionResult), outcome: 'failed' } });
    const audit = await auditAssembly(store.read, assembly);
    expect(audit.mismatches).toHaveLength(1);
  });
});
