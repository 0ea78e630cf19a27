import { describe, expect, it } from 'vitest';
import { decodeRemoteInvitation } from '../../../src/core/federation/remote/invitation-code.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { twoDeployments } from '../../support/two-deployments.js';

async function ok(p: Promise<{ ok: boolean; text: string }>): Promise<string> {
  const r = await p;
  if (!r.ok) throw new Error(r.text);
  return r.text;
}

describe('a parent with many open remote invitations', () => {
  it('GIVEN 250 open invitations WHEN a child joins with the one whose code sorts last THEN the parent finds it (by its ref, not by trying the first 200)', async () => {
    const d = await twoDeployments(5, { a: new FakeStore(), b: new FakeStore() });
    const { A, B, t, council, settle } = d;
    const lines: { line: string; code: string }[] = [];
    for (let i = 0; i < 250; i++) {
      B.s.clock.advance(5_000); // a founder's burst of invitations is paced under the flood limit
      const line = /PLENARY1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.exec(await ok(B.s.run('founder', t.room(council), 'federation invite --remote')))![0];
      const decoded = decodeRemoteInvitation(line);
      if (!decoded.ok) throw new Error('undecodable invitation');
      lines.push({ line, code: decoded.value.code });
    }
    const last = lines.reduce((x, y) => (y.code > x.code ? y : x));
    await ok(A.s.run('l1', '#lakeside', 'assembly setup "Lakeside"'));
    await ok(A.s.run('l1', '#lakeside', `federation join ${last.line}`));
    await ok(A.s.run('l1', '#lakeside', 'vote 1 yes'));
    await settle();
    expect(await ok(B.s.run('anyone', t.room(council), 'federation show Transit'))).toContain('Lakeside @ dep_a');
    expect(await ok(A.s.run('l1', '#lakeside', 'federation show'))).toContain('parent Transit Council @ dep_b');
  }, 60_000);
});
