import { AppserviceTransport } from '../../src/adapters/matrix/appservice-transport.js';
import { MatrixAdapter } from '../../src/adapters/matrix/matrix-adapter.js';
import { parseAutojoinPolicy, type AutojoinPolicy } from '../../src/adapters/matrix/autojoin-policy.js';
import { defaultRetryPolicy, type RetryPolicy } from '../../src/adapters/matrix/rate-limit.js';
import { MemorySyncCheckpointStore } from '../../src/adapters/matrix/sync-checkpoint.js';
import { commandTable } from '../../src/core/commands/table.js';
import { FakeClock } from '../../src/core/ports/clock.port.js';
import type { Logger } from '../../src/core/ports/logger.port.js';
import { FakeMessageLog } from '../../src/core/ports/message-log.port.js';
import { closeDueMotions } from '../../src/core/services/closing.service.js';
import { createCore } from '../../src/core/services/create-core.js';
import type { CoreDeps } from '../../src/core/services/deps.js';
import { FakeStore } from '../../src/core/testing/fake-store.js';
import type { MatrixAccount } from './matrix-test-user.js';

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly fields: Record<string, unknown>;
  readonly msg: string;
}

/** Keeps what the bot logs, so a test can show that nothing went wrong (or that a wait was logged). */
export function recordingLog(lines: LogLine[] = [], bindings: Record<string, unknown> = {}): Logger & { lines: LogLine[] } {
  const at = (level: LogLine['level']) => (fields: object, msg?: string) => {
    lines.push({ level, fields: { ...bindings, ...(fields as Record<string, unknown>) }, msg: msg ?? '' });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (b) => recordingLog(lines, { ...bindings, ...b }) };
}

export interface HarnessOptions {
  readonly homeserverUrl: string;
  readonly bot: MatrixAccount;
  readonly retry?: RetryPolicy;
  readonly timelineLimit?: number;
  readonly autojoin?: string;
  readonly ignoreUsers?: readonly string[];
  /** PLENARY_DEFAULT_LANGUAGE: the greeting's language in a room that is not yet an assembly. */
  readonly defaultLanguage?: string;
  /** Application-service mode: the bot takes the homeserver's transactions on this port (checked with hs_token) instead of syncing. */
  readonly appservice?: { readonly hsToken: string; readonly port: number };
  /** End-to-end encryption with its crypto store in this file (it outlives `restart()`, as the data directory does). */
  readonly e2eeStorePath?: string;
  readonly e2eeKeyGraceMs?: number;
}

/**
 * One Plenary process serving Matrix, as `plenary start` wires it, but on the
 * FakeStore and a FakeClock: the real matrix-js-sdk client, the real adapter,
 * the real core. The store, clock, sync checkpoint and message log outlive
 * `restart()`, as the database and data directory outlive a process.
 */
export class MatrixBotHarness {
  readonly store = new FakeStore();
  readonly clock = new FakeClock(new Date());
  readonly checkpoints = new MemorySyncCheckpointStore();
  readonly messageLog = new FakeMessageLog();
  readonly log = recordingLog();
  private readonly autojoin: AutojoinPolicy;
  adapter!: MatrixAdapter;
  core!: CoreDeps;
  private requests = 0;

  constructor(private readonly o: HarnessOptions) {
    const policy = parseAutojoinPolicy(o.autojoin);
    if (!policy.ok) throw new Error(policy.error.message);
    this.autojoin = policy.value;
  }

  static async start(o: HarnessOptions): Promise<MatrixBotHarness> {
    const h = new MatrixBotHarness(o);
    await h.open();
    return h;
  }

  get userId(): string {
    return this.o.bot.userId;
  }

  private async open(): Promise<void> {
    const table = commandTable();
    this.adapter = new MatrixAdapter({
      session: { homeserverUrl: this.o.homeserverUrl, accessToken: this.o.bot.accessToken, userId: this.o.bot.userId, ...(this.o.bot.deviceId ? { deviceId: this.o.bot.deviceId } : {}) },
      checkpoints: this.checkpoints,
      messageLog: this.messageLog,
      table,
      prefix: '!',
      autojoin: this.autojoin,
      ...(this.o.ignoreUsers ? { ignoreUsers: new Set(this.o.ignoreUsers) } : {}),
      ...(this.o.defaultLanguage ? { defaultLanguage: this.o.defaultLanguage } : {}),
      ...(this.o.appservice ? { appservice: { hsToken: this.o.appservice.hsToken, host: '127.0.0.1', port: this.o.appservice.port } } : {}),
      log: this.log,
      retry: this.o.retry ?? { ...defaultRetryPolicy, baseBackoffMs: 50 },
      syncTimeoutMs: 2000,
      ...(this.o.timelineLimit === undefined ? {} : { timelineLimit: this.o.timelineLimit }),
      newRequestId: () => `req-${String(++this.requests)}`,
      ...(this.o.e2eeStorePath ? { e2ee: { storePath: this.o.e2eeStorePath, ...(this.o.e2eeKeyGraceMs === undefined ? {} : { keyGraceMs: this.o.e2eeKeyGraceMs }) } } : {}),
    });
    await this.adapter.openE2ee();
    this.core = createCore({ store: this.store, clock: this.clock, log: this.log, senders: new Map([['matrix', this.adapter.sender]]) });
    this.adapter.start(this.core);
    await this.synced();
  }

  /**
   * Resolves once the transport has a since token (an application service:
   * once its listener is up): from then on every new event reaches the bot.
   */
  async synced(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const transport = this.adapter.transport;
    const ready = (): boolean => (transport instanceof AppserviceTransport ? transport.listening : Boolean(this.checkpoints.saved?.since));
    while (!ready()) {
      if (Date.now() > deadline) throw new Error('the bot never completed its first sync');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Stops this "process"; `startProcess` starts a new one: new SDK client, same persisted state. */
  stopProcess(): Promise<void> {
    return this.adapter.stop();
  }

  startProcess(): Promise<void> {
    return this.open();
  }

  /** Moves time past every deadline and runs the closing sweep, as the job queue would. */
  async closeDue(hours = 24 * 91): Promise<number> {
    this.clock.advance(hours * 3_600_000);
    return closeDueMotions(this.core);
  }

  errors(): LogLine[] {
    return this.log.lines.filter((l) => l.level === 'error');
  }

  stop(): Promise<void> {
    return this.adapter.stop();
  }
}
