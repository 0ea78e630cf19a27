import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeAssembly } from '../../../src/core/testing/scenario.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { auditAssembly } from '../../../src/core/services/audit.service.js';

const words = ['vote', 'motion', 'propose', 'second', 'show', 'list', 'withdraw', 'join', 'leave', 'members', 'member', 'approve', 'role', 'assembly', 'setup', 'policy', 'show', 'link', 'start', 'redeem', 'results', 'ballot', 'audit', 'verify', 'help'];
const noise = fc.oneof(
  fc.constantFrom(...words),
  fc.constantFrom('1', '#1', '0', '-1', '999999999999', 'yes', 'no', 'abstain', '1>2', '1,2', '--option', '--kind', '--method', '--seats', '--hours', '--secret', '--person', '--voters', '"', "'", '\\', '--', '@everyone', '<@&123>', '\u0000', '\u202e', 'x'.repeat(5000)),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
);

describe('GIVEN thousands of random command lines', () => {
  it('THEN nothing crashes and every refused command leaves the record untouched', async () => {
    const store = new FakeStore();
    const { s, room } = await describeAssembly({ name: 'Fuzzed', members: ['ana', 'ben'] }, { store });
    await s.run('ana', room, 'motion propose "Target" --method ranked --option A --option B --option C');
    const assembly = (await store.read.assemblyByName('Fuzzed'))!;
    await fc.assert(
      fc.asyncProperty(fc.array(noise, { minLength: 1, maxLength: 8 }), fc.constantFrom('ana', 'ben', 'zed'), async (parts, user) => {
        const before = (await store.read.events(assembly.id)).length;
        const reply = await s.run(user, room, parts.join(' '));
        for (const m of reply.messages) expect(m.title).not.toBe('Something went wrong');
        if (!reply.ok) expect((await store.read.events(assembly.id)).length).toBe(before);
      }),
      { numRuns: 3000, seed: 42 },
    );
    const audit = await auditAssembly(store.read, assembly);
    expect(audit.chain).toEqual([]);
  }, 120_000);
});
