import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { ConsoleSender } from '../../adapters/console/console-sender.js';
import { ConsoleSession } from '../../adapters/console/console-session.js';
import { saveAttachment } from '../../adapters/console/attachment-files.js';
import { ConsoleRoomAccess } from '../../adapters/console/console-room-access.js';
import type { Logger } from '../../core/ports/logger.port.js';
import { DEFAULT_LANGUAGE, speechFor } from '../../core/i18n/index.js';
import type { Config } from '../config.js';
import { openRuntime } from '../runtime.js';
import { InProcessJobQueue } from '../../adapters/queue/in-process-job-queue.js';
import type { JobQueue } from '../../jobs/job-queue.port.js';
import { startWorkers, type Workers } from '../workers.js';

/**
 * Runs what a console line set off until nothing is left to do now: the
 * console shows the relay's announcements under the line that caused them.
 * Only this loop dispatches (no timer), so "nothing moved and nothing queued
 * or running" really means done. (Delayed jobs far ahead, like deadlines, stay delayed.)
 */
async function settle(workers: Workers, queue: JobQueue): Promise<void> {
  for (let quiet = 0, i = 0; quiet < 3 && i < 5000; i++) {
    const moved = await workers.dispatcher.dispatchOnce();
    const c = await queue.counts();
    quiet = moved === 0 && c.waiting === 0 && c.active === 0 ? quiet + 1 : 0;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** `plenary console`: the console platform on the configured store (embedded by default). */
export async function runConsole(config: Config, log: Logger, o: { script?: string; strict?: boolean; outDir?: string }): Promise<number> {
  const out = process.stdout;
  const sender = new ConsoleSender(out);
  const rt = await openRuntime(config, log, [sender]);
  // The console is one person at one terminal: its queue is in process even when the deployment has Redis.
  // The next sweep is always ahead, and what is due is queued again at the next start: leaving it at exit is no warning.
  const queue = new InProcessJobQueue({ prefix: `${config.PLENARY_QUEUE_PREFIX}-console`, log, quietClose: true });
  // Timers up to 2 s ahead run at once (the relay's one-second rollups), so a script's output follows each line.
  const workers = await startWorkers(rt, { queue, senders: [sender], access: new Map([['console', new ConsoleRoomAccess(out)]]), dispatcher: { manual: true, now: () => new Date(Date.now() + 2000) } });
  const outDir = o.outDir ?? process.cwd();
  const session = new ConsoleSession(rt.core, rt.table, out, () => settle(workers, queue), (name, content) => saveAttachment(outDir, name, content));
  try {
    if (o.script) {
      let text: string;
      try {
        text = await readFile(o.script, 'utf8');
      } catch (e) {
        process.stderr.write(`Cannot read ${o.script}: ${e instanceof Error ? e.message : String(e)}\n`);
        return 2;
      }
      let failed = 0;
      for (const [i, line] of text.split('\n').entries()) {
        if (line.trim() !== '' && !line.trim().startsWith('#')) out.write(`${session.prompt}${line.trim()}\n`);
        const r = await session.line(line);
        if (!r.parsed) {
          failed++;
          process.stderr.write(`${o.script}:${i + 1}: could not parse this line\n`);
          if (o.strict) return 1;
        }
        // --strict is a script's `set -e`: the lines after a refused one would run on a state the script did not expect.
        if (o.strict && r.refused !== undefined) {
          process.stderr.write(`${o.script}:${i + 1}: refused: ${r.refused}\n  ${line.trim()}\n`);
          return 1;
        }
        if (r.quit) break;
      }
      return failed > 0 ? 1 : 0;
    }
    out.write(`${speechFor(config.PLENARY_DEFAULT_LANGUAGE ?? DEFAULT_LANGUAGE).t('console.welcome')}\n`);
    const rl = createInterface({ input: process.stdin, output: out, terminal: process.stdin.isTTY });
    rl.setPrompt(session.prompt);
    rl.prompt();
    for await (const line of rl) {
      if ((await session.line(line)).quit) break;
      rl.setPrompt(session.prompt);
      rl.prompt();
    }
    rl.close();
    return 0;
  } finally {
    await workers.close();
    await queue.close();
    await rt.close();
  }
}
