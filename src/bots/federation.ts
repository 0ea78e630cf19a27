import { join } from 'node:path';
import { fileIdentity } from '../adapters/federation/identity.js';
import { FederationKeyFile, federationKeyPath, type DeploymentKeys } from '../adapters/federation/key-file.js';
import { MatrixCarrier, type MatrixCarrierOptions } from '../adapters/matrix/federation/carrier.js';
import { HttpHomeserver } from '../adapters/matrix/federation/client.js';
import type { HeadsOf } from '../adapters/matrix/federation/heartbeat.js';
import { filePosition } from '../adapters/matrix/federation/sync.js';
import type { QuotaOptions } from '../core/federation-protocol/quota.js';
import type { ReceiverHooks } from '../core/federation-protocol/receiver.js';
import { ed25519Verifier, PeerReceiver, storeLanes } from '../core/federation-protocol/index.js';
import { announceDirectory, DEFAULT_REMOTE_PARENT_POLICY, largeReferralText, onLinkRoomOpened, relayReceiverHooks, sweepRemoteParents, tellHeldReferralText } from '../core/federation/remote/index.js';
import type { CoreDeps } from '../core/services/deps.js';
import type { DeploymentIdentity, LinkRequest } from '../core/ports/federation-link.port.js';
import type { Logger } from '../core/ports/logger.port.js';
import type { Store } from '../core/ports/store.port.js';
import { accountTag } from './matrix.js';
import type { Config } from './config.js';

/**
 * What the relay gives the carrier (issue 19, the relay's wiring): its
 * receiver (`receiverFor`: hooks that run in the store's transactions; or
 * bare `hooks` over the link store, in tests), the join it sends into a new
 * link room, its chain heads for heartbeats.
 */
export interface FederationRelay {
  readonly hooks?: ReceiverHooks;
  readonly receiverFor?: MatrixCarrierOptions['receiverFor'];
  readonly largeText?: MatrixCarrierOptions['largeText'];
  readonly onTextHeld?: MatrixCarrierOptions['onTextHeld'];
  readonly onLinkRoomOpened: (request: LinkRequest, roomId: string) => Promise<void>;
  readonly heads?: HeadsOf;
  /** After each heartbeat: the child side's look at silent remote parents (dormant, back, sovereign). */
  readonly afterHeartbeat?: () => Promise<void>;
}

export interface Federation {
  /** This deployment's id and key (created at the first start); null when the key file is unusable and no federation account is configured. */
  readonly identity: DeploymentIdentity | null;
  /** Null when no federation account is configured, or no relay was given. */
  readonly carrier: MatrixCarrier | null;
  stop(): Promise<void>;
}

/** The federation account (its own Matrix account: its own sync and device, so it takes nothing from the bot's). */
export function federationAccount(config: Config): { readonly homeserverUrl: string; readonly accessToken: string; readonly userId: string } | null {
  const homeserverUrl = config.PLENARY_FEDERATION_MATRIX_HOMESERVER_URL ?? config.MATRIX_HOMESERVER_URL;
  const accessToken = config.PLENARY_FEDERATION_MATRIX_ACCESS_TOKEN;
  const userId = config.PLENARY_FEDERATION_MATRIX_USER_ID;
  return homeserverUrl && accessToken && userId ? { homeserverUrl, accessToken, userId } : null;
}

/**
 * The federation composition root: the deployment key (created at the first
 * start), and the Matrix carrier when a federation account is configured and
 * the relay hands over its hooks (`relay`). The carrier's sync position is a
 * file in PLENARY_DATA_DIR named after the account.
 */
