import { describe, expect, it } from 'vitest';
import { describeAssembly } from '../../../src/core/testing/scenario.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { concurrentVotes } from '../../support/concurrent-votes.js';

describe('GIVEN one member sending the same vote 200 times at once (FakeStore)', () => {
  it('THEN exactly one reply says recorded, 199 say unchanged, and the history holds one ballot', async () => {
    const store = new FakeStore();
    const { s, room } = await describeAssembly({ name: 'Eager', members: ['ana', 'ben'] }, { store });
    const r = await concurrentVotes(s, room, 200, () => 'yes');
    expect(r.titles).toEqual({ 'Vote recorded on motion #1': 1, 'Vote unchanged on motion #1': 199 });
    expect(store.raw.ballotHistory.filter((h) => h.motionId === r.motionId)).toHaveLength(1);
    expect(r.ballotsListedInRecord).toBe(1);
  });

  it('THEN with alternating choices every reply matches the record: recorded once, each "changed" is one history row, each "unchanged" none', async () => {
    const store = new FakeStore();
    const { s, room } = await describeAssembly({ name: 'Fickle', members: ['ana', 'ben'] }, { store });
    const r = await concurrentVotes(s, room, 200, (i) => (i % 3 === 0 ? 'no' : 'yes'));
    const changed = r.titles['Vote changed on motion #1'] ?? 0;
    expect(r.titles['Vote recorded on motion #1']).toBe(1);
    expect(changed + (r.titles['Vote unchanged on motion #1'] ?? 0)).toBe(199);
    expect(store.raw.ballotHistory.filter((h) => h.motionId === r.motionId)).toHaveLength(1 + changed);
    expect(r.ballotsListedInRecord).toBe(1 + changed);
  });
});
