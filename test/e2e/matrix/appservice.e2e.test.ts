import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRegistration, registrationFile, type AppserviceRegistration } from '../../../src/adapters/matrix/appservice-registration.js';
import type { MatrixAdapter } from '../../../src/adapters/matrix/matrix-adapter.js';
import { openMatrix } from '../../../src/bots/matrix.js';
import { commandTable } from '../../../src/core/commands/table.js';
import { FakeClock } from '../../../src/core/ports/clock.port.js';
import { createCore } from '../../../src/core/services/create-core.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { recordingLog } from '../../support/matrix-bot-harness.js';
import { registerWithSharedSecret } from '../../support/matrix-synapse-accounts.js';
import { matrixAbuseScenarios } from '../../support/matrix-abuse-suite.js';
import type { MatrixWorld } from '../../support/matrix-scenario.js';
import { matrixScenarios } from '../../support/matrix-suite.js';
import { inReplyTo, MatrixTestUser } from '../../support/matrix-test-user.js';

/**
 * The bot as an application service on a real Synapse: a Synapse of its own
 * (the shared peer script, PLENARY_SYNAPSE_SH or ../shared/peers) started with
 * the registration in app_service_config_files, on PLENARY_E2E_APPSERVICE_PORT
 * (default 18202), the bot's listener on the next port + 90. After its own
 * checks, the whole Synapse suite (matrix-suite, matrix-abuse-suite) runs
 * again with the bot in appservice mode.
 */
/** Runs the peer script to its exit; its server outlives it, holding inherited pipes open, so nothing waits on those. */
const run = (_bash: string, args: string[], o: { env: NodeJS.ProcessEnv }): Promise<void> =>
  new Promise((done, fail) => {
    const child = spawn('bash', args, { env: o.env, stdio: 'ignore' });
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`synapse.sh ${args.join(' ')} exited ${String(code)}`))));
  });
const script = [process.env.PLENARY_SYNAPSE_SH ?? '', resolve(import.meta.dirname, '../../../../shared/peers/synapse/synapse.sh'), '/work/shared/peers/synapse/synapse.sh'].find((p) => p !== '' && existsSync(p)) ?? '';
const wanted = process.env.PLENARY_E2E_APPSERVICE === '1' || Boolean(process.env.PLENARY_E2E_MATRIX_URL);
const skipReason = !wanted ? 'set PLENARY_E2E_APPSERVICE=1 (or PLENARY_E2E_MATRIX_URL) to start a Synapse for it' : script ? '' : 'the Synapse peer script is not there';
const port = Number(process.env.PLENARY_E2E_APPSERVICE_PORT ?? 18202);
const url = `http://127.0.0.1:${String(port)}`;

let dir = '';
let registration: AppserviceRegistration;
const env = (): NodeJS.ProcessEnv => ({ ...process.env, SYNAPSE_HOME: join(dir, 'synapse'), SYNAPSE_EXTRA_CONFIG: join(dir, 'extra.yaml') });

describe.skipIf(skipReason !== '')(`GIVEN the bot registered as an application service on Synapse${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  beforeAll(async () => {
    // A homeserver already there would not know this test's registration.
    const taken = await fetch(`${url}/_matrix/client/versions`).then(() => true, () => false);
    if (taken) throw new Error(`something already answers at ${url}; set PLENARY_E2E_APPSERVICE_PORT to a free port`);
    dir = await mkdtemp(join(tmpdir(), 'plenary-appservice-'));
    registration = newRegistration({ url: `http://127.0.0.1:${String(port + 90)}`, serverName: 'localhost', localpart: 'plenary-as' });
    await writeFile(join(dir, 'registration.yaml'), registrationFile(registration));
    await writeFile(join(dir, 'extra.yaml'), `app_service_config_files:\n  - ${join(dir, 'registration.yaml')}\n`);
    await run('bash', [script, 'start', String(port)], { env: env() });
  }, 240_000);
  afterAll(async () => {
    if (dir) await run('bash', [script, 'stop', String(port)], { env: env() }).catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('THEN it joins on invitation and answers commands from transactions, a repeated transaction once, a forged one not at all', { timeout: 120_000 }, async () => {
    await writeFile(join(dir, 'as-registration.json'), registrationFile(registration));
    const log = recordingLog();
    const m = (await openMatrix({ MATRIX_HOMESERVER_URL: url, MATRIX_ACCESS_TOKEN: undefined, MATRIX_USER_ID: undefined, MATRIX_PASSWORD: undefined, MATRIX_COMMAND_PREFIX: '!', PLENARY_DATA_DIR: join(dir, 'data'), MATRIX_APPSERVICE_REGISTRATION: join(dir, 'as-registration.json') }, log, { table: commandTable() })) as MatrixAdapter;
    try {
      expect(m.userId).toBe('@plenary-as:localhost');
      m.start(createCore({ store: new FakeStore(), clock: new FakeClock(new Date()), log, senders: new Map([['matrix', m.sender]]) }));
      const ana = new MatrixTestUser(url, await registerWithSharedSecret(url, 'test-shared-secret', `ana-as-${Date.now().toString(36)}`));
      const roomId = await ana.createRoom();
      await ana.invite(roomId, m.userId);
      await ana.waitFor(roomId, (e) => e.type === 'm.room.member' && e.state_key === m.userId && e.content.membership === 'join', 'the bot joining');
      const asked = await ana.say(roomId, '!help');
      await ana.waitFor(roomId, (e) => inReplyTo(e) === asked, 'the answer to help');

      // The homeserver sending the same transaction again (after a timeout, say) gets one answer.
      const listener = `${registration.url}/_matrix/app/v1/transactions/replayed-1`;
      const event = { type: 'm.room.message', room_id: roomId, sender: ana.id, event_id: `$replayed-${Date.now().toString(36)}`, origin_server_ts: Date.now(), content: { msgtype: 'm.text', body: '!motion list' } };
      const put = (token: string): Promise<Response> => fetch(listener, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ events: [event] }) });
      expect((await put('not-the-hs-token')).status).toBe(403);
      expect((await put(registration.hs_token)).status).toBe(200);
      expect((await put(registration.hs_token)).status).toBe(200);
      await ana.waitFor(roomId, (e) => inReplyTo(e) === event.event_id, 'the answer to the pushed command');
      await new Promise((r) => setTimeout(r, 500));
      expect((await ana.events(roomId)).filter((e) => inReplyTo(e) === event.event_id)).toHaveLength(1);
      expect(log.lines.filter((l) => l.level === 'error')).toEqual([]);
    } finally {
      await m.stop();
    }
  });

  describe('AND the scenarios of the Synapse suite, with the bot as the application service', () => {
    const world = (): MatrixWorld => ({
      url,
      register: (localpart) => registerWithSharedSecret(url, 'test-shared-secret', localpart),
      appservice: { bot: { userId: '@plenary-as:localhost', accessToken: registration.as_token }, hsToken: registration.hs_token, port: port + 90 },
    });
    matrixScenarios(world);
    matrixAbuseScenarios(world, { pushRules: true });
  });
});
