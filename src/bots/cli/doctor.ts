import { Redis } from 'ioredis';
import { lockHolder } from '../../adapters/persistence/data-dir-lock.js';
import { openDatabase, type Database } from '../../adapters/persistence/database.js';
import { missingDatabaseHint } from '../../adapters/persistence/pg-errors.js';
import { describeAutojoin, parseAutojoinPolicy } from '../../adapters/matrix/autojoin-policy.js';
import { serverOf } from '../../adapters/matrix/matrix-events.js';
import { CryptoStoreFile } from '../../adapters/matrix/crypto/crypto-store-file.js';
import type { Logger } from '../../core/ports/logger.port.js';
import { accountTag, cryptoStorePath } from '../matrix.js';
import { redactText, secretsOf } from '../../core/shared/redact.js';
import type { Config } from '../config.js';
import { keyFileOf } from './federation.js';

export interface Check {
  readonly name: string;
  /** `warn`: worth a look, not a failure (the exit code stays 0). */
  readonly status: 'ok' | 'fail' | 'skip' | 'warn';
  readonly detail: string;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Rooms that refuse the bot's messages (core services/room-health.ts): each is skipped until fixed. */
async function checkRooms(db: Database): Promise<Check> {
  const rows = await db.sql.withSession((s) => s.query<{ platform: string; room_id: string; reason: string; detail: string }>(`SELECT platform::text AS platform, room_id, reason, detail FROM room_fault ORDER BY since LIMIT 6`));
  if (rows.length === 0) return { name: 'Rooms', status: 'ok', detail: 'every room takes the bot’s messages' };
  const shown = rows.slice(0, 5).map((r) => `${r.platform} ${r.room_id} ${r.reason} (${r.detail})`).join('; ');
  return { name: 'Rooms', status: 'warn', detail: `${rows.length > 5 ? 'more than 5' : rows.length} room(s) refuse the bot’s messages and are skipped until fixed: ${shown}. \`access status\` in the assembly's rooms says more.` };
}

async function checkDatabase(config: Config, log: Logger): Promise<Check[]> {
  const [db, rooms] = await checkDatabaseAndRooms(config, log);
  return rooms ? [db, rooms] : [db];
}

async function checkDatabaseAndRooms(config: Config, log: Logger): Promise<[Check, Check?]> {
  const name = config.DATABASE_URL ? 'PostgreSQL' : 'Embedded database';
  if (!config.DATABASE_URL) {
    // Opening it would be refused anyway (one process per folder): say who has it rather than try.
    const holder = await lockHolder(config.PLENARY_DATA_DIR).catch(() => undefined);
    if (holder) return [{ name, status: 'ok', detail: `${config.PLENARY_DATA_DIR}: in use by pid ${holder.pid} (${holder.command}, since ${holder.since}), so not opened here; stop it to check the schema` }];
  }
  try {
    const db = await openDatabase({ ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}), dataDir: config.PLENARY_DATA_DIR, log, migrateOnOpen: false });
    try {
      const pending = await db.pendingMigrations();
      const where = db.kind === 'pglite' ? config.PLENARY_DATA_DIR : redactUrl(config.DATABASE_URL ?? '');
      if (pending.length === 0) return [{ name, status: 'ok', detail: `${where}: reachable, schema up to date` }, await checkRooms(db)];
      // The embedded store (and PostgreSQL with PLENARY_MIGRATE_ON_START) is migrated by start itself: nothing to do yet.
      if (db.kind === 'pglite') return [{ name, status: 'ok', detail: `${where}: ${pending.length} migration(s) not yet applied; plenary start applies them itself (the embedded database always migrates on start)` }];
      if (config.PLENARY_MIGRATE_ON_START) return [{ name, status: 'ok', detail: `${where}: ${pending.length} migration(s) not yet applied; plenary start applies them (PLENARY_MIGRATE_ON_START)` }];
      return [{ name, status: 'fail', detail: `${where}: reachable, but ${pending.length} migration(s) are pending: run plenary migrate (or start with --migrate)` }];
    } finally {
      await db.close();
    }
  } catch (e) {
    const hint = missingDatabaseHint(e, config.DATABASE_URL);
    return [{ name, status: 'fail', detail: hint ? `${message(e)}. ${hint}` : message(e) }];
  }
}

async function checkRedis(config: Config): Promise<Check> {
  if (!config.REDIS_URL) return { name: 'Queue', status: 'ok', detail: 'in-process queue (no REDIS_URL): fine for one machine' };
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const pong = await redis.ping();
    const info = await redis.info('server');
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
    return { name: 'Redis', status: 'ok', detail: `${redactUrl(config.REDIS_URL)}: ${pong}, Redis ${version}` };
  } catch (e) {
    return { name: 'Redis', status: 'fail', detail: `${redactUrl(config.REDIS_URL)}: ${message(e)}` };
  } finally {
    redis.disconnect();
  }
}

