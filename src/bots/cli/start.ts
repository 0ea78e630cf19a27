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
import { federationIdentity, relayFederation, startFederation } from '../federation.js';
import { plenaryCommandTable } from '../../core/plenary.js';
import type { Config } from '../config.js';
import { openConfiguredDatabase, openQueue, openRuntime } from '../runtime.js';
import { startWeb, type LocalQueue, type WebServer } from '../web.js';
import { Metrics } from '../../adapters/web/metrics.js';

/**
 * `plenary start`: opens the store (creating ./data and migrating the embedded
 * one), starts the workers, runs every configured bot, and stays up until
 * SIGINT/SIGTERM, then closes everything gracefully.
 */
export async function runStart(config: Config, log: Logger): Promise<number> {
  // Order: the database, then the bots (they keep their message log in it),
  // then the runtime (it needs the bots' senders) over the same database.
  const db = await openConfiguredDatabase(config, log);
  // Asked first, so a database that was never created or migrated is named now, not by a query deep in a bot.
  const pending = await db.pendingMigrations().catch(async (e: unknown) => {
    await db.close();
    throw e;
  });
  if (pending.length > 0) {
    await db.close();
    process.stderr.write(`The database has ${pending.length} pending migration(s) (${pending[0] ?? ''}…): run  npm run plenary -- migrate  first, or start with --migrate.\n`);
    return 2;
  }
  const { discord, matrix } = await openBots(config, log, new PrismaMessageLog(db.prisma)).catch(async (e: unknown) => {
    await db.close();
    throw e;
  });
  const senders: RoomSender[] = [...(discord ? [discord.sender] : []), ...(matrix ? [matrix.sender] : [])];
  const metrics = new Metrics();
  // The deployment's federation identity goes into the core, so the relay signs and names what it sends to peers.
  const deployment = federationIdentity(config);
  const rt = await openRuntime(config, log, senders, db, { telemetry: metrics, ...(deployment ? { deployment } : {}) });
  const queue = openQueue(config, log);
  const access = new Map<Platform, RoomAccess>([...(discord ? [['discord', discord.access] as const] : []), ...(matrix ? [['matrix', matrix.access] as const] : [])]);
  const workers = await startWorkers(rt, { queue, senders, access, telemetry: metrics });
  metrics.gauge('plenary_queue_jobs', 'Jobs waiting, delayed and running, per lane worked here', async () =>
    Promise.all(workers.worker.lanes.map(async (lane) => {
      const c = await queue.counts(lane);
      return { labels: { lane }, value: c.waiting + c.delayed + c.active };
    })),
  );
  const web = await startWebIfOn(rt, log, metrics, { queue, lanes: workers.worker.lanes });
  // The relay's side of federation: its receiver (hooks in store transactions) and the join it sends into a new link room.
  const federation = startFederation(config, log, rt.core.store, deployment ? relayFederation(rt.core, config) : null);
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
  if (platforms.length === 0) process.stdout.write(startBanner(config, rt.db.kind));
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
  await web?.close();
  await discord?.stop();
  await matrix?.stop();
  await federation.stop();
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

/** The web view unless PLENARY_WEB=off; a port in use is logged, and the bots run without it. */
async function startWebIfOn(rt: Awaited<ReturnType<typeof openRuntime>>, log: Logger, metrics: Metrics, local: LocalQueue): Promise<WebServer | null> {
  if (rt.config.PLENARY_WEB === 'off') return null;
  try {
    return await startWeb(rt, log, metrics, local);
  } catch (e) {
    log.error({ err: e, host: rt.config.PLENARY_WEB_HOST, port: rt.config.PLENARY_WEB_PORT }, 'the web view could not start (PLENARY_WEB_HOST/PLENARY_WEB_PORT); the bots run without it');
    return null;
  }
}

/** The configured bots, not yet started; Matrix needs the command table before the runtime exists (it parses `!` text with it). */
async function openBots(config: Config, log: Logger, messageLog: MessageLog): Promise<{ discord: DiscordBot | null; matrix: MatrixAdapter | null }> {
  const discord = discordBotFromConfig(config, log, messageLog);
  const matrix = await openMatrix(config, log, { table: plenaryCommandTable(), messageLog });
  return { discord, matrix };
}

/**
 * What `start` prints when no chat platform is connected: only commands that
 * work from a checkout as written (`npm run plenary -- …`; `plenary` is on the
 * PATH only when installed), and on the embedded store nothing that would need
 * the folder this process holds (a second process is refused, see data-dir-lock.ts).
 */
export function startBanner(config: Pick<Config, 'PLENARY_DATA_DIR' | 'REDIS_URL'>, store: 'pglite' | 'postgres'): string {
  const embedded = store === 'pglite';
  return [
    `Plenary is running on the ${embedded ? `embedded database in ${config.PLENARY_DATA_DIR}` : 'PostgreSQL database'} with ${config.REDIS_URL ? 'Redis' : 'the in-process queue'}.`,
    'No chat platform is connected yet. Next steps:',
    ...(embedded
      ? [
          '  • try it in a terminal: the embedded database serves one process at a time, so stop this one first (Ctrl-C), then run',
          '      npm run plenary -- console --script docs/examples/demo.txt --strict   (the quick demo)',
          '      npm run plenary -- console                                         (interactive; type help)',
          '    (to run the console next to this process, use PostgreSQL: set DATABASE_URL)',
        ]
      : ['  • try it now in another terminal: npm run plenary -- console   (type help)']),
    '  • connect Discord: set DISCORD_TOKEN and DISCORD_APPLICATION_ID (README: "Run on Discord")',
    '  • connect Matrix: set MATRIX_HOMESERVER_URL and MATRIX_ACCESS_TOKEN (README: "Run on Matrix")',
    `  • check the configuration: npm run plenary -- doctor${embedded ? '   (it reports this process as holding the embedded database)' : ''}`,
    'Stop with Ctrl-C.',
    '',
  ].join('\n');
}
