import type { Logger } from '../../core/ports/logger.port.js';
import type { Config } from '../config.js';
import { openRuntime } from '../runtime.js';
import { startWeb } from '../web.js';

/** `plenary web`: the web view alone, read-only over the store (next to bot processes on PostgreSQL). */
export async function runWeb(config: Config, log: Logger): Promise<number> {
  const rt = await openRuntime(config, log);
  const web = await startWeb(rt, log).catch(async (e: unknown) => {
    await rt.close();
    throw e;
  });
  process.stdout.write(`Plenary's web view is at ${web.address}${config.PLENARY_WEB_URL ? ` (public address ${config.PLENARY_WEB_URL})` : ''}. Stop with Ctrl-C.\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await web.close();
  await rt.close();
  return 0;
}
