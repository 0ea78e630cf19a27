import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { parseRegistration } from '../adapters/matrix/appservice-registration.js';
import { describeAutojoin, parseAutojoinPolicy } from '../adapters/matrix/autojoin-policy.js';
import { serverOf } from '../adapters/matrix/matrix-events.js';
import { JsonFileMessageLog } from '../adapters/matrix/file-message-log.js';
import { MatrixAdapter } from '../adapters/matrix/matrix-adapter.js';
import { openMatrixSession } from '../adapters/matrix/matrix-login.js';
import { routeSdkGlobalLogging } from '../adapters/matrix/sdk-logger.js';
import { JsonFileSyncCheckpointStore } from '../adapters/matrix/sync-checkpoint.js';
import { isAlive } from '../adapters/persistence/data-dir-lock.js';
import type { CommandSpec } from '../core/commands/command.js';
import type { Logger } from '../core/ports/logger.port.js';
import type { MessageLog } from '../core/ports/message-log.port.js';
import { parseListen, type Config } from './config.js';
import { newRequestId } from './logger.js';

/** The settings the Matrix bot reads; MATRIX_AUTOJOIN is optional until the config schema carries it. */
export type MatrixConfig = Pick<Config, 'MATRIX_HOMESERVER_URL' | 'MATRIX_ACCESS_TOKEN' | 'MATRIX_USER_ID' | 'MATRIX_PASSWORD' | 'MATRIX_COMMAND_PREFIX' | 'PLENARY_DATA_DIR'> & Partial<Pick<Config, 'PLENARY_DEFAULT_LANGUAGE'>> & {
  readonly MATRIX_APPSERVICE_REGISTRATION?: string | undefined;
  /** host:port the appservice listener binds (default: the registration url's). */
  readonly MATRIX_APPSERVICE_LISTEN?: string | undefined;
  readonly MATRIX_AUTOJOIN?: string | undefined;
  readonly MATRIX_IGNORE_USERS?: ReadonlySet<string>;
  /** End-to-end encryption in sync mode (default true; an appservice has none). */
  readonly MATRIX_E2EE?: boolean;
};

/** Names the account's files in the data directory (two bots can share the directory). */
export const accountTag = (userId: string, homeserverUrl: string): string => createHash('sha256').update(`${userId} ${homeserverUrl}`).digest('hex').slice(0, 12);

/** Where the crypto store of an account's device lives: one file per account and device (a new device starts a new store). */
export const cryptoStorePath = (dataDir: string, tag: string, deviceId: string): string => join(dataDir, `matrix-crypto-${tag}-${deviceId.replace(/[^A-Za-z0-9_-]/g, '_')}.bin`);

export interface OpenMatrixOptions {
  readonly table: readonly CommandSpec[];
  /** A database-backed MessageLog when the persistence adapter offers one; otherwise a JSON file. */
  readonly messageLog?: MessageLog;
}

/**
 * The Matrix composition root. Logs in (access token, or user id and
 * password), and keeps the sync position and poll references as JSON files
 * under PLENARY_DATA_DIR, named after the account so two bots can share the
 * directory. Claims the account (one process per bot account; AccountInUseError
 * names the holder otherwise). Returns null when Matrix is not configured.
 *
 * Use: `const m = await openMatrix(config, log, { table })`, pass `m.sender`
 * to `openRuntime`, then `m.start(runtime.core)`; on shutdown `m.stop()`.
 */
export async function openMatrix(config: MatrixConfig, log: Logger, o: OpenMatrixOptions): Promise<MatrixAdapter | null> {
  if (!config.MATRIX_HOMESERVER_URL) return null;
  routeSdkGlobalLogging(log.child({ platform: 'matrix' }));
  const autojoin = parseAutojoinPolicy(config.MATRIX_AUTOJOIN);
  if (!autojoin.ok) throw new Error(autojoin.error.message);
  // An application service acts with its as_token (whoami names its sender) and listens where its registration says.
  const registration = config.MATRIX_APPSERVICE_REGISTRATION ? parseRegistration(readFileSync(config.MATRIX_APPSERVICE_REGISTRATION, 'utf8'), config.MATRIX_APPSERVICE_REGISTRATION) : null;
  const listen = registration ? appserviceListen(registration.url, config.MATRIX_APPSERVICE_LISTEN) : null;
  const session = await openMatrixSession(
    registration
      ? { homeserverUrl: config.MATRIX_HOMESERVER_URL, accessToken: registration.as_token }
      : { homeserverUrl: config.MATRIX_HOMESERVER_URL, accessToken: config.MATRIX_ACCESS_TOKEN, userId: config.MATRIX_USER_ID, password: config.MATRIX_PASSWORD },
    log,
  );
  log.info({ userId: session.userId, invitations: describeAutojoin(autojoin.value, serverOf(session.userId)), ignoring: [...(config.MATRIX_IGNORE_USERS ?? [])] }, 'Matrix invitation policy');
  const account = `${session.userId} ${session.homeserverUrl}`;
  const tag = accountTag(session.userId, session.homeserverUrl);
  const e2ee = !registration && config.MATRIX_E2EE !== false;
  if (e2ee && !session.deviceId) throw new Error('MATRIX_E2EE is on but the homeserver names no device for this access token; use a token from a login, or set MATRIX_E2EE=off');
  const adapter = new MatrixAdapter({
    session,
    checkpoints: new JsonFileSyncCheckpointStore(join(config.PLENARY_DATA_DIR, `matrix-sync-${tag}.json`), account),
    messageLog: o.messageLog ?? new JsonFileMessageLog(join(config.PLENARY_DATA_DIR, `matrix-messages-${tag}.json`)),
    table: o.table,
    prefix: config.MATRIX_COMMAND_PREFIX,
    autojoin: autojoin.value,
    ...(config.PLENARY_DEFAULT_LANGUAGE ? { defaultLanguage: config.PLENARY_DEFAULT_LANGUAGE } : {}),
    ...(config.MATRIX_IGNORE_USERS ? { ignoreUsers: config.MATRIX_IGNORE_USERS } : {}),
    log,
    newRequestId,
    ...(e2ee && session.deviceId ? { e2ee: { storePath: cryptoStorePath(config.PLENARY_DATA_DIR, tag, session.deviceId) } } : {}),
    ...(registration && listen ? { appservice: { hsToken: registration.hs_token, host: listen.host, port: listen.port } } : {}),
  });
  // Before anything is answered: a second process on the account would answer every command twice.
  await adapter.claimAccount({ host: hostname(), pid: process.pid, isAlive: (h) => isAlive({ pid: h.pid, host: h.host, command: 'plenary', since: h.since }) });
  // After the claim: the crypto store file, like the account, is one process's.
  await adapter.openE2ee();
  return adapter;
}

/**
 * Where the appservice listener binds: MATRIX_APPSERVICE_LISTEN when set (the
 * registration's url is where the homeserver reaches the bot, which behind a
 * proxy or in a container is not the address to bind), else that url's host
 * and port.
 */
export function appserviceListen(registrationUrl: string, listen: string | undefined): { readonly host: string; readonly port: number } {
  const given = listen === undefined ? null : parseListen(listen);
  if (given) return given;
  const url = new URL(registrationUrl);
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)) };
}
