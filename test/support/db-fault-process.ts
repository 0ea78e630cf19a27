/*
 * A Plenary process for the database-fault test, wired as the composition
 * roots wire one (config from the environment, the JSON logger on stderr,
 * the runtime over DATABASE_URL). On stdin: `work` starts a loop of store
 * reads and raw sessions (each holding its connection across a pause, as a
 * ballot batch does), `idle` stops it, `reject` leaves a rejected promise
 * unhandled and `lost` throws a lost-connection error outside any handler
 * (each carrying a pg-like client with the password), `quit` closes and exits. It prints
 * `tick <n> ok` or `tick <n> failed` per round on stdout.
 */
import { createInterface } from 'node:readline';
import { loadConfig } from '../../src/bots/config.js';
import { createLogger } from '../../src/bots/logger.js';
import { installProcessGuards } from '../../src/bots/process-guards.js';
import { openRuntime } from '../../src/bots/runtime.js';

const loaded = loadConfig();
if (!loaded.ok) throw new Error(loaded.problems.join('; '));
const log = createLogger(loaded.config);
installProcessGuards(log);
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
  } else if (line === 'reject' || line === 'lost') {
    // What pg-pool hangs on the errors it emits: the client, with its connection settings.
    const client = { connectionParameters: { user: 'postgres', password: process.env.SECRET_FOR_TEST, host: '127.0.0.1' }, connectionString: process.env.DATABASE_URL };
    const error = Object.assign(new Error(line === 'lost' ? 'Connection terminated unexpectedly' : `failed for ${process.env.DATABASE_URL ?? ''}`), { client });
    if (line === 'reject') void Promise.reject(error);
    else setTimeout(() => {
      throw error;
    }, 0);
    setTimeout(() => process.stdout.write(`${line} survived\n`), 100);
  } else if (line === 'quit') {
    working = false;
    break;
  }
}
await rt.close();
process.stdout.write('closed\n');
process.exit(0);
