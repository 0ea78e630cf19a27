import { describe, expect, it } from 'vitest';
import { formatHead, parseHeadLine, parseHeads } from '../../../src/core/events/witness.js';
import { verifyExport } from '../../../src/core/services/audit-file.js';
import { auditAssembly, auditIsClean, exportAssembly } from '../../../src/core/services/audit.service.js';
import { closeDueMotions } from '../../../src/core/services/closing.service.js';
import type { Scenario } from '../../../src/core/testing/scenario.js';
import { describeAssembly } from '../../../src/core/testing/scenario.js';
import { federationScenario, ok } from '../../support/federation-scenario.js';

const HOUR = 3_600_000;

async function verifyAll(s: Scenario): Promise<string[]> {
  const reads = s.deps.store.read;
  const bad: string[] = [];
  for (const id of await reads.assemblyIds()) {
    const a = await auditAssembly(reads, (await reads.assembly(id))!);
    if (!auditIsClean(a)) bad.push(`${a.assembly.name}: ${JSON.stringify([a.chain, a.mismatches])}`);
  }
  return bad;
}

describe('GIVEN records the bot itself wrote', () => {
  it('WHEN a delegate is recalled while their ballot upstairs is open THEN the voided ballot does not make verify fail', async () => {
    const s = federationScenario();
    const north = ['ana', 'ben', 'cy'];
    await ok(s.run('ana', '#north', 'assembly setup North'));
    for (const m of north.slice(1)) await ok(s.run(m, '#north', 'join'));
    await ok(s.run('founder', '#district', 'federation create District --purpose "Buses"'));
    const code = /Code: (\S+)/.exec(await ok(s.run('founder', '#district', 'federation invite')))![1]!;
    await ok(s.run('ana', '#north', `federation join ${code}`));
    for (const m of north) await ok(s.run(m, '#north', 'vote 1 yes'));
    await ok(s.run('ana', '#north', 'nominate District'));
    await ok(s.run('ana', '#north', 'election call District'));
    for (const m of north) await ok(s.run(m, '#north', 'vote 2 1'));
    await ok(s.run('ana', '#district', 'motion propose "Buy two buses"'));
    await ok(s.run('ana', '#district', 'vote 1 yes'));
    await ok(s.run('ben', '#north', 'recall ana'));
    for (const m of north) await ok(s.run(m, '#north', 'vote 3 yes'));
    s.clock.advance(80 * HOUR);
    await closeDueMotions(s.deps);
    expect(await verifyAll(s)).toEqual([]);
  });
});

describe('GIVEN witnessed heads', () => {
  it('THEN a posted head line reads back as posted, whatever the name and number', () => {
    for (const [name, seq] of [['Garden', 1], ['Bike Kitchen #2', 10], ['x', 12345]] as const) {
      const line = formatHead(name, { seq, hash: 'ab'.repeat(32) });
      expect(parseHeadLine(line)).toEqual({ assembly: name, seq, hash: 'ab'.repeat(6) });
    }
    expect(parseHeadLine('{"assembly":"G","seq":3,"hash":"ABCDEF0123"}')).toEqual({ assembly: 'G', seq: 3, hash: 'abcdef0123' });
    expect(parseHeads('hello\nGarden record #4 · 0123abcd\nrecord # · zz')).toHaveLength(1);
    expect(parseHeadLine('Garden record #4 · 0123abc')).toBeNull();
  });

  it('WHEN the chain is rewritten from event 2 with valid hashes THEN the first witnessed head after it reports the difference', async () => {
    const { s, room } = await describeAssembly({ name: 'Pinned', members: ['ana', 'ben'] });
    await s.run('ana', room, 'motion propose "One"');
    for (const who of ['ana', 'ben']) await s.run(who, room, 'vote 1 yes');
    const reads = s.deps.store.read;
    const a = (await reads.assemblyByName('Pinned'))!;
    const events = await reads.events(a.id);
    const witnessed = events.map((e) => parseHeadLine(formatHead('Pinned', e))!);
    expect(auditIsClean(await auditAssembly(reads, a, undefined, witnessed))).toBe(true);
    const { hashEvent } = await import('../../../src/core/events/hash-chain.js');
    const store = s.deps.store as unknown as { raw: { events: Map<string, typeof events> } };
    let prev = events[0]!.hash;
    const rewritten = events.map((e, i) => {
      if (i === 0) return e;
      const base = { ...e, prevHash: prev, at: i === 1 ? new Date(e.at.getTime() + 1) : e.at };
      const hash = hashEvent(base);
      prev = hash;
      return { ...base, hash };
    });
    store.raw.events.set(a.id, rewritten);
    const without = await auditAssembly(reads, a);
    expect(without.chain.filter((p) => !p.problem.includes('head'))).toEqual([]);
    const withW = await auditAssembly(reads, a, undefined, witnessed);
    expect(withW.witness?.firstDifference?.seq).toBe(2);
    expect(withW.witness?.lastAgreement).toBe(1);
  });
});

