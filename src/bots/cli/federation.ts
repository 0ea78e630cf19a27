import { FederationKeyFile, federationKeyPath, KeyFileError } from '../../adapters/federation/key-file.js';
import { rotateDeploymentKey } from '../../adapters/federation/rotate-key.js';
import type { Logger } from '../../core/ports/logger.port.js';
import type { Config } from '../config.js';
import { openRuntime } from '../runtime.js';

/** The deployment key file this configuration uses. */
export const keyFileOf = (config: Config): FederationKeyFile => new FederationKeyFile(federationKeyPath(config.PLENARY_DATA_DIR, config.PLENARY_FEDERATION_KEY_FILE));

/** The federation account's user id: the one that signs as this deployment in link rooms. */
export const federationUserOf = (config: Config): string | undefined => config.PLENARY_FEDERATION_MATRIX_USER_ID;

/** `plenary federation rotate-key`: a new deployment key, announced (signed by the old one) in every link room. */
export async function runRotateKey(config: Config, log: Logger, out: { write(s: string): unknown }): Promise<number> {
  const bot = federationUserOf(config);
  if (!bot) {
    out.write('No federation account is configured (PLENARY_FEDERATION_MATRIX_USER_ID): the new key names the bot account that carries it.\n');
    return 2;
  }
  const rt = await openRuntime(config, log);
  try {
    const r = await rotateDeploymentKey(keyFileOf(config), rt.core.store.peerOutbox, bot, new Date());
    out.write(`Deployment ${r.deployment}: key ${r.next.keyId} is current; ${r.previous.keyId} stays valid for 24 hours.\n`);
    out.write(`The new key is queued for ${r.queued.length} link room(s); the running carrier sends it.\n`);
    return 0;
  } catch (e) {
    if (e instanceof KeyFileError) {
      out.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    await rt.close();
  }
}
