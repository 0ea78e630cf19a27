import { afterEach, describe, expect, it } from 'vitest';
import type { MatrixBotHarness } from './matrix-bot-harness.js';
import { assemblyRoom, ballotEvents, isPollEnd, isPollStart, person, proposeWithPoll, roomWithBot, startBot, type MatrixWorld } from './matrix-scenario.js';
import { htmlOf, inReplyTo, textOf, type SeenEvent } from './matrix-test-user.js';

const relOf = (e: SeenEvent): string | undefined => (e.content['m.relates_to'] as { event_id?: string } | undefined)?.event_id;

/**
 * The behaviour every homeserver must show the bot, run against the
 * loopback double on every `npm test` and against a real Synapse when one
 * is configured: the same scenarios, the same assertions.
 */
export function matrixScenarios(world: () => MatrixWorld): void {
  const running: MatrixBotHarness[] = [];
  const track = <T extends { h: MatrixBotHarness }>(x: T): T => (running.push(x.h), x);
  afterEach(async () => {
    for (const h of running.splice(0)) {
      if (process.env.PLENARY_E2E_DEBUG) for (const l of h.log.lines.filter((x) => x.level !== 'debug')) console.info(l.level, l.msg, JSON.stringify(l.fields).slice(0, 400));
      expect(h.errors(), JSON.stringify(h.errors())).toEqual([]);
      await h.stop();
    }
  });

  describe('GIVEN an assembly room with three members', () => {
    it('WHEN members answer the poll and one changes the answer THEN the last answers count, the result is posted and the poll ended', async () => {
      const a = track(await assemblyRoom(world(), ['ana', 'ben', 'cy']));
      const [ana, ben, cy] = a.people as [NonNullable<(typeof a.people)[0]>, NonNullable<(typeof a.people)[0]>, NonNullable<(typeof a.people)[0]>];
      const poll = await proposeWithPoll(a, '!motion propose "Adopt the fridge rota" --body "Weekly cleaning, by turns"');
      expect(poll.content['org.matrix.msc3381.poll.start']).toMatchObject({ kind: 'org.matrix.msc3381.poll.disclosed', max_selections: 1, answers: [{ id: 'yes' }, { id: 'no' }, { id: 'abstain' }] });
      expect(poll.content['m.poll']).toMatchObject({ kind: 'm.disclosed', max_selections: 1, answers: [{ 'm.id': 'yes' }, { 'm.id': 'no' }, { 'm.id': 'abstain' }] });
      expect(String(poll.content['org.matrix.msc1767.text'])).toContain('Adopt the fridge rota');

      await ben.answerPoll(a.roomId, poll.event_id, ['yes']);
      await cy.answerPoll(a.roomId, poll.event_id, ['no'], 'stable');
      await ballotEvents(a.h, 2);
      await ben.answerPoll(a.roomId, poll.event_id, ['no']);
      expect((await ballotEvents(a.h, 3)).map((b) => b.type)).toEqual(['ballot.cast', 'ballot.cast', 'ballot.changed']);
      await ana.answerPoll(a.roomId, poll.event_id, ['yes'], 'stable');

      const end = await ana.waitFor(a.roomId, (e) => isPollEnd(e) && relOf(e) === poll.event_id, 'the poll end');
      expect(end.content['org.matrix.msc3381.poll.end']).toEqual({});
      expect(end.content['m.poll.results']).toEqual({ yes: 1, no: 2, abstain: 0 });
      expect(textOf(end)).toContain('Yes 1 · No 2 · Abstain 0');
      const result = await ana.waitFor(a.roomId, (e) => e.sender === a.bot && e.type === 'm.room.message' && textOf(e).includes('Motion #1 failed'), 'the result');
      expect(textOf(result)).toContain('Turnout: 3 of 3');

      // A late answer is not counted, and only its author is told, privately.
      await cy.answerPoll(a.roomId, poll.event_id, ['yes']);
      const dm = await cy.acceptInvitesFrom(a.bot);
      const notice = await cy.waitFor(dm, (e) => e.sender === a.bot && textOf(e).includes('Voting has closed'), 'the late-vote notice');
      expect(textOf(notice)).toMatch(/not counted/);
    });

    it('WHEN the mover withdraws the motion THEN its poll is ended', async () => {
      const a = track(await assemblyRoom(world(), ['ana', 'ben']));
      const poll = await proposeWithPoll(a, '!motion propose "Sell the piano"');
      await a.people[0]!.command(a.roomId, '!motion withdraw 1', a.bot);
      const end = await a.people[0]!.waitFor(a.roomId, (e) => isPollEnd(e) && relOf(e) === poll.event_id, 'the poll end');
      expect(textOf(end)).toContain('withdrawn');
      expect(end.content).not.toHaveProperty('m.poll.results');
    });

    it('WHEN a ranked motion is moved THEN it has no poll and `!vote N 2>1>3` works', async () => {
      const a = track(await assemblyRoom(world(), ['ana', 'ben']));
      const [ana] = a.people;
      await ana!.command(a.roomId, '!motion propose "Pick a meeting day" --method ranked --option Monday --option Tuesday --option Thursday', a.bot);
      const announcement = await ana!.waitFor(a.roomId, (e) => e.sender === a.bot && textOf(e).includes('Motion #1 is open'), 'the announcement');
      expect(textOf(announcement)).toContain('!vote 1 2>1>3');
      expect(textOf(announcement)).toContain('polls cannot rank');
      const vote = await ana!.command(a.roomId, '!vote 1 3>1', a.bot);
      expect(textOf(vote)).toContain('Thursday > Monday');
      expect((await ana!.events(a.roomId)).some(isPollStart)).toBe(false);
    });
  });

  describe('GIVEN a secret motion', () => {
    it('THEN it is announced as text, a vote in the room is refused, and the ballot by direct message counts', async () => {
      const a = track(await assemblyRoom(world(), ['ana', 'ben']));
      const [ana, ben] = a.people;
      await ana!.command(a.roomId, '!motion propose "Elect the treasurer" --secret', a.bot);
      const announcement = await ana!.waitFor(a.roomId, (e) => e.sender === a.bot && textOf(e).includes('Motion #1 is open'), 'the announcement');
      expect(textOf(announcement)).toContain(`!vote "${a.assembly}#1" yes|no|abstain`);
      expect(textOf(announcement)).toContain('direct message');
      expect((await ana!.events(a.roomId)).some(isPollStart)).toBe(false);

      const refused = await ben!.command(a.roomId, '!vote 1 yes', a.bot);
      expect(textOf(refused)).toContain('not counted');

      const dm = await ben!.createRoom({ invite: [a.bot], isDirect: true });
      await ben!.waitFor(dm, (e) => e.type === 'm.room.member' && e.state_key === a.bot && e.content.membership === 'join', 'the bot joining the DM');
      const recorded = await ben!.command(dm, `!vote "${a.assembly}#1" yes`, a.bot);
      expect(textOf(recorded)).toContain('Vote recorded on motion #1');
      expect((await ballotEvents(a.h, 1))[0]!.payload).toEqual({ motion: 1 });

      await a.h.closeDue();
      const result = await ana!.waitFor(a.roomId, (e) => e.sender === a.bot && e.type === 'm.room.message' && /Motion #1 (passed|failed)/.test(textOf(e)), 'the result');
      expect(textOf(result)).toContain('Yes 1 · No 0');
      expect(textOf(result)).not.toContain(ben!.id);
    });
  });

  describe('GIVEN a delegates room', () => {
    it('THEN setup reports missing power, and grant/revoke invite, raise, reset and kick', async () => {
      const h = await startBot(world());
      running.push(h);
      const [ana, dee] = [await person(world(), 'ana'), await person(world(), 'dee')];
      const roomId = await roomWithBot(h, ana);
      const room = { platform: 'matrix' as const, roomId };
      const hello = await ana.waitFor(roomId, (e) => e.sender === h.userId && textOf(e).includes('Hello, I am Plenary'), 'the greeting');
      expect(textOf(hello)).toContain('!assembly setup "Name"');
      const setup = await ana.say(roomId, '!assembly setup "Delegates of the valley"');
      const warning = await ana.waitFor(roomId, (e) => inReplyTo(e) === setup && textOf(e).includes('lacks some permissions'), 'the permission report');
      expect(textOf(warning)).toContain('remove people (kick): needs power level 50, the bot has 0');
      expect(await h.adapter.access.missingPermissions(room)).not.toEqual([]);

      await ana.setPowerLevel(roomId, h.userId, 100);
      expect(await h.adapter.access.missingPermissions(room)).toEqual([]);
      expect(await h.adapter.access.grant(room, dee.id, 'Elected delegate')).toEqual({ ok: true, changed: true });
      expect(await ana.membership(roomId, dee.id)).toBe('invite');
      expect((await ana.powerLevels(roomId)).users).toMatchObject({ [dee.id]: 10 });
      await dee.join(roomId);
      expect(await h.adapter.access.grant(room, dee.id, 'Elected delegate')).toEqual({ ok: true, changed: false });

      expect(await h.adapter.access.revoke(room, dee.id, 'Recalled by the valley assembly')).toEqual({ ok: true, changed: true });
      expect(await ana.membership(roomId, dee.id)).toBe('leave');
      expect((await ana.powerLevels(roomId)).users).not.toHaveProperty(dee.id);
      const kick = await ana.waitFor(roomId, (e) => e.type === 'm.room.member' && e.state_key === dee.id && e.content.membership === 'leave', 'the kick');
      expect(kick.sender).toBe(h.userId);
      expect(kick.content.reason).toBe('Recalled by the valley assembly');
      expect(await h.adapter.access.remove(room, dee.id, 'again')).toEqual({ ok: true, changed: false });
    });
  });

  describe('GIVEN a motion title that tries HTML and mention injection', () => {
    it('THEN the announcement and the poll render it inert', async () => {
      const a = track(await assemblyRoom(world(), ['ana', 'ben']));
      const poll = await proposeWithPoll(a, `!motion propose '<img src=x onerror=alert(1)><a href="https://evil.example">win</a> @room'`);
      const announcement = await a.people[0]!.waitFor(a.roomId, (e) => e.sender === a.bot && textOf(e).includes('Motion #1 is open'), 'the announcement');
      expect(htmlOf(announcement)).not.toMatch(/<img|<a /);
      expect(htmlOf(announcement)).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(textOf(announcement)).not.toMatch(/@room/);
      expect(textOf(announcement)).toContain('@\u200broom');
      expect(announcement.content['m.mentions']).toEqual({});
      expect(JSON.stringify(poll.content)).not.toContain('@room');
    });
  });

  describe('GIVEN the bot restarts in the middle of a vote', () => {
    it('THEN answers given while it was down count, nothing is counted twice, and the new process ends the poll', async () => {
      const a = track(await assemblyRoom(world(), ['ana', 'ben', 'cy']));
      const [ana, ben, cy] = a.people;
      const poll = await proposeWithPoll(a, '!motion propose "Repaint the hall"');
      await ben!.answerPoll(a.roomId, poll.event_id, ['yes']);
      await ballotEvents(a.h, 1);
      await a.h.stopProcess();
      await cy!.answerPoll(a.roomId, poll.event_id, ['no']);
      const asked = await ana!.say(a.roomId, '!motion list');
      await a.h.startProcess();
      await ana!.replyTo(a.roomId, asked, a.bot);
      expect((await ballotEvents(a.h, 2)).map((b) => b.type)).toEqual(['ballot.cast', 'ballot.cast']);
      await a.h.closeDue();
      await ana!.waitFor(a.roomId, (e) => isPollEnd(e) && relOf(e) === poll.event_id, 'the poll end');
      expect((await ana!.events(a.roomId)).filter((e) => inReplyTo(e) === asked)).toHaveLength(1);
    });
  });

  describe('GIVEN commands with mistakes', () => {
    it('THEN help, hints and private link codes work as documented', async () => {
      const a = track(await assemblyRoom(world(), ['ana', 'ben']));
      const [ana] = a.people;
      expect(textOf(await ana!.command(a.roomId, '!help', a.bot))).toContain('!motion propose — Move a motion');
      expect(textOf(await ana!.command(a.roomId, '!help motion propose', a.bot))).toContain('Usage: `!motion propose <title…>');
      expect(textOf(await ana!.command(a.roomId, '!motion propose', a.bot))).toMatch(/title \(a one-line title\): is missing/);
      expect(textOf(await ana!.command(a.roomId, '!member approve ana', a.bot))).toContain('"ana" is not a Matrix user id');
      expect(textOf(await ana!.command(a.roomId, '!motoin list', a.bot))).toContain('is not a command');
      expect(textOf(await ana!.command(a.roomId, '!vote 1 "yes', a.bot))).toContain('is not closed');

      const link = await ana!.command(a.roomId, '!link start', a.bot);
      expect(textOf(link)).toContain('direct message');
      const dm = await ana!.acceptInvitesFrom(a.bot);
      const code = await ana!.waitFor(dm, (e) => e.sender === a.bot && textOf(e).includes('Your link code'), 'the link code');
      const secret = /Code: (\w+)/.exec(textOf(code))?.[1] ?? 'missing';
      expect((await ana!.events(a.roomId)).some((e) => textOf(e).includes(secret))).toBe(false);

      await ana!.command(a.roomId, '!audit export', a.bot);
      const file = await ana!.waitFor(a.roomId, (e) => e.sender === a.bot && e.content.msgtype === 'm.file', 'the exported record');
      expect(String(file.content.url)).toMatch(/^mxc:\/\//);
      expect(String(file.content.body)).toMatch(/-record\.jsonl$/);
    });

    it('WHEN someone writes from an encrypted DM THEN the bot says it cannot read it and opens a readable one', async () => {
      const a = track(await assemblyRoom(world(), ['ana', 'ben']));
      const [, ben] = a.people;
      const secretDm = await ben!.createRoom({ invite: [a.bot], isDirect: true });
      await ben!.waitFor(secretDm, (e) => e.type === 'm.room.member' && e.state_key === a.bot && e.content.membership === 'join', 'the bot joining the DM');
      await ben!.request('PUT', `/rooms/${encodeURIComponent(secretDm)}/state/m.room.encryption/`, { algorithm: 'm.megolm.v1.aes-sha2' });
      const sealed = await ben!.send(secretDm, 'm.room.encrypted', { algorithm: 'm.megolm.v1.aes-sha2', ciphertext: 'AwgAEn…', sender_key: 'k', session_id: 's', device_id: 'D' });
      expect(textOf(await ben!.replyTo(secretDm, sealed, a.bot))).toContain('cannot read');
      const readable = await ben!.acceptInvitesFrom(a.bot);
      expect(readable).not.toBe(secretDm);
      expect(textOf(await ben!.command(readable, '!help vote', a.bot))).toContain('Usage: `!vote');
    });
  });

  describe('GIVEN a motion closes in a Matrix room', () => {
    it('THEN the result carries the chain head (text and org.plenary.chain_head), and !audit verify reads it back from the room history', async () => {
      const a = track(await assemblyRoom(world(), ['ana', 'ben']));
      const [ana, ben] = a.people;
      await ana!.command(a.roomId, '!motion propose "Plant the hedge"', a.bot);
      await ana!.command(a.roomId, '!vote 1 yes', a.bot);
      await ben!.command(a.roomId, '!vote 1 yes', a.bot);
      const result = await ana!.waitFor(a.roomId, (e) => e.sender === a.bot && e.type === 'm.room.message' && textOf(e).includes('Motion #1 passed'), 'the result');
      const head = result.content['org.plenary.chain_head'] as { assembly: string; seq: number; hash: string };
      expect(head).toMatchObject({ assembly: a.assembly, seq: expect.any(Number) as number, hash: expect.stringMatching(/^[0-9a-f]{64}$/) as string });
      expect(textOf(result)).toContain(`${a.assembly} record #${head.seq} · ${head.hash.slice(0, 12)}`);
      // A member imitating a head line in the room is not taken for the bot's post.
      await ben!.say(a.roomId, `${a.assembly} record #${head.seq} · 000000000000`);
      // The passed resolution is law 1 of the assembly (src/core/laws): its announcement carries a head too.
      await ana!.waitFor(a.roomId, (e) => e.sender === a.bot && e.type === 'm.room.message' && textOf(e).includes('Law 1 is in force'), 'the law announcement');
      const verified = await ana!.command(a.roomId, '!audit verify', a.bot);
      expect(textOf(verified)).toContain('record verified');
      expect(textOf(verified)).toContain('Posted heads: all 2 found in 1 room agree');
    });
  });
}
