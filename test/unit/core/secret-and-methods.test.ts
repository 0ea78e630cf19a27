import { describe, expect, it } from 'vitest';
import { describeAssembly } from '../../../src/core/testing/scenario.js';
import { closeDueMotions } from '../../../src/core/services/closing.service.js';
import { exportAssembly } from '../../../src/core/services/audit.service.js';

const HOUR = 3_600_000;

describe('GIVEN a secret ballot', () => {
  it('THEN nobody can read who voted what: not via results, not in the record, not in the export', async () => {
    const { s, room } = await describeAssembly({ name: 'Secretive', members: ['ana', 'ben', 'cy'] });
    await s.run('ana', room, 'motion propose "Secret matter" --secret');
    await s.run('ben', room, 'vote 1 no');
    await s.run('cy', room, 'vote 1 yes');
    s.clock.advance(73 * HOUR);
    await closeDueMotions(s.deps);
    const probe = await s.run('ana', room, 'results 1 --voters');
    expect(probe.first.title).toBe('Secret ballot');
    expect((await s.run('ana', room, 'results 1')).text).toContain('Yes 1 · No 1');
    const assembly = await s.deps.store.read.assemblyByName('Secretive');
    const lines: string[] = [];
    for await (const l of exportAssembly(s.deps.store.read, assembly!)) lines.push(l);
    const ben = await s.deps.store.read.personByAccount('console', 'ben');
    // Membership is public; what ben voted must not be: no ballot line or ballot event names him.
    const aboutBallots = lines.filter((l) => l.includes('ballot'));
    expect(aboutBallots.length).toBeGreaterThan(0);
    for (const l of aboutBallots) expect(l).not.toContain(ben!.id);
    const ballotLines = lines.filter((l) => l.includes('"type":"ballot"'));
    expect(ballotLines).toHaveLength(2);
    expect((await s.run('ben', room, 'ballot 1')).first.body).toBe('no');
  });

  it('THEN an open ballot lists the voters', async () => {
    const { s, room } = await describeAssembly({ name: 'Open', members: ['ana', 'ben'] });
    await s.run('ana', room, 'motion propose "Open matter" --hours 1');
    await s.run('ben', room, 'vote 1 no');
    s.clock.advance(2 * HOUR);
    await closeDueMotions(s.deps);
    expect((await s.run('ana', room, 'results 1 --voters')).text).toContain('ben: no');
  });
});

describe('GIVEN an approval motion', () => {
  it('THEN each approved option gets a vote and the most approved wins', async () => {
    const { s, room } = await describeAssembly({ name: 'Approving', members: ['ana', 'ben', 'cy'] });
    await s.run('ana', room, 'motion propose "Meeting day" --method approval --option Monday --option Tuesday --option Friday');
    await s.run('ana', room, 'vote 1 1,3');
    await s.run('ben', room, 'vote 1 friday');
    const bad = await s.run('cy', room, 'vote 1 Sunday');
    expect(bad.first.body).toContain('not an option');
    await s.run('cy', room, 'vote 1 2,3');
    const r = (await s.run('ana', room, 'results 1')).text;
    expect(r).toContain('3. Friday: 3 ✔');
  });
});

describe('GIVEN a ranked election for two seats', () => {
  it('THEN it is counted by STV and the winners announced', async () => {
    const { s, room } = await describeAssembly({ name: 'Electing', members: ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'] });
    await s.run('a1', room, 'motion propose "Facilitators" --kind election --seats 2 --option Kim --option Lee --option Max');
    const ballots = ['1>2', '1>2', '1>3', '1>2', '2>1', '3>2', '3>1'];
    for (const [i, b] of ballots.entries()) expect((await s.run(`a${i + 1}`, room, `vote 1 ${b}`)).ok).toBe(true);
    const r = (await s.run('a1', room, 'results 1')).text;
    expect(r).toContain('Elected: Kim, Max');
  });

  it('THEN a ballot ranking an option twice is refused', async () => {
    const { s, room } = await describeAssembly({ name: 'Ranking', members: ['a1', 'a2'] });
    await s.run('a1', room, 'motion propose "Pick" --method ranked --option A --option B');
    expect((await s.run('a1', room, 'vote 1 1>1')).first.body).toContain('twice');
  });
});

describe('GIVEN a closed ranked election', () => {
  it('THEN its ballots export as BLT that the STV count reads back to the same winners', async () => {
    const { parseBlt, bltToStvInput, countStv } = await import('../../../src/core/counting/index.js');
    const { s, room } = await describeAssembly({ name: 'Exporting', members: ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'] });
    await s.run('a1', room, 'motion propose "Council" --kind election --seats 2 --option Kim --option Lee --option Max');
    expect((await s.run('a1', room, 'motion blt 1')).first.title).toBe('Closed');
    const ballots = ['1>2', '1>2', '1>3', '1>2', '2>1', '3>2', '3>1'];
    for (const [i, b] of ballots.entries()) await s.run(`a${i + 1}`, room, `vote 1 ${b}`);
    const file = (await s.run('a1', room, 'motion blt 1')).first.attachment!.content;
    const parsed = parseBlt(file);
    expect(parsed.ok).toBe(true);
    const recount = countStv(bltToStvInput(parsed.ok ? parsed.value : (undefined as never)));
    expect(recount.ok && recount.value.winners.map((w) => ['Kim', 'Lee', 'Max'][w])).toEqual(['Kim', 'Max']);
    expect(file).not.toContain('a1');
  });
});
