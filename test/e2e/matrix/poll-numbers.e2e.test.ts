import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MatrixBotHarness } from '../../support/matrix-bot-harness.js';
import { MatrixHomeserverDouble } from '../../support/matrix-homeserver-double.js';
import { registerWithSharedSecret } from '../../support/matrix-synapse-accounts.js';
import { assemblyRoom, ballotEvents, proposeWithPoll, type MatrixWorld } from '../../support/matrix-scenario.js';
import type { SeenEvent } from '../../support/matrix-test-user.js';

let double: MatrixHomeserverDouble;
const onDouble = (): MatrixWorld => ({ url: double.url, register: (l) => Promise.resolve(double.register(l)) });

beforeAll(async () => {
  double = await MatrixHomeserverDouble.start();
});
afterAll(async () => {
  await double.close();
});

// Also on a real homeserver when one is configured (see synapse.e2e.test.ts).
const url = process.env.PLENARY_E2E_MATRIX_URL?.trim() ?? '';
const secret = process.env.PLENARY_E2E_MATRIX_SECRET?.trim() ?? '';
const onSynapse = (): MatrixWorld => ({ url, register: (localpart) => registerWithSharedSecret(url, secret, localpart) });

describe('Matrix polls on motions past #9, on the homeserver double', () => {
  pollNumbers(onDouble);
});

describe.skipIf(!url || !secret)('Matrix polls on motions past #9, on a real homeserver', () => {
  pollNumbers(onSynapse);
});

function pollNumbers(world: () => MatrixWorld): void {
  const running: MatrixBotHarness[] = [];
  afterEach(async () => {
    for (const h of running.splice(0)) await h.stop();
  });

  it('GIVEN 11 motions, each with its poll WHEN members answer the polls of motions 10 and 11 THEN each answer is a ballot on that motion; an answer to a poll the bot did not send is ignored', async () => {
    const a = await assemblyRoom(world(), ['ana', 'ben', 'cy'], { assembly: `Ward 12 #3 ${String(Date.now())}` });
    running.push(a.h);
    const polls: SeenEvent[] = [];
    for (let n = 1; n <= 11; n++) polls.push(await proposeWithPoll(a, `!motion propose "Item ${String(n)}"`));
    const [ana, ben, cy] = a.people as [(typeof a.people)[0], (typeof a.people)[0], (typeof a.people)[0]];

    await ben.answerPoll(a.roomId, polls[9]!.event_id, ['yes']);
    await cy.answerPoll(a.roomId, polls[10]!.event_id, ['no'], 'stable');
    const counted = await ballotEvents(a.h, 2);
    expect(counted.map((b) => b.payload.motion).sort()).toEqual([10, 11]);

    // A poll a member posts, dressed up as the bot's poll for motion 10: not the bot's, so not counted.
    const fake = await ana.send(a.roomId, polls[9]!.type, polls[9]!.content);
    await ben.answerPoll(a.roomId, fake, ['no']);
    // A real answer after it shows the fake one was processed (events are handled in order) and ignored.
    await ana.answerPoll(a.roomId, polls[9]!.event_id, ['abstain']);
    const after = await ballotEvents(a.h, 3);
    expect(after).toHaveLength(3);
    const reads = a.h.store.read;
    const assembly = (await reads.assemblyByName(a.assembly))!;
    const motion10 = (await reads.motionByNumber(assembly.id, 10))!;
    const benId = (await reads.personByAccount('matrix', ben.id))!.id;
    expect((await reads.ballot(motion10.id, benId))?.choice).toEqual({ kind: 'yes-no-abstain', value: 'yes' });
    expect(await reads.countBallots((await reads.motionByNumber(assembly.id, 1))!.id)).toBe(0);
  }, 120_000);
}
