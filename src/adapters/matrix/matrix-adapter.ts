import type { CommandSpec } from '../../core/commands/command.js';
import type { Logger } from '../../core/ports/logger.port.js';
import type { MessageLog } from '../../core/ports/message-log.port.js';
import type { CoreDeps } from '../../core/services/deps.js';
import { AccountLease, type AccountLeaseOptions } from './account-lease.js';
import { AppserviceTransport } from './appservice-transport.js';
import type { AutojoinPolicy } from './autojoin-policy.js';
import { CommandHandler } from './command-handler.js';
import { DirectRooms } from './direct-rooms.js';
import { MatrixBot } from './matrix-bot.js';
import type { MatrixSession } from './matrix-login.js';
import { MatrixRoomAccess } from './matrix-room-access.js';
import { MatrixRoomSender } from './matrix-room-sender.js';
import { PollHandler } from './poll-handler.js';
import type { RetryPolicy } from './rate-limit.js';
import { Replies } from './replies.js';
import { SdkMatrixApi } from './sdk-matrix-api.js';
import type { SyncCheckpointStore } from './sync-checkpoint.js';
import { SyncTransport, type MatrixTransport } from './sync-transport.js';

export interface MatrixAdapterOptions {
  readonly session: MatrixSession;
  readonly checkpoints: SyncCheckpointStore;
  readonly messageLog: MessageLog;
  readonly table: readonly CommandSpec[];
  readonly prefix: string;
  readonly autojoin: AutojoinPolicy;
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
}

/**
 * Everything Matrix, wired in two steps because of one cycle: the core needs
 * the room sender when it is created, and the bot needs the core. So:
 * construct (sender and access exist), create the core with `sender`, then
 * `start(core)`.
 */
export class MatrixAdapter {
  readonly api: SdkMatrixApi;
  readonly transport: MatrixTransport;
  readonly sender: MatrixRoomSender;
  readonly access: MatrixRoomAccess;
  private core: CoreDeps | null = null;
  private bot: MatrixBot | null = null;
  private readonly dms: DirectRooms;
  private lease: AccountLease | null = null;

  constructor(private readonly o: MatrixAdapterOptions) {
    const log = o.log.child({ platform: 'matrix' });
    this.api = new SdkMatrixApi({ homeserverUrl: o.session.homeserverUrl, accessToken: o.session.accessToken, userId: o.session.userId, log, ...(o.retry ? { retry: o.retry } : {}) });
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
    this.dms = new DirectRooms(this.api, log);
    this.sender = new MatrixRoomSender({ api: this.api, messageLog: o.messageLog, render: { prefix: o.prefix, commandRoots, keepIds: new Set([this.api.userId]) }, reads: () => this.core?.store.read ?? null, log, history: this.api, directRooms: this.dms });
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

  start(core: CoreDeps): MatrixBot {
    if (this.bot) return this.bot;
    this.core = core;
    const log = this.o.log.child({ platform: 'matrix' });
    const dms = this.dms;
    const replies = new Replies(this.api, this.sender, dms, async (roomId) => (await core.store.read.bindingByRoom('matrix', roomId)) !== null);
    const commands = new CommandHandler({ core, table: this.o.table, prefix: this.o.prefix, replies, access: this.access, log, adminStanding: (roomId, userId) => this.access.adminStanding(roomId, userId) });
    const polls = new PollHandler({ core, api: this.api, replies, log });
    this.bot = new MatrixBot({ transport: this.transport, commands, polls, replies, dms, autojoin: this.o.autojoin, ignore: new Set([this.api.userId, ...(this.o.ignoreUsers ?? [])]), log, ...(this.o.newRequestId ? { newRequestId: this.o.newRequestId } : {}) });
    this.bot.start();
    log.info({ userId: this.api.userId, transport: this.o.appservice ? 'appservice' : 'sync' }, 'Matrix bot is syncing');
    return this.bot;
  }

  /** Finishes the batch in hand and stops syncing. The SDK may keep a timer for a while; nothing waits on it. */
  async stop(): Promise<void> {
    if (this.bot) await this.bot.stop();
    else await this.transport.stop();
    this.bot = null;
    await this.lease?.release();
    this.lease = null;
    this.api.client.stopClient();
  }
}
