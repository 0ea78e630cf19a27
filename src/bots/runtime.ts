import { openDatabase, type Database } from '../adapters/persistence/database.js';
import { PrismaStore } from '../adapters/persistence/prisma-store.js';
import { createJobQueue } from '../adapters/queue/create-job-queue.js';
import type { CommandSpec } from '../core/commands/command.js';
import { systemClock } from '../core/ports/clock.port.js';
import type { Logger } from '../core/ports/logger.port.js';
import type { RoomSender } from '../core/ports/room-sender.port.js';
import { createPlenary } from '../core/plenary.js';
import type { CoreDeps } from '../core/services/deps.js';
import type { JobQueue } from '../jobs/job-queue.port.js';
import type { Config } from './config.js';

/** Everything a process needs, wired once (house style: no module singletons). */
export interface Runtime {
  readonly config: Config;
  readonly log: Logger;
  readonly db: Database;
  readonly core: CoreDeps;
  readonly table: readonly CommandSpec[];
  close(): Promise<void>;
}

export async function openRuntime(config: Config, log: Logger, senders: readonly RoomSender[] = []): Promise<Runtime> {
  const db = await openDatabase({ ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}), dataDir: config.PLENARY_DATA_DIR, log, migrateOnOpen: config.PLENARY_MIGRATE_ON_START ? true : undefined });
  const store = new PrismaStore(db.prisma, { sql: db.sql });
  const { deps: core, table } = createPlenary({ store, clock: systemClock, log, senders: new Map(senders.map((s) => [s.platform, s])) });
  return {
    config,
    log,
    db,
    core,
    table,
    close: () => db.close(),
  };
}

export function openQueue(config: Config, log: Logger): JobQueue {
  return createJobQueue({ ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}), prefix: config.PLENARY_QUEUE_PREFIX, log });
}
