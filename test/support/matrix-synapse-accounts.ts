import { createHmac, randomBytes } from 'node:crypto';
import type { MatrixAccount } from './matrix-test-user.js';

/**
 * Registers throw-away users on a real Synapse through its shared-secret
 * admin API (`/_synapse/admin/v1/register`), so the suite needs nothing but
 * the homeserver URL and the `registration_shared_secret`.
 */
export async function registerWithSharedSecret(baseUrl: string, secret: string, username: string): Promise<MatrixAccount> {
  const url = `${baseUrl.replace(/\/+$/, '')}/_synapse/admin/v1/register`;
  const { nonce } = (await (await fetch(url)).json()) as { nonce: string };
  const password = randomBytes(12).toString('hex');
  const mac = createHmac('sha1', secret).update([nonce, username, password, 'notadmin'].join('\u0000')).digest('hex');
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ nonce, username, password, admin: false, mac }) });
  const body = (await res.json()) as { user_id?: string; access_token?: string; device_id?: string; error?: string };
  if (!res.ok || !body.user_id || !body.access_token) throw new Error(`registering ${username} failed: ${String(res.status)} ${body.error ?? ''}`);
  return { userId: body.user_id, accessToken: body.access_token, ...(body.device_id ? { deviceId: body.device_id } : {}) };
}
