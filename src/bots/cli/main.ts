import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { loadConfig, type Config } from '../config.js';
import { describeEnvFile, loadEnvFile } from '../env-file.js';
import { AccountInUseError } from '../../adapters/matrix/account-lease.js';
import { DataDirInUseError } from '../../adapters/persistence/data-dir-lock.js';
import { missingDatabaseHint } from '../../adapters/persistence/pg-errors.js';
import { createLogger as createBaseLogger } from '../logger.js';
import { installProcessGuards } from '../process-guards.js';
import { runAuditExport, runAuditVerify, runAuditVerifyFile } from './audit.js';
import { runConsole } from './console.js';
import { runDoctor } from './doctor.js';
import { runDiscordRegister } from './discord-register.js';
import { runAppserviceRegistration } from './matrix-appservice.js';
import { runMigrate } from './migrate.js';
import { runStart } from './start.js';
import { parseShards, runShards } from './shards.js';
import { runWorker } from './worker.js';
import { runWeb } from './web.js';
import { runTally } from './tally.js';
import { runRotateKey } from './federation.js';

// `plenary doctor | head`: when the reader leaves, the rest of the output has nowhere to go. Not a crash, and not
// the lost database connection the process guards would take an EPIPE for: the command finishes, unheard.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
  });
}

const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

// Before anything reads the environment: `.env` in the working directory, the real environment winning.
const envFile = loadEnvFile(process.env, process.cwd());

/** Parses the environment once; on bad config lists every problem and exits non-zero. */
function config(): Config {
  const c = loadConfig();
  const problems = [...(envFile.kind === 'error' ? [`.env: ${describeEnvFile(envFile)}`] : []), ...(c.ok ? [] : c.problems)];
  if (!c.ok || problems.length > 0) {
    process.stderr.write(`Plenary cannot start: the configuration has ${problems.length} problem(s):\n${problems.map((p) => `  • ${p}`).join('\n')}\nSee .env.example for every variable and what it expects.\n`);
    process.exit(2);
  }
  return c.config;
}

/** Commands whose output is for a person log only warnings unless LOG_LEVEL asks for more detail than the default. */
const quieter = (level: Config['LOG_LEVEL']): Config['LOG_LEVEL'] => (level === 'info' ? 'warn' : level);

/** The command's logger; the first one made also guards the process (see process-guards.ts). */
let guarded = false;
function createLogger(c: Parameters<typeof createBaseLogger>[0]): ReturnType<typeof createBaseLogger> {
  const log = createBaseLogger(c);
  if (!guarded) installProcessGuards(log);
  guarded = true;
  return log;
}

const program = new Command()
  .name('plenary')
  .description('Chat bots that turn Discord servers and Matrix rooms into assemblies and join them into voluntary federations.')
  .version(version, '-v, --version', 'print the version of Plenary')
  .showHelpAfterError();

program
  .command('start')
  .description('Run every configured bot and the background workers (embedded database and queue when nothing is configured)')
  .option('--migrate', 'apply pending database migrations first (PostgreSQL; the embedded store always does)')
  .option('--shards <auto|n>', 'run the Discord bot as this many shard processes (discord.js ShardingManager; needs DATABASE_URL)')
  .action(async (o: { migrate?: boolean; shards?: string }) => {
    const c = config();
    if (o.shards !== undefined) {
      const shards = parseShards(o.shards);
      if (!shards.ok) {
        process.stderr.write(`${shards.message}\n`);
        process.exitCode = 2;
        return;
      }
      if (c.PLENARY_MIGRATE_ON_START || o.migrate) {
        const code = await runMigrate(c, createLogger(c), process.stdout);
        if (code !== 0) {
          process.exitCode = code;
          return;
        }
      }
      process.exitCode = await runShards(c, createLogger(c), { total: shards.total });
      return;
    }
    process.exitCode = await runStart({ ...c, PLENARY_MIGRATE_ON_START: c.PLENARY_MIGRATE_ON_START || Boolean(o.migrate) }, createLogger(c));
  });

program
  .command('web')
  .description('Serve the read-only web view alone (PLENARY_WEB_HOST, PLENARY_WEB_PORT; `start` serves it too)')
  .action(async () => {
    const c = config();
    process.exitCode = await runWeb(c, createLogger(c));
  });

program
  .command('worker')
  .description('Work the background queue only (relay, rollups, deadlines); needs DATABASE_URL and REDIS_URL')
  .option('--concurrency <n>', 'jobs at once per lane', '4')
  .action(async (o: { concurrency: string }) => {
    const c = config();
    const n = Number(o.concurrency);
    if (!Number.isInteger(n) || n < 1 || n > 256) {
      process.stderr.write('--concurrency is a whole number from 1 to 256\n');
      process.exitCode = 2;
      return;
    }
    process.exitCode = await runWorker(c, createLogger(c), { concurrency: n });
  });

program
  .command('migrate')
  .description('Apply pending database migrations')
  .action(async () => {
    const c = config();
    // The human report is the output; at the default level the runner's per-migration log lines would repeat it.
    process.exitCode = await runMigrate(c, createLogger({ ...c, LOG_LEVEL: quieter(c.LOG_LEVEL) }), process.stdout);
  });

