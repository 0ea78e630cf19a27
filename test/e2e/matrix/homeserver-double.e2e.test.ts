import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultRetryPolicy, sleep, type RetryPolicy } from '../../../src/adapters/matrix/rate-limit.js';
import type { MatrixBotHarness } from '../../support/matrix-bot-harness.js';
import { MatrixHomeserverDouble } from '../../support/matrix-homeserver-double.js';
import { assemblyRoom, ballotEvents, person, proposeWithPoll, roomWithBot, startBot, type MatrixWorld } from '../../support/matrix-scenario.js';
import { matrixAbuseScenarios } from '../../support/matrix-abuse-suite.js';
import { matrixScenarios } from '../../support/matrix-suite.js';
import { inReplyTo, MatrixTestUser, textOf } from '../../support/matrix-test-user.js';
import { sendDueReminders } from '../../../src/core/services/reminder.service.js';
import { drainRelay, type Sent } from '../../support/relay-drain.js';

let double: MatrixHomeserverDouble;
const world = (): MatrixWorld => ({ url: double.url, register: (l) => Promise.resolve(double.register(l)) });

beforeAll(async () => {
  double = await MatrixHomeserverDouble.start();
});
afterAll(async () => {
  await double.close();
});

describe('Matrix bot on the loopback homeserver double', () => {
  matrixScenarios(world);
  matrixAbuseScenarios(world, { pushRules: false });
});

