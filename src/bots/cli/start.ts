import type { Logger } from '../../core/ports/logger.port.js';
import { startWorkers } from '../workers.js';
import type { Platform } from '../../core/model/entities.js';
import type { RoomAccess } from '../../core/ports/room-access.port.js';
import type { RoomSender } from '../../core/ports/room-sender.port.js';
import type { MessageLog } from '../../core/ports/message-log.port.js';
import type { MatrixAdapter } from '../../adapters/matrix/matrix-adapter.js';
import { PrismaMessageLog } from '../../adapters/persistence/prisma-message-log.js';
import { discordBotFromConfig, type DiscordBot } from '../discord.js';
import { openMatrix } from '../matrix.js';
import { plenaryCommandTable } from '../../core/plenary.js';
import type { Config } from '../config.js';
import { openConfiguredDatabase, openQueue, openRuntime } from '../runtime.js';

/**
 * `plenary start`: opens the store (creating ./data and migrating the embedded
 * one), starts the workers, runs every configured bot, and stays up until
 * SIGINT/SIGTERM, then closes everything gracefully.
 */
export async function runStart(config: Config, log: Logger): Promise<number> {
  // Order: the database, then the bots (they keep their message log in it),
  // then the runtime (it needs the bots' senders) over the same database.
  const db = await openConfiguredDatabase(config, log);
  const { discord, matrix } = await openBots(config, log, new PrismaMessageLog(db.prisma)).catch(async (e: unknown) => {
    await db.close();
    throw e;
  });
  const senders: RoomSender[] = [...(discord ? [discord.sender] : []), ...(matrix ? [matrix.sender] : [])];
  const rt = await openRuntime(config, log, senders, db);
  const queue = openQueue(config, log);
  const access = new Map<Platform, RoomAccess>([...(discord ? [['discord', discord.access] as const] : []), ...(matrix ? [['matrix', matrix.access] as const] : [])]);
  const workers = await startWorkers(rt, { queue, senders, access });
  const platforms: string[] = [];
  if (discord) {
    await discord.start(rt.core, rt.table);
    platforms.push('discord');
  }
  if (matrix) {
    matrix.start(rt.core);
    platforms.push('matrix');
  }
  log.info({ store: rt.db.kind, queue: config.REDIS_URL ? 'redis' : 'in-process', dataDir: rt.db.kind === 'pglite' ? config.PLENARY_DATA_DIR : undefined, platforms }, 'Plenary is running');
  if (platforms.length === 0) {
    process.stdout.write(
      [
        `Plenary is running on the ${rt.db.kind === 'pglite' ? `embedded database in ${config.PLENARY_DATA_DIR}` : 'PostgreSQL database'} with ${config.REDIS_URL ? 'Redis' : 'the in-process queue'}.`,
        'No chat platform is connected yet. Next steps:',
        ...(rt.db.kind === 'pglite'
          ? ['  • try it in a terminal: stop this one (Ctrl-C) and run plenary console; the embedded database serves one process at a time (use DATABASE_URL to run both)']
          : ['  • try it now in a terminal: plenary console   (npm run plenary -- console)']),
        '  • connect Discord: set DISCORD_TOKEN and DISCORD_APPLICATION_ID (README: "Run on Discord")',
        '  • connect Matrix: set MATRIX_HOMESERVER_URL and MATRIX_ACCESS_TOKEN (README: "Run on Matrix")',
        '  • check everything: plenary doctor',
        'Stop with Ctrl-C.',
        '',
      ].join('\n'),
    );
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  log.info({}, 'stopping');
  // A second signal while stopping means "now" (a person pressing Ctrl-C again).
  const now = (): void => {
    log.warn({}, 'stopping at once: second signal');
    process.exit(130);
  };
  process.once('SIGINT', now);
  process.once('SIGTERM', now);
  await discord?.stop();
  await matrix?.stop();
  await workers.close();
  await queue.close();
  await rt.close();
  log.info({}, 'stopped; state saved');
  // Everything is closed and saved. A timer some library left behind must not hold the process
  // past a service manager's stop timeout (it then kills): name what is left, and go.
  setTimeout(() => {
    log.warn({ resources: process.getActiveResourcesInfo() }, 'still running 2 s after everything closed; exiting');
    process.exit();
  }, 2000).unref();
  return 0;
}

/** The configured bots, not yet started; Matrix needs the command table before the runtime exists (it parses `!` text with it). */
async function openBots(config: Config, log: Logger, messageLog: MessageLog): Promise<{ discord: DiscordBot | null; matrix: MatrixAdapter | null }> {
  const discord = discordBotFromConfig(config, log, messageLog);
  const matrix = await openMatrix(config, log, { table: plenaryCommandTable(), messageLog });
  return { discord, matrix };
}
