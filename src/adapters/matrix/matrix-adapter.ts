import type { CommandSpec } from '../../core/commands/command.js';
import { matrixRoomWords } from './room-speech.js';
import type { Logger } from '../../core/ports/logger.port.js';
import type { MessageLog } from '../../core/ports/message-log.port.js';
import type { CoreDeps } from '../../core/services/deps.js';
import { AccountLease, type AccountLeaseOptions } from './account-lease.js';
import { AppserviceTransport } from './appservice-transport.js';
import type { AutojoinPolicy } from './autojoin-policy.js';
import { CommandHandler } from './command-handler.js';
import { CryptoStoreFile } from './crypto/crypto-store-file.js';
import { E2eeEngine } from './crypto/e2ee-engine.js';
import { E2eeMatrixApi } from './crypto/e2ee-matrix-api.js';
import { PersistedIndexedDb } from './crypto/persisted-indexeddb.js';
import { DirectRooms } from './direct-rooms.js';
import { MatrixBot } from './matrix-bot.js';
import type { MatrixSession } from './matrix-login.js';
import { MatrixRoomAccess } from './matrix-room-access.js';
import { MatrixRoomSender } from './matrix-room-sender.js';
import { PollHandler } from './poll-handler.js';
import type { RetryPolicy } from './rate-limit.js';
import { Replies } from './replies.js';
import type { MatrixApi } from './matrix-api.js';
import { SdkMatrixApi, type SyncSource } from './sdk-matrix-api.js';
import type { SyncCheckpointStore } from './sync-checkpoint.js';
import { SyncTransport, type MatrixTransport } from './sync-transport.js';

export interface MatrixAdapterOptions {
  readonly session: MatrixSession;
  readonly checkpoints: SyncCheckpointStore;
  readonly messageLog: MessageLog;
  readonly table: readonly CommandSpec[];
  readonly prefix: string;
  readonly autojoin: AutojoinPolicy;
  /** The language of rooms that are not yet an assembly (PLENARY_DEFAULT_LANGUAGE); unset: English. */
  readonly defaultLanguage?: string;
  /** Users whose events and invitations are ignored (other bots); the bot's own are always. */
  readonly ignoreUsers?: ReadonlySet<string>;
  readonly log: Logger;
  readonly retry?: RetryPolicy;
  readonly syncTimeoutMs?: number;
  readonly timelineLimit?: number;
  readonly grantLevel?: number;
  readonly newRequestId?: () => string;
  /**
   * Set: events come as application-service transactions to this listener
   * (hs_token checks them) instead of /sync; the session's token is then the
   * registration's as_token. The bot above the transport is the same.
   */
  readonly appservice?: { readonly hsToken: string; readonly host: string; readonly port: number };
  /**
   * Set: end-to-end encryption (sync transport only), its crypto store kept
   * in this file; `openE2ee()` must run before `start()`. The session must
   * name its device.
   */
  readonly e2ee?: { readonly storePath: string; readonly keyGraceMs?: number };
}

/**
 * Everything Matrix, wired in two steps because of one cycle: the core needs
 * the room sender when it is created, and the bot needs the core. So:
 * construct (sender and access exist), create the core with `sender`, then
 * `start(core)`.
 */
export class MatrixAdapter {
  /** The HTTP client API itself; `api` is this, or the encrypting layer over it. */
  readonly sdk: SdkMatrixApi;
  readonly api: MatrixApi & SyncSource;
  private readonly e2eeApi: E2eeMatrixApi | null;
  private e2eeEngine: E2eeEngine | null = null;
  readonly transport: MatrixTransport;
  readonly sender: MatrixRoomSender;
  readonly access: MatrixRoomAccess;
  private core: CoreDeps | null = null;
  private bot: MatrixBot | null = null;
  private readonly dms: DirectRooms;
  private lease: AccountLease | null = null;

