import { createClient } from 'matrix-js-sdk';
import type { Logger } from '../../core/ports/logger.port.js';
import { defaultRetryPolicy, withRetries } from './rate-limit.js';
import { sdkLogger } from './sdk-logger.js';

export interface MatrixCredentials {
  readonly homeserverUrl: string;
  readonly accessToken?: string | undefined;
  readonly userId?: string | undefined;
  readonly password?: string | undefined;
  /** Reused on every password login so restarts do not pile up devices on the account. */
  readonly deviceId?: string;
}

export interface MatrixSession {
  readonly homeserverUrl: string;
  readonly accessToken: string;
  readonly userId: string;
  /** The device the access token belongs to (whoami or login); end-to-end encryption keys live on it. Absent for an appservice's as_token. */
  readonly deviceId?: string;
}

/**
 * Turns configuration into a session: an access token is checked with
 * whoami (and must belong to MATRIX_USER_ID when both are set); otherwise
 * the bot logs in with user id and password.
 */
export async function openMatrixSession(c: MatrixCredentials, log: Logger): Promise<MatrixSession> {
  const homeserverUrl = c.homeserverUrl.replace(/\/+$/, '');
  if (c.accessToken) {
    const client = createClient({ baseUrl: homeserverUrl, accessToken: c.accessToken, logger: sdkLogger(log) });
    const who = await withRetries('whoami', true, () => client.whoami(), defaultRetryPolicy, log);
    if (c.userId && who.user_id !== c.userId) throw new Error(`MATRIX_ACCESS_TOKEN belongs to ${who.user_id}, not MATRIX_USER_ID ${c.userId}`);
    return { homeserverUrl, accessToken: c.accessToken, userId: who.user_id, ...(who.device_id ? { deviceId: who.device_id } : {}) };
  }
  if (!c.userId || !c.password) throw new Error('Matrix needs MATRIX_ACCESS_TOKEN, or MATRIX_USER_ID and MATRIX_PASSWORD');
  const client = createClient({ baseUrl: homeserverUrl, logger: sdkLogger(log) });
  const userId = c.userId;
  const password = c.password;
  const r = await withRetries(
    'login',
    false,
    () => client.loginRequest({ type: 'm.login.password', identifier: { type: 'm.id.user', user: userId }, password, device_id: c.deviceId ?? 'PLENARY', initial_device_display_name: 'Plenary bot' }),
    defaultRetryPolicy,
    log,
  );
  return { homeserverUrl, accessToken: r.access_token, userId: r.user_id, ...(r.device_id ? { deviceId: r.device_id } : {}) };
}