program
  .command('doctor')
  .description('Check the database, Redis and each platform credential; exits non-zero if something is wrong')
  .action(async () => {
    const c = config();
    process.exitCode = await runDoctor(c, createLogger({ ...c, LOG_LEVEL: 'warn' }), process.stdout, describeEnvFile(envFile));
  });

program
  .command('console')
  .description('Try Plenary in the terminal, without any chat account (/as <user>, /in <room>)')
  .option('--script <file>', 'run the lines of a file (one command per line, # comments) and print every reply')
  .option('--strict', 'with --script: stop at the first command Plenary refuses and exit non-zero, naming its line')
  .option('--out-dir <dir>', 'where files that replies carry (audit export, motion blt, CSV) are saved; never over an existing file (default: the working directory)')
  .action(async (o: { script?: string; strict?: boolean; outDir?: string }) => {
    const c = config();
    process.exitCode = await runConsole(c, createLogger({ ...c, LOG_LEVEL: quieter(c.LOG_LEVEL) }), { ...(o.script ? { script: o.script } : {}), ...(o.outDir ? { outDir: o.outDir } : {}), strict: Boolean(o.strict) });
  });

program
  .command('tally')
  .description('Count a BLT election file by STV and print the winners and the count sheet')
  .requiredOption('--blt <file>', 'the BLT file')
  .option('--json', 'print {"winners": [...], "quota": ..., "stages": [...]} instead')
  .action(async (o: { blt: string; json?: boolean }) => {
    process.exitCode = await runTally({ blt: o.blt, json: Boolean(o.json) }, process.stdout, process.stderr);
  });

program
  .command('discord')
  .description('Discord administration')
  .command('register')
  .description('Register the slash commands (in one guild for development, globally otherwise); safe to run again')
  .option('--guild <id>', 'register in this guild only (instant updates; default DISCORD_DEV_GUILD_ID when set)')
  .action(async (o: { guild?: string }) => {
    const c = config();
    process.exitCode = await runDiscordRegister(c, createLogger({ ...c, LOG_LEVEL: 'warn' }), process.stdout, o.guild ?? c.DISCORD_DEV_GUILD_ID);
  });

program
  .command('matrix')
  .description('Matrix administration')
  .command('appservice-registration')
  .description('Write an application-service registration for the bot (its own sender, no rate limits): give it to the homeserver and to MATRIX_APPSERVICE_REGISTRATION')
  .requiredOption('--url <url>', 'where the homeserver reaches the bot, e.g. http://127.0.0.1:9090')
  .requiredOption('--server-name <name>', "the homeserver's server name (the part after ':' in user ids)")
  .option('--localpart <localpart>', 'the bot user (without @ and server)', 'plenary')
  .option('--out <file>', 'write the file (owner-readable only) instead of printing it')
  .action(async (o: { url: string; serverName: string; localpart: string; out?: string }) => {
    process.exitCode = await runAppserviceRegistration(o, process.stdout, process.stderr);
  });

program
  .command('federation')
  .description('Federation between deployments (docs/FEDERATION-PROTOCOL.md)')
  .command('rotate-key')
  .description('Replace the deployment key (the old one stays valid 24 hours) and announce the new one, signed by the old, in every link room')
  .action(async () => {
    const c = config();
    process.exitCode = await runRotateKey(c, createLogger({ ...c, LOG_LEVEL: 'warn' }), process.stdout);
  });

const audit = program.command('audit').description("Check or export an assembly's tamper-evident record");
audit
  .command('verify')
  .description('Re-check every hash chain against its head, compare motions and ballots with the record, recount every closed motion; exits non-zero on any mismatch')
  .option('--assembly <name>', 'only this assembly')
  .option('--witness <file>', 'also check against chain heads witnessed in chat (lines as posted, or JSON lines; docs/AUDIT.md)')
  .option('--file <export>', 'verify an `audit export` file instead, with no database')
  .action(async (o: { assembly?: string; witness?: string; file?: string }) => {
    if (o.file) {
      process.exitCode = await runAuditVerifyFile(o.file, process.stdout, o.witness);
      return;
    }
    const c = config();
    process.exitCode = await runAuditVerify(c, createLogger({ ...c, LOG_LEVEL: 'warn' }), process.stdout, o.assembly, o.witness);
  });
audit
  .command('export')
  .description('Write the record as JSON lines (secret ballots without voters), or the results as CSV')
  .requiredOption('--assembly <name>', 'the assembly')
  .option('--out <file>', 'write to a file instead of standard output')
  .addOption(new Option('--format <format>', 'jsonl: the record; csv: the results of every motion, one row each (counts only, never voters)').choices(['jsonl', 'csv']).default('jsonl'))
  .action(async (o: { assembly: string; out?: string; format: 'jsonl' | 'csv' }) => {
    const c = config();
    process.exitCode = await runAuditExport(c, createLogger({ ...c, LOG_LEVEL: 'warn' }), o.assembly, o.out, o.format);
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  // Expected: another process has the embedded store or the bot account, or the configured PostgreSQL
  // database was never created. Their messages say who and what to do; no stack trace.
  const hint = missingDatabaseHint(e, process.env.DATABASE_URL);
  if (e instanceof DataDirInUseError || e instanceof AccountInUseError) {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 3;
  } else if (hint) {
    process.stderr.write(`${hint}\n`);
    process.exitCode = 2;
  } else throw e;
}
