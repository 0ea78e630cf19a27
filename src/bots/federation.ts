import { join } from 'node:path';
import { federationKeyPath, FederationKeyFile } from '../adapters/federation/key-file.js';
import { MatrixCarrier } from '../adapters/matrix/federation/carrier.js';
import { HttpHomeserver } from '../adapters/matrix/federation/client.js';
import { filePosition } from '../adapters/matrix/federation/sync.js';
import { ed25519Verifier, PeerReceiver, storeLanes } from '../core/federation-protocol/index.js';
import { onLinkRoomOpened, relayReceiverHooks } from '../core/federation/remote/index.js';
import type { DeploymentIdentity } from '../core/ports/federation-link.port.js';
import type { Logger } from '../core/ports/logger.port.js';
import type { CoreDeps } from '../core/services/deps.js';
import type { Config } from './config.js';
import { accountTag } from './matrix.js';

const HOUR = 3600_000;

/** Federation with other deployments, when this one has a federation account (README, "Federate with another deployment"). */
export interface FederationRoot {
  readonly identity: DeploymentIdentity;
  /** Starts the carrier over the wired core (its relay hooks run in the core's store transactions). */
  start(core: CoreDeps): void;
  stop(): Promise<void>;
}

/**
 * The federation composition root. Reads (or creates, at the first start)
 * the deployment key file and names the federation's Matrix account; returns
 * null when no federation account is configured. The identity goes into the
 * core before it is wired (`openRuntime`), so the relay signs what it queues
 * for peers; `start` then runs the Matrix carrier.
 */
export function openFederation(config: Config, log: Logger): FederationRoot | null {
  const token = config.PLENARY_FEDERATION_MATRIX_ACCESS_TOKEN;
  const userId = config.PLENARY_FEDERATION_MATRIX_USER_ID;
  const baseUrl = config.PLENARY_FEDERATION_MATRIX_HOMESERVER_URL ?? config.MATRIX_HOMESERVER_URL;
  if (!token || !userId || !baseUrl) return null;
  const file = new FederationKeyFile(federationKeyPath(config.PLENARY_DATA_DIR, config.PLENARY_FEDERATION_KEY_FILE));
  const first = file.loadOrCreate(new Date());
  // Read through the file each time: `plenary federation rotate-key` takes effect without a restart.
  const keys = () => file.read() ?? first;
  const identity: DeploymentIdentity = {
    deployment: first.deployment,
    botUserId: userId,
    get signer() {
      return keys().current;
    },
    signerAt: (createdAt, now) => keys().signerAt(createdAt, now),
  };
  const flog = log.child({ component: 'federation' });
  let carrier: MatrixCarrier | null = null;
  return {
    identity,
    start(core) {
      carrier = new MatrixCarrier({
        homeserver: new HttpHomeserver({ baseUrl, accessToken: token, userId, log: flog }),
        outbox: core.store.peerOutbox,
        links: core.store.links,
        identity,
        receiverFor: (wrap) => new PeerReceiver(storeLanes(core.store), ed25519Verifier, wrap(relayReceiverHooks(core)), {}),
        onLinkRoomOpened: async (request, roomId) => {
          await onLinkRoomOpened(core, request, roomId);
        },
        position: filePosition(join(config.PLENARY_DATA_DIR, `federation-sync-${accountTag(userId, baseUrl)}.json`)),
        log: flog,
        heartbeatMs: config.PLENARY_FEDERATION_HEARTBEAT_HOURS * HOUR,
        dormantAfterMs: config.PLENARY_FEDERATION_DORMANT_DAYS * 24 * HOUR,
      });
      carrier.start();
      flog.info({ deployment: identity.deployment, account: userId, keyId: identity.signer.keyId }, 'federation carrier is running');
    },
    async stop() {
      await carrier?.stop();
    },
  };
}
