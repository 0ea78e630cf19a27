import { describe, expect, it } from 'vitest';
import { tellHeldReferralText } from '../../../src/core/federation/remote/index.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { drainRelay } from '../../support/relay-drain.js';
import { twoDeployments } from '../../support/two-deployments.js';
import { hex } from '../../support/federation-peers.js';

describe('a referral whose media text is not the signed one is held, and its assembly is told', () => {
  it('GIVEN the carrier held a swapped text twice THEN the local assembly it was meant for is told once, in its rooms', async () => {
    const { A, B, council } = await twoDeployments(61, { a: new FakeStore(), b: new FakeStore() });
    const riverside = (await A.s.deps.store.read.assemblyByName('Riverside'))!;
    const body = {
      proposal: 'dep_b/prop_x', version: 3, title: 'Shared bike fleet', text: '', text_mxc: 'mxc://b.example/abc', text_sha256: hex('e'), text_bytes: 40_000,
      from_assembly: `dep_b/${council.id}`, to_assembly: `dep_a/${riverside.id}`, adoption_rule: { kind: 'count' as const, value: 2 }, deadline: null, supersedes: 2, chain_head: { seq: 9, hash: hex('d') },
    };
    await tellHeldReferralText(A.s.deps, body);
    await tellHeldReferralText(A.s.deps, body);
    await drainRelay(A.s.deps, A.sent, A.s.clock);
    const told = A.sent.filter((x) => x.roomId === '#riverside' && x.message.title === 'A proposal for Riverside is held back');
    expect(told).toHaveLength(1);
    expect(told[0]?.message.body).toContain('"Shared bike fleet" (version 3) from Transit Council');
    expect(B.sent.some((x) => x.message.title.includes('held back'))).toBe(false);
  }, 30_000);
});