export function startFederation(config: Config, log: Logger, store: Store, relay: FederationRelay | null): Federation {
  const file = new FederationKeyFile(federationKeyPath(config.PLENARY_DATA_DIR, config.PLENARY_FEDERATION_KEY_FILE));
  const account = federationAccount(config);
  let keys: DeploymentKeys;
  try {
    keys = file.loadOrCreate(new Date());
  } catch (e) {
    // A deployment that does not federate still starts; one that does must not run without its key.
    if (account) throw e;
    log.warn({ err: e, path: file.path }, 'federation: the deployment key file cannot be read or created (needed only to federate)');
    return { identity: null, carrier: null, stop: () => Promise.resolve() };
  }
  const identity = fileIdentity(file, account?.userId ?? '');
  const flog = log.child({ component: 'federation' });
  flog.info({ deployment: keys.deployment, keyId: keys.current.keyId, account: account?.userId ?? null }, 'federation identity');
  if (!account || !relay) {
    if (account) flog.warn({}, 'a federation account is configured but the relay is not wired to it: the carrier does not run');
    return { identity, carrier: null, stop: () => Promise.resolve() };
  }
  const hours = 3600_000;
  const carrier = new MatrixCarrier({
    homeserver: new HttpHomeserver({ baseUrl: account.homeserverUrl, accessToken: account.accessToken, userId: account.userId, log: flog }),
    outbox: store.peerOutbox,
    links: store.links,
    identity,
    ...(relay.receiverFor ? { receiverFor: relay.receiverFor } : {}),
    ...(relay.largeText ? { largeText: relay.largeText } : {}),
    ...(relay.onTextHeld ? { onTextHeld: relay.onTextHeld } : {}),
    ...(relay.hooks ? { hooks: relay.hooks } : {}),
    onLinkRoomOpened: relay.onLinkRoomOpened,
    ...(relay.heads ? { heads: relay.heads } : {}),
    ...(relay.afterHeartbeat ? { afterHeartbeat: relay.afterHeartbeat } : {}),
    announce: announceDirectory(store),
    position: filePosition(join(config.PLENARY_DATA_DIR, `federation-sync-${accountTag(account.userId, account.homeserverUrl)}.json`)),
    log: flog,
    heartbeatMs: config.PLENARY_FEDERATION_HEARTBEAT_HOURS * hours,
    dormantAfterMs: config.PLENARY_FEDERATION_DORMANT_DAYS * 24 * hours,
    quota: peerQuota(config),
  });
  carrier.start();
  flog.info({ deployment: keys.deployment, account: account.userId }, 'federation carrier is running');
  return { identity, carrier, stop: () => carrier.stop() };
}

/** Each peer's quota at this deployment (PLENARY_FEDERATION_PEER_RATE / _BURST). */
export function peerQuota(config: Config): QuotaOptions {
  return { perSecond: config.PLENARY_FEDERATION_PEER_RATE, burst: config.PLENARY_FEDERATION_PEER_BURST };
}

/**
 * The identity the core signs and names with (`CoreDeps.deployment`): only
 * when a federation account is configured (its user id is the bot account
 * peers check events against). Creates the key file at the first start.
 */
export function federationIdentity(config: Config): DeploymentIdentity | null {
  const account = federationAccount(config);
  if (!account) return null;
  const file = new FederationKeyFile(federationKeyPath(config.PLENARY_DATA_DIR, config.PLENARY_FEDERATION_KEY_FILE));
  file.loadOrCreate(new Date());
  return fileIdentity(file, account.userId);
}

/** The relay's side, wired to the core (`src/core/federation/remote`). */
export function relayFederation(core: CoreDeps, config?: Pick<Config, 'PLENARY_FEDERATION_DORMANT_DAYS' | 'PLENARY_FEDERATION_SOVEREIGN_DAYS'>): FederationRelay {
  const day = 86_400_000;
  const policy = config ? { dormantAfterMs: config.PLENARY_FEDERATION_DORMANT_DAYS * day, sovereignAfterMs: Math.max(config.PLENARY_FEDERATION_SOVEREIGN_DAYS, config.PLENARY_FEDERATION_DORMANT_DAYS) * day } : DEFAULT_REMOTE_PARENT_POLICY;
  return {
    afterHeartbeat: async () => {
      const r = await sweepRemoteParents(core, policy);
      if (r.dormant.length + r.back.length + r.sovereign.length > 0) core.log.info({ ...r }, 'federation: remote parents looked at (dormant, back, sovereign)');
    },
        receiverFor: (wrap, media) => new PeerReceiver(storeLanes(core.store), ed25519Verifier, wrap(relayReceiverHooks(core, media)), {}),
    largeText: (body) => largeReferralText(core, body),
    onTextHeld: (body) => tellHeldReferralText(core, body),
    onLinkRoomOpened: async (request, roomId) => {
      await onLinkRoomOpened(core, request, roomId);
    },
  };
}
