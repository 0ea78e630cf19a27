import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MatrixAdapter } from '../../../src/adapters/matrix/matrix-adapter.js';
import { parseAutojoinPolicy } from '../../../src/adapters/matrix/autojoin-policy.js';
import { defaultRetryPolicy } from '../../../src/adapters/matrix/rate-limit.js';
import { MemorySyncCheckpointStore } from '../../../src/adapters/matrix/sync-checkpoint.js';
import { InProcessJobQueue } from '../../../src/adapters/queue/in-process-job-queue.js';
import { FakeClock } from '../../../src/core/ports/clock.port.js';
import { FakeMessageLog } from '../../../src/core/ports/message-log.port.js';
import { createPlenary, plenaryCommandTable } from '../../../src/core/plenary.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { accessHandler } from '../../../src/jobs/access.handler.js';
import type { JobWorker } from '../../../src/jobs/job-queue.port.js';
import { OutboxDispatcher } from '../../../src/jobs/outbox-dispatcher.js';
import { recordingLog } from '../../support/matrix-bot-harness.js';
import { MatrixHomeserverDouble } from '../../support/matrix-homeserver-double.js';
import { MatrixTestUser, textOf, type SeenEvent } from '../../support/matrix-test-user.js';

/**
 * Delegates' room access on Matrix, end to end: commands typed by people
 * through the loopback homeserver, the real matrix-js-sdk bot serving the
 * whole of Plenary (core + federation module), and the outbox drained by the
 * real dispatcher, job queue and access handler into MatrixRoomAccess.
 */

let double: MatrixHomeserverDouble;

beforeAll(async () => {
  double = await MatrixHomeserverDouble.start();
});
afterAll(async () => {
  await double.close();
});

/** One Plenary process on Matrix with the federation module, as `plenary start` wires it, over the FakeStore. */
async function startPlenaryBot() {
  const account = double.register('plenary-fed');
  const store = new FakeStore();
  const log = recordingLog();
  const checkpoints = new MemorySyncCheckpointStore();
  const autojoin = parseAutojoinPolicy(undefined);
  if (!autojoin.ok) throw new Error(autojoin.error.message);
  let requests = 0;
  const adapter = new MatrixAdapter({
    session: { homeserverUrl: double.url, accessToken: account.accessToken, userId: account.userId },
    checkpoints,
    messageLog: new FakeMessageLog(),
    table: plenaryCommandTable(),
    prefix: '!',
    autojoin: autojoin.value,
    log,
    retry: { ...defaultRetryPolicy, baseBackoffMs: 50 },
    syncTimeoutMs: 2000,
    newRequestId: () => `req-${String(++requests)}`,
  });
  const { deps } = createPlenary({ store, clock: new FakeClock(new Date()), log, senders: new Map([['matrix', adapter.sender]]) });
  adapter.start(deps);
  const deadline = Date.now() + 10_000;
  while (!checkpoints.saved?.since) {
    if (Date.now() > deadline) throw new Error('the bot never completed its first sync');
    await new Promise((r) => setTimeout(r, 20));
  }
  return { store, log, adapter, bot: account.userId };
}

type Bot = Awaited<ReturnType<typeof startPlenaryBot>>;

const isJoinOf = (userId: string) => (e: SeenEvent) => e.type === 'm.room.member' && e.state_key === userId && e.content.membership === 'join';

