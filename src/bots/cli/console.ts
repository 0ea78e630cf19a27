import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { ConsoleSender } from '../../adapters/console/console-sender.js';
import { ConsoleSession } from '../../adapters/console/console-session.js';
import type { Logger } from '../../core/ports/logger.port.js';
import type { Config } from '../config.js';
import { openRuntime } from '../runtime.js';

/** `plenary console`: the console platform on the configured store (embedded by default). */
export async function runConsole(config: Config, log: Logger, o: { script?: string }): Promise<number> {
  const out = process.stdout;
  const rt = await openRuntime(config, log, [new ConsoleSender(out)]);
  const session = new ConsoleSession(rt.core, rt.table, out);
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
        }
        if (r.quit) break;
      }
      return failed > 0 ? 1 : 0;
    }
    out.write('Plenary console. Type help for commands, /help for console commands, /quit to leave.\n');
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
    await rt.close();
  }
}
