import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MatrixBotHarness } from '../../support/matrix-bot-harness.js';
import { MatrixHomeserverDouble } from '../../support/matrix-homeserver-double.js';
import { person, roomWithBot, startBot, type MatrixWorld } from '../../support/matrix-scenario.js';
import type { MatrixTestUser } from '../../support/matrix-test-user.js';

/*
 * The authorization matrix's platform-mapped cells on Matrix (the full
 * matrix runs on core dispatch: test/unit/security/authorization-matrix.test.ts).
 * Ana created the room (power level 100); mallory joined it with the
 * default level 0, which cannot change m.room.power_levels.
 */
describe('GIVEN a Matrix room where mallory has power level 0', () => {
  let double: MatrixHomeserverDouble;
  let h: MatrixBotHarness;
  let mallory: MatrixTestUser;
  let roomId: string;
  beforeAll(async () => {
    double = await MatrixHomeserverDouble.start();
    const world: MatrixWorld = { url: double.url, register: (l) => Promise.resolve(double.register(l)) };
    h = await startBot(world);
    const ana = await person(world, 'ana');
    mallory = await person(world, 'mallory');
    roomId = await roomWithBot(h, ana, { botLevel: 100 });
    await ana.invite(roomId, mallory.id);
    await mallory.join(roomId);
  });
  afterAll(async () => {
    await h.stop();
    await double.close();
  });

  // The Matrix harness serves the core table (no federation module), so setup is the claiming command here.
  it.each(['!assembly setup "Mallory Hall"', '!assembly setup "Mallory Hall" --existing'])(
    'WHEN mallory sends %s THEN it is refused and the room stays unbound',
    async (line) => {
      const answer = await mallory.command(roomId, line, h.userId);
      expect(String(answer.content.body)).toContain('Only someone who administers this room');
      expect(await h.store.read.bindingByRoom('matrix', roomId)).toBeNull();
    },
  );
});
