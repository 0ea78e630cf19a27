import type { Signer } from '../../core/federation-protocol/signer.port.js';
import type { DeploymentIdentity } from '../../core/ports/federation-link.port.js';
import type { FederationKeyFile } from './key-file.js';

/**
 * This deployment as the carrier signs for it, read from the key file on
 * every use (re-read only when the file changed), so a `rotate-key` run by
 * the operator while the bot runs takes effect at the next send.
 */
export function fileIdentity(file: FederationKeyFile, botUserId: string, now: () => Date = () => new Date()): DeploymentIdentity {
  const keys = () => file.loadOrCreate(now());
  return {
    get deployment(): string {
      return keys().deployment;
    },
    botUserId,
    get signer(): Signer {
      return keys().current;
    },
    signerAt: (createdAt, at) => keys().signerAt(createdAt, at),
  };
}