async function fetchJson(url: string, headers: Record<string, string>): Promise<{ status: number; body: Record<string, string | number | undefined> }> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(5000) });
  const raw = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  // Only scalar fields are read; anything else is dropped rather than stringified.
  const body = Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string' || typeof v === 'number')) as Record<string, string | number | undefined>;
  return { status: res.status, body };
}

// Plenary connects with the Guilds intent only (interactions, channels, roles): no privileged intent is needed.
async function checkDiscord(config: Config): Promise<Check> {
  if (!config.DISCORD_TOKEN) return { name: 'Discord', status: 'skip', detail: 'not configured (DISCORD_TOKEN)' };
  try {
    const r = await fetchJson('https://discord.com/api/v10/applications/@me', { Authorization: `Bot ${config.DISCORD_TOKEN}` });
    if (r.status === 401) return { name: 'Discord', status: 'fail', detail: 'the token was refused (401): copy it again from the Developer Portal, Bot page' };
    if (r.status !== 200) return { name: 'Discord', status: 'fail', detail: `unexpected answer ${r.status}` };
    const id = String(r.body.id ?? '');
    if (config.DISCORD_APPLICATION_ID && id !== config.DISCORD_APPLICATION_ID) return { name: 'Discord', status: 'fail', detail: `the token belongs to application ${id}, not DISCORD_APPLICATION_ID ${config.DISCORD_APPLICATION_ID}` };
    const gateway = await fetchJson('https://discord.com/api/v10/gateway/bot', { Authorization: `Bot ${config.DISCORD_TOKEN}` });
    if (gateway.status !== 200) return { name: 'Discord', status: 'fail', detail: `the gateway refused the token (${gateway.status})` };
    return { name: 'Discord', status: 'ok', detail: `application ${String(r.body.name ?? id)}; gateway reachable (intent: Guilds only, no privileged intent needed); ${String(gateway.body.shards ?? '?')} shard(s) recommended` };
  } catch (e) {
    return { name: 'Discord', status: 'fail', detail: message(e) };
  }
}

async function checkMatrix(config: Config): Promise<Check> {
  if (!config.MATRIX_HOMESERVER_URL) return { name: 'Matrix', status: 'skip', detail: 'not configured (MATRIX_HOMESERVER_URL)' };
  if (!config.MATRIX_ACCESS_TOKEN) return { name: 'Matrix', status: 'skip', detail: 'password login is checked when the bot starts' };
  const base = config.MATRIX_HOMESERVER_URL.replace(/\/+$/, '');
  const auth = { Authorization: `Bearer ${config.MATRIX_ACCESS_TOKEN}` };
  try {
    const who = await fetchJson(`${base}/_matrix/client/v3/account/whoami`, auth);
    if (who.status !== 200) return { name: 'Matrix', status: 'fail', detail: `whoami answered ${who.status} ${String(who.body.errcode ?? '')}: check MATRIX_ACCESS_TOKEN` };
    const user = String(who.body.user_id ?? '?');
    if (config.MATRIX_USER_ID && user !== config.MATRIX_USER_ID) return { name: 'Matrix', status: 'fail', detail: `the token belongs to ${user}, not MATRIX_USER_ID ${config.MATRIX_USER_ID}` };
    const sync = await fetchJson(`${base}/_matrix/client/v3/sync?timeout=0&filter=${encodeURIComponent('{"room":{"timeline":{"limit":1}}}')}`, auth);
    return { name: 'Matrix', status: sync.status === 200 ? 'ok' : 'fail', detail: `logged in as ${user}; sync ${sync.status === 200 ? 'works' : `answered ${sync.status}`}` };
  } catch (e) {
    return { name: 'Matrix', status: 'fail', detail: message(e) };
  }
}

/** End-to-end encryption: on or off, the device it runs as, and whether its crypto store file reads back whole. */
async function checkE2ee(config: Config): Promise<Check> {
  const name = 'Matrix encryption';
  if (!config.MATRIX_HOMESERVER_URL) return { name, status: 'skip', detail: 'Matrix not configured' };
  if (config.MATRIX_APPSERVICE_REGISTRATION) return { name, status: 'skip', detail: 'off in application-service mode (no device)' };
  if (!config.MATRIX_E2EE) return { name, status: 'skip', detail: 'off (MATRIX_E2EE=off)' };
  if (!config.MATRIX_ACCESS_TOKEN) return { name, status: 'skip', detail: 'on; the device is known after the password login at start' };
  const base = config.MATRIX_HOMESERVER_URL.replace(/\/+$/, '');
  try {
    const who = await fetchJson(`${base}/_matrix/client/v3/account/whoami`, { Authorization: `Bearer ${config.MATRIX_ACCESS_TOKEN}` });
    const device = who.body.device_id;
    if (who.status !== 200) return { name, status: 'skip', detail: 'whoami failed (see Matrix)' };
    if (typeof device !== 'string') return { name, status: 'fail', detail: 'on, but the homeserver names no device for this access token: use a token from a login, or MATRIX_E2EE=off' };
    const path = cryptoStorePath(config.PLENARY_DATA_DIR, accountTag(String(who.body.user_id), base), device);
    const store = await new CryptoStoreFile(path).read();
    return { name, status: 'ok', detail: store ? `on, device ${device}; crypto store ${path} reads back whole` : `on, device ${device}; the crypto store ${path} is created at the first start (a device whose keys are already on the server needs its old file, see README)` };
  } catch (e) {
    return { name, status: 'fail', detail: message(e) };
  }
}

