import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MatrixHomeserverDouble } from '../../support/matrix-homeserver-double.js';
import { assemblyRoom, ballotEvents, proposeWithPoll, type MatrixWorld } from '../../support/matrix-scenario.js';

let double: MatrixHomeserverDouble;
const world = (): MatrixWorld => ({ url: double.url, register: (l) => Promise.resolve(double.register(l)) });

beforeAll(async () => {
  double = await MatrixHomeserverDouble.start();
});
afterAll(async () => {
  await double.close();
});

describe('GIVEN a poll the bot has not looked up yet (a new process)', () => {
  it('WHEN twelve members answer it in one sync batch THEN the bot fetches the poll start once, and every answer is counted', async () => {
    const names = ['ana', ...Array.from({ length: 12 }, (_, i) => `voter${String(i + 1)}`)];
    const a = await assemblyRoom(world(), names, { assembly: `Lookups ${String(Date.now())}` });
    try {
      const poll = await proposeWithPoll(a, '!motion propose "One lookup"');
      // Answers sent while the bot is down arrive together, handled concurrently (one person per worker).
      await a.h.stopProcess();
      await Promise.all(a.people.slice(1).map((p) => p.answerPoll(a.roomId, poll.event_id, ['yes'])));
      const from = double.requests.length;
      await a.h.startProcess();
      const ballots = await ballotEvents(a.h, 12);
      expect(ballots).toHaveLength(12);
      const lookups = double.requests.slice(from).filter((r) => r.method === 'GET' && r.path.endsWith(`/event/${encodeURIComponent(poll.event_id)}`));
      expect(lookups).toHaveLength(1);
      expect(a.h.errors()).toEqual([]);
    } finally {
      await a.h.stop();
    }
  }, 120_000);
});
