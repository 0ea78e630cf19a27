/*
 * A Plenary process for the database-fault test, wired as the composition
 * roots wire one (config from the environment, the JSON logger on stderr,
 * the runtime over DATABASE_URL). On stdin: `work` starts a loop of store
 * reads and raw sessions (each holding its connection across a pause, as a
 * ballot batch does), `idle` stops it, `quit` closes and exits. It prints
 * `tick <n> ok` or `tick <n> failed` per round on stdout.
 */
import { createInterface } from 'node:readline';
import { loadConfig } from '../../src/bots/config.js';
import { createLogger } from '../../src/bots/logger.js';
import { openRuntime } from '../../src/bots/runtime.js';

const loaded = loadConfig();
if (!loaded.ok) throw new Error(loaded.problems.join('; '));
const log = createLogger(loaded.config);
const rt = await openRuntime(loaded.config, log);

let working = false;
let tick = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function round(): Promise<void> {
  const n = ++tick;
  try {
    await rt.core.store.read.assemblyIds();
    await rt.db.sql.withSession(async (s) => {
      await s.query('SELECT 1');
      await sleep(30);
      await s.query('SELECT 2');
    });
    process.stdout.write(`tick ${n} ok\n`);
  } catch {
    process.stdout.write(`tick ${n} failed\n`);
  }
}

async function loop(): Promise<void> {
  while (working) await Promise.all([round(), round(), round()]);
}

// Warm the pool up so that idle connections exist to be cut.
await Promise.all([round(), round(), round()]);
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'work' && !working) {
    working = true;
    void loop();
  } else if (line === 'idle') {
    working = false;
  } else if (line === 'quit') {
    working = false;
    break;
  }
}
await rt.close();
process.stdout.write('closed\n');
process.exit(0);
