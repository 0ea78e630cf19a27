import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MatrixBotHarness } from '../../support/matrix-bot-harness.js';
import { E2eeTestUser } from '../../support/matrix-e2ee-user.js';
import { ballotEvents, isPollStart } from '../../support/matrix-scenario.js';
import { registerWithSharedSecret } from '../../support/matrix-synapse-accounts.js';
import { MatrixTestUser, textOf, type SeenEvent } from '../../support/matrix-test-user.js';

/**
 * End-to-end encryption on a real Synapse (PLENARY_E2E_MATRIX_URL and
 * PLENARY_E2E_MATRIX_SECRET, as the Synapse suite): people on encrypting
 * clients (matrix-js-sdk with its Rust crypto) in an encrypted room and
 * encrypted DMs; the bot restarts in between and must come back as the same
 * device with its keys.
 */
const url = process.env.PLENARY_E2E_MATRIX_URL?.trim() ?? '';
const secret = process.env.PLENARY_E2E_MATRIX_SECRET?.trim() ?? '';
const skipReason = url && secret ? '' : 'PLENARY_E2E_MATRIX_URL and PLENARY_E2E_MATRIX_SECRET are not both set';
const suffix = (): string => randomBytes(3).toString('hex');

const users: E2eeTestUser[] = [];
let dir = '';
afterAll(async () => {
  for (const u of users) u.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const human = async (name: string): Promise<E2eeTestUser> => {
  const u = await E2eeTestUser.start(url, await registerWithSharedSecret(url, secret, `${name}-${suffix()}`));
  users.push(u);
  return u;
};
const debugDump = (h: MatrixBotHarness): void => {
  if (process.env.PLENARY_E2E_DEBUG) for (const l of h.log.lines.filter((x) => x.level !== 'debug' || !x.fields.sdk)) console.info(l.level, l.msg, JSON.stringify(l.fields).slice(0, 600), l.fields.err instanceof Error ? l.fields.err.stack : '');
};
const fromBot = (bot: string, text: string) => (e: SeenEvent) => e.sender === bot && e.type === 'm.room.message' && textOf(e).includes(text);

describe.skipIf(skipReason !== '')(`GIVEN an end-to-end encrypted room on Synapse${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('THEN setup, join, a motion, encrypted poll answers across a bot restart (same device), an encrypted DM ballot and results all work, and nothing travels or is logged in plaintext', { timeout: 240_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'plenary-e2ee-'));
    const botAccount = await registerWithSharedSecret(url, secret, `plenary-e2ee-${suffix()}`);
    const h = await MatrixBotHarness.start({ homeserverUrl: url, bot: botAccount, e2eeStorePath: join(dir, 'crypto.bin'), e2eeKeyGraceMs: 1500 });
    const bot = h.userId;
    const device = h.adapter.deviceId;
    expect(device).toBe(botAccount.deviceId);
    try {
      const [ana, ben] = [await human('ana'), await human('ben')];
      const roomId = await ana.createEncryptedRoom({ invite: [bot] });
      await ana.waitFor(roomId, (e) => e.type === 'm.room.member' && e.state_key === bot && e.content.membership === 'join', 'the bot joining');
      await ana.setPowerLevel(roomId, bot, 100);
      const hello = await ana.waitFor(roomId, fromBot(bot, 'Hello, I am Plenary'), 'the greeting, decrypted').catch(async (e: unknown) => {
        if (process.env.PLENARY_E2E_DEBUG) console.info(JSON.stringify(await ana.events(roomId)).slice(0, 3000));
        throw e;
      });
      expect(textOf(hello)).toContain('!assembly setup');

      const setup = await ana.command(roomId, '!assembly setup "Crypto Co-op"', bot);
      expect(textOf(setup)).toContain('is now an assembly');
      await ana.invite(roomId, ben.id);
      await ben.join(roomId);
      expect(textOf(await ben.command(roomId, '!join', bot))).toContain('Welcome');

      expect(textOf(await ana.command(roomId, '!motion propose "Buy a shared freezer"', bot))).toContain('moved');
      const poll = await ana.waitFor(roomId, isPollStart, 'the poll, decrypted');
      await ben.answerPoll(roomId, poll.event_id, ['yes']);
      expect((await ballotEvents(h, 1)).map((b) => b.type)).toEqual(['ballot.cast']);

      // A restart: the same device, its keys from the store file, and it still reads the room.
      await h.stopProcess();
      await ana.say(roomId, 'the vault code is 4711, just between us');
      await h.startProcess();
      expect(h.adapter.deviceId).toBe(device);
      const devices = await new MatrixTestUser(url, botAccount).request<{ devices: { device_id: string }[] }>('GET', '/devices');
      expect(devices.devices.map((d) => d.device_id)).toEqual([device]);
      await ana.answerPoll(roomId, poll.event_id, ['no'], 'stable');
      expect((await ballotEvents(h, 2)).map((b) => b.type)).toEqual(['ballot.cast', 'ballot.cast']);

      // A secret ballot in an encrypted DM the member opens.
      expect(textOf(await ana.command(roomId, '!motion propose "Elect the treasurer" --secret', bot))).toContain('moved');
      await ana.waitFor(roomId, fromBot(bot, 'Motion #2 is open'), 'the secret motion');
      const dm = await ben.createEncryptedRoom({ invite: [bot], isDirect: true, name: 'ben and plenary' });
      await ben.waitFor(dm, (e) => e.type === 'm.room.member' && e.state_key === bot && e.content.membership === 'join', 'the bot joining the DM');
      expect(textOf(await ben.command(dm, '!vote "Crypto Co-op#2" yes', bot))).toContain('Vote recorded on motion #2');

      await h.closeDue();
      const result = (n: number) => (e: SeenEvent) => e.sender === bot && e.type === 'm.room.message' && new RegExp(`Motion #${String(n)} (passed|failed)`).test(textOf(e));
      expect(textOf(await ana.waitFor(roomId, result(1), 'the result of motion 1'))).toContain('Yes 1 · No 1');
      const secretResult = await ana.waitFor(roomId, result(2), 'the result of motion 2');
      expect(textOf(secretResult)).toContain('Yes 1 · No 0');

      // A late poll answer: the bot tells ana privately, in a DM it opens, encrypted.
      await ana.answerPoll(roomId, poll.event_id, ['yes']);
      const botDm = await ana.acceptInvitesFrom(bot);
      expect(ana.client.getRoom(botDm)?.hasEncryptionStateEvent()).toBe(true);
      await ana.waitFor(botDm, fromBot(bot, 'Voting has closed'), 'the late-vote notice, decrypted');

      // On the wire, everything people and the bot said in the room is ciphertext.
      const wire = await new MatrixTestUser(url, botAccount).events(roomId, 500);
      const messages = wire.filter((e) => e.state_key === undefined);
      expect(messages.length).toBeGreaterThan(10);
      expect(messages.filter((e) => e.type !== 'm.room.encrypted').map((e) => e.type)).toEqual([]);
      const logged = JSON.stringify(h.log.lines);
      for (const plain of ['4711', 'Buy a shared freezer', 'Elect the treasurer']) expect(logged).not.toContain(plain);
      expect(logged).not.toContain('Crypto Co-op#2" yes');
      expect(h.errors()).toEqual([]);
    } finally {
      debugDump(h);
      await h.stop();
    }
  });

  it('THEN a member whose client withholds keys from unverified devices is told "I could not read your message"', { timeout: 120_000 }, async () => {
    const botAccount = await registerWithSharedSecret(url, secret, `plenary-e2ee-${suffix()}`);
    dir ||= await mkdtemp(join(tmpdir(), 'plenary-e2ee-'));
    const h = await MatrixBotHarness.start({ homeserverUrl: url, bot: botAccount, e2eeStorePath: join(dir, 'crypto-2.bin'), e2eeKeyGraceMs: 1500 });
    try {
      const cy = await human('cy');
      const roomId = await cy.createEncryptedRoom({ invite: [h.userId] });
      await cy.waitFor(roomId, (e) => e.type === 'm.room.member' && e.state_key === h.userId && e.content.membership === 'join', 'the bot joining');
      const crypto = cy.client.getCrypto();
      if (!crypto) throw new Error('no crypto');
      crypto.globalBlacklistUnverifiedDevices = true;
      const said = await cy.say(roomId, '!help');
      const notice = await cy.replyTo(roomId, said, h.userId, 30_000);
      expect(textOf(notice)).toContain('I could not read your message: your device did not send its message key to my device');
      expect(h.errors()).toEqual([]);
    } finally {
      await h.stop();
    }
  });
});