const redactUrl = (u: string): string => redactText(u);

/** Which invitations the Matrix bot will accept: shown so an operator knows who can pull it into rooms. */
function checkInvites(config: Config): Check {
  if (!config.MATRIX_HOMESERVER_URL) return { name: 'Matrix invites', status: 'skip', detail: 'Matrix not configured' };
  const policy = parseAutojoinPolicy(config.MATRIX_AUTOJOIN);
  if (!policy.ok) return { name: 'Matrix invites', status: 'fail', detail: policy.error.message };
  return { name: 'Matrix invites', status: 'ok', detail: describeAutojoin(policy.value, config.MATRIX_USER_ID ? serverOf(config.MATRIX_USER_ID) : undefined) };
}

/** The deployment id and key peers know this deployment by (the key file is created at the first start, not here). */
function checkFederation(config: Config): Check {
  const file = keyFileOf(config);
  try {
    const keys = file.read();
    if (!keys) return { name: 'Federation', status: 'ok', detail: `no deployment key yet: the first start creates ${file.path}` };
    const account = config.PLENARY_FEDERATION_MATRIX_USER_ID ? `carried by ${config.PLENARY_FEDERATION_MATRIX_USER_ID}` : 'no federation account (PLENARY_FEDERATION_MATRIX_USER_ID): the carrier is off';
    return { name: 'Federation', status: 'ok', detail: `deployment ${keys.deployment}, key ${keys.current.keyId} (${file.path}); ${account}` };
  } catch (e) {
    return { name: 'Federation', status: 'fail', detail: message(e) };
  }
}

/** `/admin`: served only with PLENARY_ADMIN_TOKEN; what it shows depends on the queue. */
function checkAdmin(config: Config): Check {
  if (config.PLENARY_WEB === 'off') return { name: 'Queue dashboard', status: 'skip', detail: 'the web view is off (PLENARY_WEB=off)' };
  if (!config.PLENARY_ADMIN_TOKEN) return { name: 'Queue dashboard', status: 'skip', detail: '/admin is not served: set PLENARY_ADMIN_TOKEN (32+ characters) to turn it on' };
  return { name: 'Queue dashboard', status: 'ok', detail: config.REDIS_URL ? '/admin: bull-board over the BullMQ lanes, for PLENARY_ADMIN_TOKEN' : '/admin: the in-process queue per lane (no REDIS_URL, so no bull-board), for PLENARY_ADMIN_TOKEN' };
}

/** The deployment's default language: what rooms no assembly speaks for yet hear. */
function checkLanguage(config: Config): Check {
  const lang = config.PLENARY_DEFAULT_LANGUAGE;
  return { name: 'Language', status: 'ok', detail: `${lang ? `PLENARY_DEFAULT_LANGUAGE ${lang}` : 'English (PLENARY_DEFAULT_LANGUAGE unset)'} in rooms that are not yet an assembly (the Matrix greeting); each assembly speaks its own (\`assembly policy language\`), personal replies the member's` };
}

/** `plenary doctor`: a readable report; non-zero exit when any check fails. */
export async function runDoctor(config: Config, log: Logger, out: { write(s: string): unknown }, envFile?: string): Promise<number> {
  const checks = [...(envFile === undefined ? [] : [{ name: 'Configuration', status: 'ok', detail: envFile } satisfies Check]), ...(await Promise.all([checkDatabase(config, log), checkRedis(config), checkDiscord(config), checkMatrix(config), checkE2ee(config)])).flat(), checkInvites(config), checkLanguage(config), checkFederation(config), checkAdmin(config)];
  // Error texts come from drivers and servers; none of them may print a password or token here.
  const secrets = secretsOf(config);
  out.write('Plenary doctor\n');
  for (const c of checks) out.write(`  ${c.status === 'ok' ? '✔' : c.status === 'skip' ? '–' : c.status === 'warn' ? '!' : '✖'} ${c.name.padEnd(18)} ${redactText(c.detail, secrets)}\n`);
  const failed = checks.filter((c) => c.status === 'fail').length;
  out.write(failed === 0 ? 'All good.\n' : `${failed} problem(s) found.\n`);
  return failed === 0 ? 0 : 1;
}
