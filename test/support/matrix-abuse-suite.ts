import { afterEach, describe, expect, it } from 'vitest';
import type { MatrixBotHarness } from './matrix-bot-harness.js';
import { assemblyRoom, isPollStart, person, proposeWithPoll, roomWithBot, startBot, type MatrixWorld } from './matrix-scenario.js';
import { htmlOf, inReplyTo, textOf, type MatrixTestUser, type SeenEvent } from './matrix-test-user.js';

export interface AbuseOptions {
  /** The homeserver evaluates push rules (a real Synapse): notifications can be checked. */
  readonly pushRules: boolean;
}

interface Notification {
  readonly event: { readonly event_id: string };
  readonly actions: readonly (string | { set_tweak: string; value?: unknown })[];
}

const highlights = (n: Notification): boolean => n.actions.some((a) => typeof a === 'object' && a.set_tweak === 'highlight' && a.value !== false);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function noReplyTo(user: MatrixTestUser, roomId: string, eventId: string, bot: string): Promise<boolean> {
  return !(await user.events(roomId)).some((e) => e.sender === bot && inReplyTo(e) === eventId);
}

/**
 * What a hostile or careless chat user tries against the bot, on the double
 * and on a real homeserver: claiming a room without its power, pinging people
 * through the bot's polls, making the bot talk in rooms that are not
 * assemblies, and bots talking to it.
 */
