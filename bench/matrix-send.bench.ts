/**
 * tsx bench/matrix-send.bench.ts — messages per second the Matrix bot gets
 * into N rooms on a real Synapse with its DEFAULT message rate limit
 * (rc_message 0.2/s, burst 10), as an ordinary user with an access token and
 * as an application service (rate_limited: false). Both send through the
 * bot's own client (SdkMatrixApi: transaction ids, waiting out 429s as the
 * server asks). Starts a Synapse of its own with the shared peer script
 * (PLENARY_SYNAPSE_SH, default ../shared/peers/synapse/synapse.sh) on --port
 * (default 18205), stops it at the end. Writes bench/results/matrix-send.json.
 *
 * Options: --rooms N (default 10), --token-messages N (default 30),
 * --as-messages N (default 500), --concurrency N (default 10).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { newRegistration, registrationFile } from '../src/adapters/matrix/appservice-registration.js';
import { defaultRetryPolicy } from '../src/adapters/matrix/rate-limit.js';
import { SdkMatrixApi } from '../src/adapters/matrix/sdk-matrix-api.js';
import { silentLogger } from '../src/core/ports/logger.port.js';
import { registerWithSharedSecret } from '../test/support/matrix-synapse-accounts.js';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const PORT = arg('port', 18205);
const ROOMS = arg('rooms', 10);
const TOKEN_MESSAGES = arg('token-messages', 30);
const AS_MESSAGES = arg('as-messages', 500);
const CONCURRENCY = arg('concurrency', 10);
const url = `http://127.0.0.1:${String(PORT)}`;
const script = [process.env.PLENARY_SYNAPSE_SH ?? '', resolve(import.meta.dirname, '../../shared/peers/synapse/synapse.sh'), '/work/shared/peers/synapse/synapse.sh'].find((p) => p !== '' && existsSync(p));
if (!script) throw new Error('the Synapse peer script is not there: set PLENARY_SYNAPSE_SH');

const dir = mkdtempSync(join(tmpdir(), 'plenary-bench-matrix-'));
const env = { ...process.env, SYNAPSE_HOME: join(dir, 'synapse'), SYNAPSE_EXTRA_CONFIG: join(dir, 'extra.yaml') };
const synapse = (cmd: string): Promise<void> =>
  new Promise((done, fail) => spawn('bash', [script, cmd, String(PORT)], { env, stdio: 'ignore' }).on('exit', (c) => (c === 0 ? done() : fail(new Error(`synapse.sh ${cmd} exited ${String(c)}`)))));

const registration = newRegistration({ url: 'http://127.0.0.1:9', serverName: 'localhost', localpart: 'plenary-bench-as' });
writeFileSync(join(dir, 'registration.yaml'), registrationFile(registration));
// Synapse's defaults for ordinary users' messages (synapse.sh raises them for tests; the benchmark puts them back).
writeFileSync(join(dir, 'extra.yaml'), `app_service_config_files:\n  - ${join(dir, 'registration.yaml')}\nrc_message:\n  per_second: 0.2\n  burst_count: 10\n`);

async function sendAll(api: SdkMatrixApi, rooms: readonly string[], messages: number, tag: string): Promise<{ messages: number; seconds: number; perSecond: number }> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let n = next++; n < messages; n = next++) {
        await api.sendEvent(rooms[n % rooms.length]!, 'm.room.message', { msgtype: 'm.notice', body: `${tag} ${String(n)}` }, `${tag}-${String(n)}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { messages, seconds: Number(seconds.toFixed(2)), perSecond: Number((messages / seconds).toFixed(2)) };
}

try {
  await synapse('start');
  const retry = { ...defaultRetryPolicy, maxAttempts: 1000, maxWaitMs: 60_000 };
  const as = new SdkMatrixApi({ homeserverUrl: url, accessToken: registration.as_token, userId: '@plenary-bench-as:localhost', log: silentLogger, retry });
  const user = await registerWithSharedSecret(url, 'test-shared-secret', `plenary-bench-${Date.now().toString(36)}`);
  const token = new SdkMatrixApi({ homeserverUrl: url, accessToken: user.accessToken, userId: user.userId, log: silentLogger, retry });
  // The application service makes the rooms (no limit on it) and invites the token bot, which joins.
  const rooms: string[] = [];
  for (let i = 0; i < ROOMS; i++) {
    const r = await as.client.createRoom({ preset: 'public_chat' as never, invite: [user.userId] });
    await token.join(r.room_id);
    rooms.push(r.room_id);
  }
  const tokenRun = await sendAll(token, rooms, TOKEN_MESSAGES, 'token');
  const asRun = await sendAll(as, rooms, AS_MESSAGES, 'as');
  const result = { synapse: '1.67.0', rcMessage: { perSecond: 0.2, burst: 10 }, rooms: ROOMS, concurrency: CONCURRENCY, accessToken: tokenRun, appservice: asRun, ratio: Number((asRun.perSecond / tokenRun.perSecond).toFixed(1)) };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync(resolve(import.meta.dirname, 'results'), { recursive: true });
  writeFileSync(resolve(import.meta.dirname, 'results/matrix-send.json'), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await synapse('stop').catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
}