describe('GIVEN an export file', () => {
  it('THEN it verifies offline, and a cut end, a dropped head line or an edited ballot line is reported', async () => {
    const { s, room } = await describeAssembly({ name: 'Exported', members: ['ana', 'ben', 'cy'] });
    await s.run('ana', room, 'motion propose "Public"');
    for (const [i, who] of ['ana', 'ben', 'cy'].entries()) await s.run(who, room, `vote 1 ${i === 2 ? 'no' : 'yes'}`);
    await s.run('ana', room, 'motion propose "Hidden" --secret');
    for (const [i, who] of ['ana', 'ben', 'cy'].entries()) await s.run(who, room, `vote 2 ${i === 2 ? 'no' : 'yes'}`);
    const lines: string[] = [];
    for await (const l of exportAssembly(s.deps.store.read, (await s.deps.store.read.assemblyByName('Exported'))!)) lines.push(l);
    const clean = verifyExport(lines);
    expect(clean.map(auditIsClean)).toEqual([true]);
    expect(clean[0]!.motionsRecounted).toBe(2);
    const headAt = lines.findIndex((l) => l.includes('"type":"head"'));
    expect(auditIsClean(verifyExport([...lines.slice(0, headAt - 1), ...lines.slice(headAt)])[0]!)).toBe(false);
    expect(auditIsClean(verifyExport(lines.filter((_, i) => i !== headAt))[0]!)).toBe(false);
    const secretNo = lines.findIndex((l) => l.includes('"type":"ballot"') && !l.includes('personId') && l.includes('"no"'));
    const edited = lines.map((l, i) => (i === secretNo ? l.replace('"no"', '"yes"') : l));
    expect(verifyExport(edited)[0]!.mismatches.map((m) => m.motion)).toEqual([2]);
  });
});

describe('GIVEN an export taken before the latest result', () => {
  it('WHEN it is verified with every head posted since THEN the newer heads are left out, not reported as differences', async () => {
    const { s, room } = await describeAssembly({ name: 'Snapshot', members: ['ana', 'ben'] });
    await s.run('ana', room, 'motion propose "First"');
    for (const who of ['ana', 'ben']) await s.run(who, room, 'vote 1 yes');
    const lines: string[] = [];
    for await (const l of exportAssembly(s.deps.store.read, (await s.deps.store.read.assemblyByName('Snapshot'))!)) lines.push(l);
    await s.run('ana', room, 'motion propose "Second"');
    for (const who of ['ana', 'ben']) await s.run(who, room, 'vote 2 yes');
    const posted = s.chat.in(room).flatMap((m) => (m.chainHead ? [parseHeadLine(formatHead('Snapshot', m.chainHead))!] : []));
    // Each result and each law it enacted (src/core/laws) posts its head.
    expect(posted).toHaveLength(4);
    const [audit] = verifyExport(lines, posted);
    expect(auditIsClean(audit!)).toBe(true);
    expect(audit!.witness?.checked).toBe(2);
    expect(audit!.newerWitnesses).toBe(2);
  });
});
