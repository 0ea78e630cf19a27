import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MatrixAdapter } from '../../../src/adapters/matrix/matrix-adapter.js';
import { openMatrix, type MatrixConfig } from '../../../src/bots/matrix.js';
import { commandTable } from '../../../src/core/commands/table.js';
import { FakeClock } from '../../../src/core/ports/clock.port.js';
import { closeDueMotions } from '../../../src/core/services/closing.service.js';
import { createCore } from '../../../src/core/services/create-core.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { recordingLog } from '../../support/matrix-bot-harness.js';
import { MatrixHomeserverDouble } from '../../support/matrix-homeserver-double.js';
import { isPollEnd, isPollStart } from '../../support/matrix-scenario.js';
import { inReplyTo, MatrixTestUser } from '../../support/matrix-test-user.js';

let double: MatrixHomeserverDouble;
let dataDir: string;

beforeAll(async () => {
  double = await MatrixHomeserverDouble.start();
  dataDir = await mkdtemp(join(tmpdir(), 'plenary-matrix-'));
});
afterAll(async () => {
  await double.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('GIVEN the Matrix composition root with a password and a data directory', () => {
  it('THEN it logs in, keeps its place in files, and a new process resumes without replaying or missing anything', async () => {
    const bot = double.register('plenary-root');
    const ana = new MatrixTestUser(double.url, double.register('ana-root'));
    const config: MatrixConfig = { MATRIX_HOMESERVER_URL: double.url, MATRIX_ACCESS_TOKEN: undefined, MATRIX_USER_ID: bot.userId, MATRIX_PASSWORD: 'pass', MATRIX_COMMAND_PREFIX: '!', PLENARY_DATA_DIR: dataDir };
    const store = new FakeStore();
    const clock = new FakeClock(new Date());
    const log = recordingLog();
    const open = async (): Promise<{ m: MatrixAdapter; core: ReturnType<typeof createCore> }> => {
      const m = await openMatrix(config, log, { table: commandTable() });
      if (!m) throw new Error('Matrix is configured');
      const core = createCore({ store, clock, log, senders: new Map([['matrix', m.sender]]) });
      m.start(core);
      return { m, core };
    };

    let p = await open();
    expect(p.m.userId).toBe(bot.userId);
    const roomId = await ana.createRoom();
    await ana.invite(roomId, bot.userId);
    await ana.waitFor(roomId, (e) => e.type === 'm.room.member' && e.state_key === bot.userId && e.content.membership === 'join', 'the bot joining');
    await ana.setPowerLevel(roomId, bot.userId, 100);
    const setup = await ana.say(roomId, '!assembly setup "Root Street"');
    await ana.replyTo(roomId, setup, bot.userId);
    await ana.command(roomId, '!motion propose "Fix the gate"', bot.userId);
    const poll = await ana.waitFor(roomId, isPollStart, 'the poll');
    await p.m.stop();

    const files = await readdir(dataDir);
    const syncFile = files.find((f) => f.startsWith('matrix-sync-'));
    expect(syncFile).toBeDefined();
    expect(JSON.parse(await readFile(join(dataDir, syncFile!), 'utf8'))).toMatchObject({ account: `${bot.userId} ${double.url}`, since: expect.stringMatching(/^s\d+$/) as unknown });
    expect(files.some((f) => f.startsWith('matrix-messages-'))).toBe(true);

    const asked = await ana.say(roomId, '!motion list');
    p = await open();
    await ana.replyTo(roomId, asked, bot.userId);
    await new Promise((r) => setTimeout(r, 300));
    const events = await ana.events(roomId);
    expect(events.filter((e) => inReplyTo(e) === setup)).toHaveLength(1);
    expect(events.filter((e) => inReplyTo(e) === asked)).toHaveLength(1);

    clock.advance(24 * 91 * 3_600_000);
    await closeDueMotions(p.core);
    await ana.waitFor(roomId, (e) => isPollEnd(e) && (e.content['m.relates_to'] as { event_id?: string }).event_id === poll.event_id, 'the poll end from the new process');
    await p.m.stop();
    expect(log.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('THEN nothing is opened without a homeserver, and a token of another account is refused', async () => {
    const base: MatrixConfig = { MATRIX_HOMESERVER_URL: undefined, MATRIX_ACCESS_TOKEN: undefined, MATRIX_USER_ID: undefined, MATRIX_PASSWORD: undefined, MATRIX_COMMAND_PREFIX: '!', PLENARY_DATA_DIR: dataDir };
    expect(await openMatrix(base, recordingLog(), { table: commandTable() })).toBeNull();
    const other = double.register('someone-else');
    const wrong = { ...base, MATRIX_HOMESERVER_URL: double.url, MATRIX_ACCESS_TOKEN: other.accessToken, MATRIX_USER_ID: '@plenary:localhost' };
    await expect(openMatrix(wrong, recordingLog(), { table: commandTable() })).rejects.toThrow(/belongs to @someone-else/);
    await expect(openMatrix({ ...base, MATRIX_HOMESERVER_URL: double.url, MATRIX_ACCESS_TOKEN: 'x', MATRIX_AUTOJOIN: 'what?' }, recordingLog(), { table: commandTable() })).rejects.toThrow(/MATRIX_AUTOJOIN/);
  });
});
