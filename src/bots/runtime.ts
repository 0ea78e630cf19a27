import { PrismaFloodCounter } from '../adapters/persistence/prisma-flood-counter.js';
import { openDatabase, type Database } from '../adapters/persistence/database.js';
import { PrismaStore } from '../adapters/persistence/prisma-store.js';
import { listenForSettings } from '../adapters/persistence/settings-listener.js';
import { createJobQueue } from '../adapters/queue/create-job-queue.js';
import type { CommandSpec } from '../core/commands/command.js';
import { systemClock } from '../core/ports/clock.port.js';
import type { Logger } from '../core/ports/logger.port.js';
import type { Telemetry } from '../core/ports/telemetry.port.js';
import type { DeploymentIdentity } from '../core/ports/federation-link.port.js';
import type { RoomSender } from '../core/ports/room-sender.port.js';
import { createPlenary } from '../core/plenary.js';
import type { CoreDeps } from '../core/services/deps.js';
import type { JobQueue } from '../jobs/job-queue.port.js';
import type { Config } from './config.js';
import { webLinks } from '../adapters/web/links.js';
import { loadWebSecret } from './web.js';

/** Everything a process needs, wired once (house style: no module singletons). */
export interface Runtime {
  readonly config: Config;
  readonly log: Logger;
  readonly db: Database;
  readonly core: CoreDeps;
  readonly table: readonly CommandSpec[];
  close(): Promise<void>;
}

/** The configured store, migrated on open when the embedded one or PLENARY_MIGRATE_ON_START says so. */
export function openConfiguredDatabase(config: Config, log: Logger): Promise<Database> {
  return openDatabase({ ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}), dataDir: config.PLENARY_DATA_DIR, log, migrateOnOpen: config.PLENARY_MIGRATE_ON_START ? true : undefined });
}

/**
 * Wires the core over the store. `opened`: a database the caller opened
 * first (`plenary start` builds the bots over it before their senders exist
 * here); the runtime takes it over and closes it on `close()`.
 */
export async function openRuntime(config: Config, log: Logger, senders: readonly RoomSender[] = [], opened?: Database, o: { readonly telemetry?: Telemetry; readonly deployment?: DeploymentIdentity } = {}): Promise<Runtime> {
  const db = opened ?? (await openConfiguredDatabase(config, log));
  const store = new PrismaStore(db.prisma, { sql: db.sql });
  const { deps: core, table } = createPlenary({ store, clock: systemClock, log, senders: new Map(senders.map((s) => [s.platform, s])), flood: new PrismaFloodCounter(db.prisma), ...(o.telemetry ? { telemetry: o.telemetry } : {}), ...(o.deployment ? { deployment: o.deployment } : {}), recallConfirmMs: config.PLENARY_FEDERATION_RECALL_CONFIRM_MINUTES * 60_000, ...(config.PLENARY_WEB_URL ? { web: webLinks({ baseUrl: config.PLENARY_WEB_URL, secret: loadWebSecret(config), now: () => systemClock.now() }) } : {}) });
  // Other processes may share a PostgreSQL database: their changes clear this process's read cache.
  // The embedded store belongs to this process alone.
  const listener = db.kind === 'postgres' && config.DATABASE_URL ? listenForSettings(config.DATABASE_URL, core.cache, log) : null;
  return {
    config,
    log,
    db,
    core,
    table,
    async close() {
      await listener?.close();
      await db.close();
    },
  };
}

/**
 * Every job Plenary queues comes from an outbox row (written with the change that caused it) or
 * is the deadline sweep, so an in-process queue that stops with jobs not yet run loses nothing.
 */
export const RECREATED_AFTER_RESTART = 'the next start queues them again (the deadline sweep at once, unfinished outbox rows within 5 minutes)';

export function openQueue(config: Config, log: Logger): JobQueue {
  return createJobQueue({ ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}), prefix: config.PLENARY_QUEUE_PREFIX, lockMs: config.PLENARY_JOB_LOCK_SECONDS * 1000, log, abandonedJobsRecreatedBy: RECREATED_AFTER_RESTART });
}