export function matrixAbuseScenarios(world: () => MatrixWorld, o: AbuseOptions): void {
  const running: MatrixBotHarness[] = [];
  afterEach(async () => {
    for (const h of running.splice(0)) {
      expect(h.errors(), JSON.stringify(h.errors())).toEqual([]);
      await h.stop();
    }
  });

  describe('GIVEN a room its creator administers (power 100) and a member with power 0', () => {
    it('WHEN the member runs !assembly setup THEN it is refused with the level needed and theirs, and works once the room raises them', async () => {
      const h = await startBot(world());
      running.push(h);
      const [ana, zed] = [await person(world(), 'ana'), await person(world(), 'zed')];
      const roomId = await roomWithBot(h, ana, { botLevel: 100 });
      await ana.invite(roomId, zed.id);
      await zed.join(roomId);

      const refused = await zed.command(roomId, '!assembly setup "Hijacked"', h.userId);
      expect(textOf(refused)).toContain('Not allowed');
      expect(textOf(refused)).toContain('needs power level 100 in this room');
      expect(textOf(refused)).toContain('you have 0');
      expect(textOf(refused)).toContain('!assembly setup');
      expect(await h.store.read.bindingByRoom('matrix', roomId)).toBeNull();

      // Read fresh for each command: the room's own decision counts at once.
      await ana.setPowerLevel(roomId, zed.id, 100);
      const done = await zed.command(roomId, '!assembly setup "Valley"', h.userId);
      expect(textOf(done)).toContain('Valley is now an assembly');
    });
  });

  describe('GIVEN a motion title that names a member by user id, by name and @room', () => {
    it('THEN neither the poll nor the announcement can highlight her', async () => {
      const a = await assemblyRoom(world(), ['ana', 'alice']);
      running.push(a.h);
      const alice = a.people[1]!;
      const local = alice.id.slice(1, alice.id.indexOf(':'));
      const poll = await proposeWithPoll(a, `!motion propose "Thank ${alice.id} and ${local}, @room" --body "Ask ${alice.id} first"`);
      const announcement = await alice.waitFor(a.roomId, (e) => e.sender === a.bot && e.type === 'm.room.message' && textOf(e).includes('Motion #1 is open'), 'the announcement');
      for (const e of [poll, announcement] satisfies SeenEvent[]) {
        expect(e.content['m.mentions']).toEqual({});
        expect(e.content.msgtype).toBe('m.notice');
        expect(JSON.stringify(e.content)).not.toContain(alice.id);
        expect(JSON.stringify(e.content)).not.toContain('@room');
      }
      expect(htmlOf(announcement)).not.toContain('matrix.to');
      expect(textOf(announcement)).toContain(`@\u200b${local[0] ?? ''}\u200b${local.slice(1)}:`);
      if (o.pushRules) {
        // Push rules run when an event is stored: by now alice's notifications hold whatever these two caused.
        await sleep(300);
        const r = await alice.request<{ notifications: Notification[] }>('GET', '/notifications?limit=100');
        const ours = r.notifications.filter((n) => [poll.event_id, announcement.event_id].includes(n.event.event_id));
        expect(ours.filter(highlights)).toEqual([]);
        expect(ours).toEqual([]);
      }
    });
  });

  describe('GIVEN a room with three people that is not an assembly', () => {
    it('THEN the bot answers help and setup there, and nothing else', async () => {
      const h = await startBot(world());
      running.push(h);
      const [ana, ben, cy] = [await person(world(), 'ana'), await person(world(), 'ben'), await person(world(), 'cy')];
      const roomId = await roomWithBot(h, ana, { botLevel: 100 });
      for (const p of [ben, cy]) {
        await ana.invite(roomId, p.id);
        await p.join(roomId);
      }
      const ignored = await ben.say(roomId, '!motion list');
      const unknown = await ben.say(roomId, '!frobnicate now');
      const help = await ben.command(roomId, '!help', h.userId);
      expect(textOf(help)).toContain('assembly setup');
      await sleep(500);
      expect(await noReplyTo(ben, roomId, ignored, h.userId)).toBe(true);
      expect(await noReplyTo(ben, roomId, unknown, h.userId)).toBe(true);
      const setup = await ana.command(roomId, '!assembly setup "Quiet street"', h.userId);
      expect(textOf(setup)).toContain('is now an assembly');
      const listed = await ben.command(roomId, '!motion list', h.userId);
      expect(textOf(listed)).not.toBe('');
    });
  });

  describe('GIVEN another bot listed in MATRIX_IGNORE_USERS', () => {
    it('THEN its commands and its invitations are ignored, while people are answered', async () => {
      const other = await person(world(), 'otherbot');
      const a = await assemblyRoom(world(), ['ana', 'ben'], { harness: { ignoreUsers: [other.id] } });
      running.push(a.h);
      const [ana] = a.people;
      await ana!.invite(a.roomId, other.id);
      await other.join(a.roomId);
      const fromBot = await other.say(a.roomId, '!help');
      const fromAna = await ana!.command(a.roomId, '!help', a.bot);
      expect(textOf(fromAna)).toContain('assembly');
      await sleep(500);
      expect(await noReplyTo(ana!, a.roomId, fromBot, a.bot)).toBe(true);

      const lure = await other.createRoom({ name: 'Come here' });
      await other.invite(lure, a.bot);
      const declined = await other.waitFor(lure, (e) => e.type === 'm.room.member' && e.state_key === a.bot && e.content.membership === 'leave', 'the bot declining');
      expect(String(declined.content.reason)).toContain('accepts invitations only from');
      expect(a.h.log.lines.some((l) => l.msg === 'declined an invitation (MATRIX_AUTOJOIN)' && l.fields.inviter === other.id)).toBe(true);
      expect((await ana!.events(a.roomId)).some(isPollStart)).toBe(false);
    });
  });

  describe('GIVEN an invitation from someone the policy does not allow', () => {
    it('THEN the bot leaves with a reason saying why, and logs it', async () => {
      const h = await startBot(world(), { autojoin: '@someone:elsewhere.example' });
      running.push(h);
      const ana = await person(world(), 'ana');
      const roomId = await ana.createRoom();
      await ana.invite(roomId, h.userId);
      const left = await ana.waitFor(roomId, (e) => e.type === 'm.room.member' && e.state_key === h.userId && e.content.membership === 'leave', 'the bot declining');
      expect(String(left.content.reason)).toContain('accepts invitations only from people its operator allows');
      expect(h.log.lines.some((l) => l.msg === 'declined an invitation (MATRIX_AUTOJOIN)' && l.fields.inviter === ana.id && String(l.fields.policy).includes('@someone:elsewhere.example'))).toBe(true);
    });
  });
}
