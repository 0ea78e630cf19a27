import { HttpHomeserver } from '../../src/adapters/matrix/federation/client.js';
import type { Logger } from '../../src/core/ports/logger.port.js';
import { registerWithSharedSecret } from './matrix-synapse-accounts.js';
/**
 * The two homeservers that federate on loopback for the cross-deployment
 * suites (../shared/peers/README.md, "Two homeservers that federate"; `.ci/run`
 * starts them): their client URLs and registration secret, overridable by
 * PLENARY_E2E_FED_A_URL / PLENARY_E2E_FED_B_URL / PLENARY_E2E_FED_SECRET.
 */
export const FED_A_URL = process.env.PLENARY_E2E_FED_A_URL ?? 'http://127.0.0.1:18308';
export const FED_B_URL = process.env.PLENARY_E2E_FED_B_URL ?? 'http://127.0.0.1:18309';
export const FED_SECRET = process.env.PLENARY_E2E_FED_SECRET ?? 'test-shared-secret';

/** Why the suites cannot run here (a server that does not answer), or null when both answer. */
export async function federatingPairUnavailable(): Promise<string | null> {
  for (const url of [FED_A_URL, FED_B_URL]) {
    try {
      const res = await fetch(`${url}/_matrix/client/versions`, { signal: AbortSignal.timeout(2000) });
      if (!res.ok) return `${url} answered ${String(res.status)}`;
    } catch {
      return `no homeserver answers at ${url}`;
    }
  }
  return null;
}

const say = (side: string) => (level: string) => (obj: object, msg?: string) => {
  if (process.env.PLENARY_E2E_FED_DEBUG) console.log(side, level, msg, JSON.stringify(obj, (_k, v: unknown) => (v instanceof Error ? v.message : v)).slice(0, 400));
};

/** A logger that prints only with PLENARY_E2E_FED_DEBUG set, each line tagged with its side. */
export const debugLog = (side: string): Logger => ({ debug: say(side)('debug'), info: say(side)('info'), warn: say(side)('warn'), error: say(side)('error'), child: () => debugLog(side) });

/** A new federation account `<name><suffix>` on one of the pair, as the carrier's homeserver client. */
export async function federationAccount(url: string, name: string, suffix: string): Promise<HttpHomeserver> {
  const a = await registerWithSharedSecret(url, FED_SECRET, `${name}${suffix}`);
  return new HttpHomeserver({ baseUrl: url, accessToken: a.accessToken, userId: a.userId, log: debugLog(name) });
}
