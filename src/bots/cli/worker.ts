import type { Logger } from '../../core/ports/logger.port.js';
import type { Config } from '../config.js';
import { openQueue, openRuntime } from '../runtime.js';
import { startWorkers } from '../workers.js';

/**
 * `plenary worker`: a process that only works the queue — relay steps,
 * rollups, cascades, deadlines — with no bot of its own. Run several next to
 * the bot processes (PostgreSQL + Redis) to spread a large relay over cores;
 * platform sends stay with the processes that run the bots.
 */
export async function runWorker(config: Config, log: Logger, o: { concurrency: number }): Promise<number> {
  if (!config.REDIS_URL || !config.DATABASE_URL) {
    process.stderr.write('plenary worker shares work with other processes through PostgreSQL and Redis: set DATABASE_URL and REDIS_URL. (Without them, `plenary start` runs the workers in process.)\n');
    return 2;
  }
  const rt = await openRuntime(config, log);
  const queue = openQueue(config, log);
  const workers = await startWorkers(rt, { queue, senders: [], concurrency: o.concurrency });
  log.info({ concurrency: o.concurrency }, 'worker running');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  log.info({}, 'worker stopping');
  await workers.close();
  await queue.close();
  await rt.close();
  return 0;
}
