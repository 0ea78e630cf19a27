import { describe, expect, it } from 'vitest';
import { formatHead, parseHeads } from '../../../src/core/events/witness.js';
import { auditAssembly, auditIsClean } from '../../../src/core/services/audit.service.js';
import { postDueCheckpoints } from '../../../src/core/services/checkpoint.service.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { describeAssembly, type Scenario } from '../../../src/core/testing/scenario.js';
import { drainRelay, type Sent } from '../../support/relay-drain.js';

const HOUR = 3_600_000;

/** Runs a sweep's checkpoints and delivers what they queued, as the dispatcher and the platform lanes would. */
async function sweep(s: Scenario): Promise<Sent[]> {
  await postDueCheckpoints(s.deps);
  const sent: Sent[] = [];
  await drainRelay(s.deps, sent);
  return sent.filter((m) => m.message.title.includes('record checkpoint'));
}

async function garden(name = 'Garden') {
  const { s, room } = await describeAssembly({ name, members: ['ana', 'ben'] }, { store: new FakeStore() });
  const a = (await s.deps.store.read.assemblyByName(name))!;
  return { s, room, a };
}

describe('periodic record checkpoints', () => {
  it('GIVEN a new assembly whose chain was never witnessed WHEN the sweep runs THEN its rooms get one checkpoint with the current head, and verify --witness accepts it', async () => {
    const { s, room, a } = await garden();
    const sent = await sweep(s);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.roomId).toBe(room);
    const head = (await s.deps.store.read.chainHead(a.id))!;
    expect(sent[0]!.message.chainHead).toEqual({ assembly: 'Garden', seq: head.seq, hash: head.hash });
    // A member copies the head line from chat; the offline check reads it back and agrees.
    const heads = parseHeads(formatHead('Garden', sent[0]!.message.chainHead!));
    const audit = await auditAssembly(s.deps.store.read, a, undefined, heads);
    expect(auditIsClean(audit)).toBe(true);
    expect(audit.witness).toMatchObject({ checked: 1, agreed: 1, firstDifference: null, lastAgreement: head.seq });
    expect(await s.deps.store.read.checkpointOf(a.id)).toEqual({ seq: head.seq, at: s.clock.now(), dueAt: new Date(s.clock.now().getTime() + 24 * HOUR) });
  });

  it('GIVEN a checkpoint posted and the chain moved WHEN sweeps run THEN none before 24 hours, exactly one at 24 hours with the new head', async () => {
    const { s, room, a } = await garden();
    expect(await sweep(s)).toHaveLength(1);
    await s.run('ana', room, 'motion propose "Plant beans"');
    s.clock.advance(24 * HOUR - 1);
    expect(await sweep(s)).toEqual([]);
    s.clock.advance(1);
    const sent = await sweep(s);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.message.chainHead?.seq).toBe((await s.deps.store.read.chainHead(a.id))!.seq);
    expect(await sweep(s)).toEqual([]);
  });

  it('GIVEN a checkpoint posted WHEN the chain does not move for 10 days THEN no sweep posts another', async () => {
    const { s } = await garden();
    expect(await sweep(s)).toHaveLength(1);
    for (let day = 1; day <= 10; day++) {
      s.clock.advance(24 * HOUR);
      expect(await sweep(s)).toEqual([]);
    }
  });

  it('GIVEN checkpoint-hours 0 WHEN the chain moves and days pass THEN nothing is posted; set back to 2 THEN one is posted at once (none was ever posted)', async () => {
    const { s, room } = await garden();
    expect((await s.run('ana', room, 'assembly policy checkpoint-hours 0')).ok).toBe(true);
    await s.run('ana', room, 'motion propose "Plant beans"');
    s.clock.advance(30 * 24 * HOUR);
    expect(await sweep(s)).toEqual([]);
    expect((await s.run('ana', room, 'assembly policy checkpoint-hours 2')).ok).toBe(true);
    expect(await sweep(s)).toHaveLength(1);
    await s.run('ben', room, 'motion propose "Plant peas"');
    s.clock.advance(2 * HOUR - 1);
    expect(await sweep(s)).toEqual([]);
    s.clock.advance(1);
    expect(await sweep(s)).toHaveLength(1);
  });

  it('GIVEN a shorter interval set after a checkpoint THEN it counts from that checkpoint, not from the change', async () => {
    const { s, room } = await garden();
    expect(await sweep(s)).toHaveLength(1);
    s.clock.advance(5 * HOUR);
    expect((await s.run('ana', room, 'assembly policy checkpoint-hours 4')).ok).toBe(true);
    expect(await sweep(s)).toHaveLength(1);
  });

  it.each(['-1', '1.5', 'soon', '8761', ''])('GIVEN checkpoint-hours %j THEN it is refused naming the key, and the policy is unchanged', async (value) => {
    const { s, room, a } = await garden();
    const r = await s.run('ana', room, `assembly policy checkpoint-hours "${value}"`);
    expect(r.ok).toBe(false);
    expect(r.text).toMatch(value === '' ? /value|checkpoint-hours/ : /checkpoint-hours/);
    expect((await s.deps.store.read.assembly(a.id))!.policy.checkpointHours).toBe(24);
  });

  it('GIVEN someone asked for `audit checkpoint` WHEN the sweep runs within the interval THEN it posts nothing more; after it, one', async () => {
    const { s, room, a } = await garden();
    expect((await s.run('ben', room, 'audit checkpoint')).first.title).toBe('Checkpoint posted');
    const head = (await s.deps.store.read.chainHead(a.id))!;
    expect(await s.deps.store.read.checkpointOf(a.id)).toMatchObject({ seq: head.seq, at: s.clock.now() });
    expect(await sweep(s)).toEqual([]);
    await s.run('ana', room, 'motion propose "Plant beans"');
    s.clock.advance(23 * HOUR);
    expect(await sweep(s)).toEqual([]);
    s.clock.advance(HOUR);
    expect(await sweep(s)).toHaveLength(1);
  });

  it('GIVEN 120 due assemblies and two sweeps at once WHEN they page through them THEN each assembly gets exactly one checkpoint', async () => {
    const store = new FakeStore();
    const { s } = await describeAssembly({ name: 'A0', room: 'r0', members: ['u'] }, { store });
    for (let i = 1; i < 120; i++) await s.run(`u${i}`, `r${i}`, `assembly setup A${i}`);
    await Promise.all([postDueCheckpoints(s.deps, { page: 25 }), postDueCheckpoints(s.deps, { page: 25 })]);
    const sent: Sent[] = [];
    await drainRelay(s.deps, sent);
    const rooms = sent.filter((m) => m.message.title.includes('record checkpoint')).map((m) => m.roomId);
    expect(rooms).toHaveLength(120);
    expect(new Set(rooms).size).toBe(120);
    expect(await store.read.dueCheckpoints(s.clock.now(), 10)).toEqual([]);
  }, 60_000);
});
