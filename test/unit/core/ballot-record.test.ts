import { describe, expect, it } from 'vitest';
import { ballotEntries } from '../../../src/core/events/ballot-record.js';
import { describeAssembly } from '../../../src/core/testing/scenario.js';

describe('GIVEN ballots recorded in batches', () => {
  it('THEN the record reads back one entry per ballot, with voters for open ballots and none for secret ones', async () => {
    const { s, room } = await describeAssembly({ name: 'Recorded', members: ['ana', 'ben'] });
    await s.run('ana', room, 'motion propose "Open" --hours 5');
    await s.run('ana', room, 'motion propose "Hidden" --secret --hours 5');
    await s.run('ana', room, 'vote 1 yes');
    await s.run('ana', room, 'vote 1 no');
    await s.run('ben', room, 'vote 2 yes');
    const assembly = (await s.deps.store.read.assemblyByName('Recorded'))!;
    const entries = ballotEntries(await s.deps.store.read.events(assembly.id));
    expect(entries.map((e) => [e.type, e.motion, e.personId !== undefined])).toEqual([
      ['ballot.cast', 1, true],
      ['ballot.changed', 1, true],
      ['ballot.cast', 2, false],
    ]);
  });
});