describe('GIVEN a local assembly on Matrix that joined a federation whose delegates meet in their own room', () => {
  let plenary: Bot;
  let queue: InProcessJobQueue;
  let worker: JobWorker;

  afterEach(async () => {
    await worker.close();
    await queue.close();
    await plenary.adapter.stop();
  });

  it('WHEN an election seats a member and a recall later removes them THEN the outbox invites them with the delegate power level, and then resets it and kicks them at once', async () => {
    plenary = await startPlenaryBot();
    const { bot, store, log } = plenary;
    queue = new InProcessJobQueue({ prefix: 'delegate-access-e2e', log });
    worker = await queue.work([accessHandler(store, new Map([['matrix', plenary.adapter.access]]), log)], { concurrency: 2 });
    const dispatcher = new OutboxDispatcher(store, queue, log);
    const runOutbox = async (): Promise<number> => {
      const n = await dispatcher.dispatchOnce();
      await queue.whenIdle({ timeoutMs: 10_000 });
      return n;
    };

    const [ana, ben, cy, fay] = ['ana', 'ben', 'cy', 'fay'].map((n) => new MatrixTestUser(double.url, double.register(`${n}-fed`))) as [MatrixTestUser, MatrixTestUser, MatrixTestUser, MatrixTestUser];
    const roomWithBot = async (owner: MatrixTestUser, name: string): Promise<string> => {
      const roomId = await owner.createRoom({ name });
      await owner.invite(roomId, bot);
      await owner.waitFor(roomId, isJoinOf(bot), 'the bot joining');
      await owner.setPowerLevel(roomId, bot, 100);
      return roomId;
    };
    /** Secret ballots are refused in a shared Matrix room; each person votes in a direct chat with the bot. */
    const dms = new Map<MatrixTestUser, string>();
    const privately = async (who: MatrixTestUser, line: string): Promise<string> => {
      let dm = dms.get(who);
      if (!dm) {
        dm = await who.createRoom({ invite: [bot], isDirect: true });
        await who.waitFor(dm, isJoinOf(bot), 'the bot joining the DM');
        dms.set(who, dm);
      }
      return textOf(await who.command(dm, line, bot));
    };

    // The local assembly: Town, with three members.
    const town = await roomWithBot(ana, 'Town square');
    expect(textOf(await ana.command(town, '!assembly setup Town', bot))).toContain('is now an assembly');
    for (const p of [ben, cy]) {
      await ana.invite(town, p.id);
      await p.join(town);
      expect(textOf(await p.command(town, '!join', bot))).toContain('Welcome');
    }

    // The delegates' room: Fed is founded there, and its founder issues an invitation.
    const valley = await roomWithBot(fay, 'Valley');
    expect(textOf(await fay.command(valley, '!federation create Fed --purpose "Shared buses between our towns"', bot))).toContain('Fed is founded');
    const invitation = textOf(await fay.command(valley, '!federation invite', bot));
    const code = /Code: (\S+)/.exec(invitation)?.[1];
    expect(code, invitation).toBeDefined();

    // Town joins by its own vote (motion #1), which closes early once everyone voted.
    expect(textOf(await ana.command(town, `!federation join ${String(code)}`, bot))).toContain('Motion #1 moved');
    for (const p of [ana, ben, cy]) expect(textOf(await p.command(town, '!vote 1 yes', bot))).toContain('Vote recorded on motion #1');
    await ana.waitFor(town, (e) => e.sender === bot && textOf(e).includes('Town joined Fed'), 'Town joining Fed');

    // Ana stands, the election (motion #2, a secret ballot) is called, and everyone votes for her.
    expect(textOf(await ana.command(town, '!nominate Fed', bot))).toContain('is nominated for Fed');
    expect(textOf(await ana.command(town, '!election call Fed', bot))).toContain('Election opened: motion #2');
    expect(textOf(await ben.command(town, '!vote 2 1', bot))).toContain('Secret ballot: not counted here');
    for (const p of [ana, ben, cy]) expect(await privately(p, '!vote "Town#2" 1')).toContain('Vote recorded on motion #2');
    await ana.waitFor(town, (e) => e.sender === bot && textOf(e).includes('Town elected its delegate'), 'the election result');
    expect(await store.read.outboxFailed(10)).toEqual([]);

    // The outbox carries the grant to Matrix: an invitation and the delegate power level.
    expect(await ana.membership(valley, ana.id)).toBeNull();
    expect(await runOutbox()).toBe(1);
    expect(await fay.membership(valley, ana.id)).toBe('invite');
    expect((await fay.powerLevels(valley)).users).toMatchObject({ [ana.id]: 10 });
    const invite = await fay.waitFor(valley, (e) => e.type === 'm.room.member' && e.state_key === ana.id && e.content.membership === 'invite', 'the invitation');
    expect(invite.sender).toBe(bot);
    expect(String(invite.content.reason)).toContain('Elected by Town');
    expect(await runOutbox()).toBe(0);

    // Seated, Ana joins the delegates' room and moves a motion there.
    await ana.join(valley);
    expect(textOf(await ana.command(valley, '!motion propose "Buy two electric buses"', bot))).toContain('Motion #1 moved');

    // Town recalls her (motion #3, secret): the vote closes early and passes.
    expect(textOf(await ben.command(town, `!recall ${ana.id} --reason "Missed every meeting"`, bot))).toContain('Motion #3 moved');
    expect(await privately(ben, '!vote "Town#3" yes')).toContain('Vote recorded on motion #3');
    expect(await privately(cy, '!vote "Town#3" yes')).toContain('Vote recorded on motion #3');
    expect(await privately(ana, '!vote "Town#3" no')).toContain('Vote recorded on motion #3');
    await ben.waitFor(town, (e) => e.sender === bot && textOf(e).includes(`was recalled by Town`), 'the recall result');

    // The outbox carries the revocation: the power level is reset and she is kicked, with the reason.
    expect(await fay.membership(valley, ana.id)).toBe('join');
    expect((await fay.powerLevels(valley)).users).toMatchObject({ [ana.id]: 10 });
    expect(await runOutbox()).toBe(1);
    expect((await fay.powerLevels(valley)).users).not.toHaveProperty(ana.id);
    expect(await fay.membership(valley, ana.id)).toBe('leave');
    const kick = (await fay.events(valley)).filter((e) => e.type === 'm.room.member' && e.state_key === ana.id).at(-1);
    expect(kick?.sender).toBe(bot);
    expect(kick?.content.membership).toBe('leave');
    expect(String(kick?.content.reason)).toContain('Recalled by Town');
    expect(await store.read.outboxFailed(10)).toEqual([]);

    // Her vote upstairs is refused: the room no longer lets her speak, and the bot no longer counts her.
    await expect(ana.say(valley, '!vote 1 no')).rejects.toThrow(/403.*M_FORBIDDEN/);
    expect(await privately(ana, '!vote "Fed delegates#1" no')).toContain('Only the current delegates in Fed delegates can vote there');

    expect(log.lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});