  constructor(private readonly o: MatrixAdapterOptions) {
    const log = o.log.child({ platform: 'matrix' });
    this.sdk = new SdkMatrixApi({ homeserverUrl: o.session.homeserverUrl, accessToken: o.session.accessToken, userId: o.session.userId, log, ...(o.retry ? { retry: o.retry } : {}) });
    if (o.e2ee && o.appservice) throw new Error('end-to-end encryption needs the sync transport: an appservice user has no device of its own here');
    this.e2eeApi = o.e2ee ? new E2eeMatrixApi({ inner: this.sdk, log, ...(o.e2ee.keyGraceMs === undefined ? {} : { keyGraceMs: o.e2ee.keyGraceMs }) }) : null;
    this.api = this.e2eeApi ?? this.sdk;
    this.transport = o.appservice
      ? new AppserviceTransport({ api: this.api, hsToken: o.appservice.hsToken, host: o.appservice.host, port: o.appservice.port, checkpoints: o.checkpoints, log })
      : new SyncTransport({
          api: this.api,
          source: this.api,
          checkpoints: o.checkpoints,
          log,
          ...(o.syncTimeoutMs === undefined ? {} : { timeoutMs: o.syncTimeoutMs }),
          ...(o.timelineLimit === undefined ? {} : { timelineLimit: o.timelineLimit }),
        });
    const commandRoots = new Set(o.table.map((c) => c.path[0] ?? ''));
    // One set of DM rooms for answers and for the sender's direct messages (reminders): a person has one DM with the bot.
    this.dms = new DirectRooms(this.api, log, { encryption: this.e2eeApi !== null });
    this.sender = new MatrixRoomSender({ api: this.api, messageLog: o.messageLog, render: { prefix: o.prefix, commandRoots, keepIds: new Set([this.api.userId]) }, reads: () => this.core?.store.read ?? null, log, history: this.api, directRooms: this.dms, words: matrixRoomWords(() => this.core?.store.read ?? null, o.defaultLanguage) });
    this.access = new MatrixRoomAccess({ api: this.api, ...(o.grantLevel === undefined ? {} : { grantLevel: o.grantLevel }) });
  }

  get userId(): string {
    return this.api.userId;
  }

  /** One process per bot account: claims it (see AccountLease) or throws AccountInUseError; `stop()` gives it back. */
  async claimAccount(o: Omit<AccountLeaseOptions, 'api' | 'log'>): Promise<void> {
    const lease = new AccountLease({ ...o, api: this.api, log: this.o.log.child({ platform: 'matrix' }) });
    await lease.acquire();
    this.lease = lease;
  }

  /** The device id end-to-end encryption runs as (null without it). */
  get deviceId(): string | null {
    return this.e2eeEngine?.deviceId ?? null;
  }

  /**
   * Opens the crypto store (from its file, or new) and the crypto machine;
   * a new store uploads the device's keys. Call after `claimAccount`: the
   * store file is one process's, like the account.
   */
  async openE2ee(): Promise<void> {
    if (!this.e2eeApi || !this.o.e2ee || this.e2eeEngine) return;
    const deviceId = this.o.session.deviceId;
    if (!deviceId) throw new Error('end-to-end encryption needs a device: the homeserver named none for this access token (set MATRIX_E2EE=off, or use a token from a login)');
    const db = await PersistedIndexedDb.open(new CryptoStoreFile(this.o.e2ee.storePath));
    this.e2eeEngine = await E2eeEngine.open({ userId: this.sdk.userId, deviceId, http: this.sdk, db, log: this.o.log.child({ platform: 'matrix' }) });
    this.e2eeApi.attach(this.e2eeEngine, db);
  }

  start(core: CoreDeps): MatrixBot {
    if (this.bot) return this.bot;
    if (this.e2eeApi && !this.e2eeApi.ready) throw new Error('call openE2ee() before start(): the rooms may be encrypted');
    this.core = core;
    const log = this.o.log.child({ platform: 'matrix' });
    const dms = this.dms;
    const replies = new Replies(this.api, this.sender, dms, async (roomId) => (await core.store.read.bindingByRoom('matrix', roomId)) !== null);
    const words = matrixRoomWords(() => core.store.read, this.o.defaultLanguage);
    const commands = new CommandHandler({ core, table: this.o.table, prefix: this.o.prefix, replies, access: this.access, log, adminStanding: (roomId, userId) => this.access.adminStanding(roomId, userId), words });
    const polls = new PollHandler({ core, api: this.api, replies, log, words });
    this.bot = new MatrixBot({ transport: this.transport, commands, polls, replies, dms, decrypts: this.e2eeApi !== null, autojoin: this.o.autojoin, words, ...(this.o.defaultLanguage ? { defaultLanguage: this.o.defaultLanguage } : {}), ignore: new Set([this.api.userId, ...(this.o.ignoreUsers ?? [])]), log, ...(this.o.newRequestId ? { newRequestId: this.o.newRequestId } : {}) });
    this.bot.start();
    log.info({ userId: this.api.userId, transport: this.o.appservice ? 'appservice' : 'sync', e2ee: this.deviceId ? { deviceId: this.deviceId } : 'off' }, 'Matrix bot is syncing');
    return this.bot;
  }

  /** Finishes the batch in hand and stops syncing. The SDK may keep a timer for a while; nothing waits on it. */
  async stop(): Promise<void> {
    if (this.bot) await this.bot.stop();
    else await this.transport.stop();
    this.bot = null;
    await this.lease?.release();
    this.lease = null;
    // The crypto store was written after every sync and every encryption; a last write covers anything since.
    if (this.e2eeEngine && this.e2eeApi) await this.e2eeApi.persist();
    await this.e2eeEngine?.close();
    this.e2eeEngine = null;
    this.sdk.client.stopClient();
  }
}