describe('Matrix bot: what only the double can provoke', () => {
  const running: MatrixBotHarness[] = [];
  afterEach(async () => {
    for (const h of running.splice(0)) await h.stop();
  });

  /** A retry policy that really waits, and remembers for how long. */
  const recordingRetry = (): RetryPolicy & { waits: number[] } => {
    const waits: number[] = [];
    return { ...defaultRetryPolicy, waits, sleep: (ms, signal) => (waits.push(ms), sleep(ms, signal)) };
  };

  it('GIVEN 429 with Retry-After WHEN the bot replies THEN it waits as asked and resends under the same transaction id, once', async () => {
    const retry = recordingRetry();
    const a = await assemblyRoom(world(), ['ana'], { harness: { retry } });
    running.push(a.h);
    const sendsToRoom = (p: string): boolean => p.startsWith(`/_matrix/client/v3/rooms/${encodeURIComponent(a.roomId)}/send/m.room.message/`);
    double.rateLimit({ remaining: 1, retryAfterMs: 1000, via: 'header', match: (m, p, u) => m === 'PUT' && u === a.bot && sendsToRoom(p) });
    const asked = await a.people[0]!.say(a.roomId, '!motion list');
    await a.people[0]!.replyTo(a.roomId, asked, a.bot);
    expect(retry.waits).toEqual([1000]);
    const puts = double.requests.filter((r) => r.method === 'PUT' && sendsToRoom(r.path)).slice(-2);
    expect(puts.map((r) => r.status)).toEqual([429, 200]);
    expect(puts[0]!.path).toBe(puts[1]!.path);
    expect((await a.people[0]!.events(a.roomId)).filter((e) => inReplyTo(e) === asked)).toHaveLength(1);

    double.rateLimit({ remaining: 2, retryAfterMs: 250, via: 'body', match: (m, p, u) => m === 'PUT' && u === a.bot && sendsToRoom(p) });
    await a.people[0]!.command(a.roomId, '!help', a.bot);
    expect(retry.waits.slice(1)).toEqual([250, 250]);
    expect(a.h.log.lines.some((l) => l.msg.includes('rate limit'))).toBe(true);
  });

  it('GIVEN the homeserver delivers the same events twice THEN each command and poll answer is handled once', async () => {
    const a = await assemblyRoom(world(), ['ana', 'ben', 'cy']);
    running.push(a.h);
    const poll = await proposeWithPoll(a, '!motion propose "Buy a ladder"');
    await a.people[1]!.answerPoll(a.roomId, poll.event_id, ['yes']);
    const asked = await a.people[0]!.say(a.roomId, '!motion list');
    await a.people[0]!.replyTo(a.roomId, asked, a.bot);
    await ballotEvents(a.h, 1);
    const botSends = (): number => double.requests.filter((r) => r.method === 'PUT' && r.path.includes('/send/m.room.message/')).length;
    const putsBefore = botSends();
    double.replayNextSync(a.bot, double.world.pos);
    await a.people[2]!.answerPoll(a.roomId, poll.event_id, ['no']);
    expect((await ballotEvents(a.h, 2)).map((b) => b.type)).toEqual(['ballot.cast', 'ballot.cast']);
    await new Promise((r) => setTimeout(r, 300));
    expect((await ballotEvents(a.h, 2)).length).toBe(2);
    // No reply was even attempted again (the transaction id would have hidden a duplicate).
    expect(botSends()).toBe(putsBefore);
  });

  it('GIVEN more answers arrive while the bot is down than one sync timeline holds THEN the gap is filled and all count', async () => {
    const a = await assemblyRoom(world(), ['ana', 'ben', 'cy', 'dot', 'eve'], { harness: { timelineLimit: 2 } });
    running.push(a.h);
    const poll = await proposeWithPoll(a, '!motion propose "Open on Sundays"');
    await a.h.stopProcess();
    for (const p of a.people.slice(1)) await p.answerPoll(a.roomId, poll.event_id, ['yes']);
    await a.h.startProcess();
    expect(await ballotEvents(a.h, 4)).toHaveLength(4);
  });

  it('GIVEN MATRIX_AUTOJOIN is not set WHEN a user of another homeserver invites the bot THEN it leaves with a reason, and its own homeserver’s users are still followed', async () => {
    const h = await startBot(world());
    running.push(h);
    const stranger = new MatrixTestUser(double.url, double.foreignUser(`@spammer-${String(Date.now())}:evil.example`));
    const lure = await stranger.createRoom({ name: 'Free stuff' });
    await stranger.invite(lure, h.userId);
    const left = await stranger.waitFor(lure, (e) => e.type === 'm.room.member' && e.state_key === h.userId && e.content.membership === 'leave', 'the bot declining');
    expect(String(left.content.reason)).toContain('accepts invitations only from people its operator allows');
    expect(h.log.lines.some((l) => l.msg === 'declined an invitation (MATRIX_AUTOJOIN)' && l.fields.inviter === stranger.id && String(l.fields.policy).includes('own homeserver (localhost)'))).toBe(true);
    const ana = await person(world(), 'ana');
    const home = await roomWithBot(h, ana);
    expect(await ana.membership(home, h.userId)).toBe('join');
  });

  it('GIVEN MATRIX_AUTOJOIN lists one homeserver THEN invitations from elsewhere are declined', async () => {
    const h = await startBot(world(), { autojoin: 'example.org' });
    running.push(h);
    const ana = await person(world(), 'ana');
    const roomId = await ana.createRoom();
    await ana.invite(roomId, h.userId);
    await ana.waitFor(roomId, (e) => e.type === 'm.room.member' && e.state_key === h.userId && e.content.membership === 'leave', 'the bot declining');
  });

  it('GIVEN someone who is not a member answers a poll THEN it is not counted and they are told privately', async () => {
    const a = await assemblyRoom(world(), ['ana', 'ben']);
    running.push(a.h);
    const zed = await person(world(), 'zed');
    await a.people[0]!.invite(a.roomId, zed.id);
    await zed.join(a.roomId);
    const poll = await proposeWithPoll(a, '!motion propose "Plant trees"');
    await zed.answerPoll(a.roomId, poll.event_id, ['yes']);
    const dm = await zed.acceptInvitesFrom(a.bot);
    const notice = await zed.waitFor(dm, (e) => e.sender === a.bot && textOf(e).includes('not counted'), 'the private notice');
    expect(textOf(notice)).toContain('Only members of');
    expect((await a.people[0]!.events(a.roomId)).some((e) => e.sender === a.bot && textOf(e).includes('Only members of'))).toBe(false);
    expect(await a.h.store.read.countBallots((await a.h.store.read.motions((await a.h.store.read.assemblyIds())[0]!))[0]!.id)).toBe(0);
  });
  it('GIVEN a member who asked for reminders and has not voted WHEN a reminder falls due THEN the room is told and the member gets a direct message', async () => {
    const a = await assemblyRoom(world(), ['ana', 'ben']);
    running.push(a.h);
    const [ana, ben] = [a.people[0]!, a.people[1]!];
    expect(textOf(await ana.command(a.roomId, '!assembly policy reminders 1', a.bot))).toContain('reminders set');
    expect(textOf(await ben.command(a.roomId, '!remind on', a.bot))).toContain('Reminders on');
    await proposeWithPoll(a, '!motion propose "Plant trees" --hours 3');
    a.h.clock.advance(2 * 3_600_000);
    await sendDueReminders(a.h.core);
    // What the paced Matrix lane would do with the queued rows, through the adapter's own sender.
    const sent: Sent[] = [];
    await drainRelay(a.h.core, sent);
    for (const m of sent) await (m.direct ? a.h.adapter.sender.sendDirect(m.roomId, m.message, m.key) : a.h.adapter.sender.send({ platform: 'matrix', roomId: m.roomId }, m.message, m.key));
    await ana.waitFor(a.roomId, (e) => e.sender === a.bot && textOf(e).includes('closes in 1 hour'), 'the room reminder');
    const dm = await ben.acceptInvitesFrom(a.bot);
    const nudge = await ben.waitFor(dm, (e) => e.sender === a.bot && textOf(e).includes('and you have not voted'), 'the direct reminder');
    expect(textOf(nudge)).toContain('Plant trees');
  });
  it('GIVEN discussion threads on WHEN a motion opens and closes THEN its announcement roots a thread and the result is posted in it too', async () => {
    const a = await assemblyRoom(world(), ['ana', 'ben']);
    running.push(a.h);
    const ana = a.people[0]!;
    expect(textOf(await ana.command(a.roomId, '!assembly policy threads on', a.bot))).toContain('threads set');
    await proposeWithPoll(a, '!motion propose "Plant trees" --hours 1');
    const announcement = await ana.waitFor(a.roomId, (e) => e.sender === a.bot && textOf(e).includes('Motion #1 is open for voting'), 'the announcement');
    const inThread = (e: { sender: string; content: Record<string, unknown> }): boolean => {
      const rel = e.content['m.relates_to'] as { rel_type?: string; event_id?: string } | undefined;
      return e.sender === a.bot && rel?.rel_type === 'm.thread' && rel.event_id === announcement.event_id;
    };
    const opener = await ana.waitFor(a.roomId, (e) => inThread(e) && textOf(e).includes('Discussion: #1 Plant trees'), 'the thread opening');
    expect(opener).toBeDefined();
    await a.h.closeDue(2);
    await ana.waitFor(a.roomId, (e) => inThread(e) && /Motion #1 (passed|failed)/.test(textOf(e)), 'the result in the thread');
  });
});
