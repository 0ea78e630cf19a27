import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN_URL, testDatabase, type TestDatabase } from '../../support/test-database.js';

const PROCESS = fileURLToPath(new URL('../../support/db-fault-process.ts', import.meta.url));
const PASSWORD = 'pw-4f1d-never-print-me';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('GIVEN a Plenary process on PostgreSQL whose connections the server terminates', () => {
  let db: TestDatabase;
  let admin: pg.Client;
  beforeAll(async () => {
    db = await testDatabase();
    admin = new pg.Client({ connectionString: TEST_ADMIN_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await db.close();
  });

  /** pg_terminate_backend for every connection of the process's database (the server cuts them, as a restart or failover would). */
  const terminate = async (): Promise<number> => {
    const r = await admin.query<{ n: string }>('SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [db.name]);
    return Number(r.rows[0]?.n ?? 0);
  };

  it('WHEN they are cut while it is idle and again while it works, and errors carrying its client go unhandled, THEN it survives, its next operations succeed, and its output holds no password, connection string or client object', async () => {
    // Trust authentication ignores the password: it is there to be looked for in the output.
    const url = new URL(TEST_ADMIN_URL);
    url.pathname = `/${db.name}`;
    url.username = 'postgres';
    url.password = PASSWORD;
    const child = spawn(process.execPath, ['--import', 'tsx', PROCESS], {
      env: { ...process.env, SECRET_FOR_TEST: PASSWORD, DATABASE_URL: url.toString(), REDIS_URL: '', LOG_LEVEL: 'info', LOG_FORMAT: 'json' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const alive = (): boolean => child.exitCode === null && child.signalCode === null;
    const okTicks = (): number => (out.match(/ ok\n/g) ?? []).length;
    const until = async (what: string, done: () => boolean): Promise<void> => {
      for (let waited = 0; !done(); waited += 20) {
        if (waited > 30_000 || (!alive() && !done())) throw new Error(`${what}; exit ${child.exitCode} ${child.signalCode}\nstdout: ${out}\nstderr: ${err}`);
        await sleep(20);
      }
    };
    try {
      await until('the process did not start', () => out.includes('ready'));
      // Idle: the pool's connections are cut while nobody uses them.
      expect(await terminate()).toBeGreaterThan(0);
      await sleep(500);
      expect(alive(), `died while idle:\n${err}`).toBe(true);
      // Working: cut again, several times, while sessions hold connections across a pause.
      child.stdin.write('work\n');
      await until('no work after the idle cut', () => okTicks() >= 6);
      for (let i = 0; i < 5; i++) {
        await terminate();
        await sleep(150);
      }
      expect(alive(), `died while working:\n${err}`).toBe(true);
      const before = okTicks();
      await until('no work succeeded after the cuts', () => okTicks() >= before + 6);
      // A promise nobody awaited and a lost connection outside any query, each carrying the client: logged, survived.
      child.stdin.write('reject\n');
      await until('it died of an unhandled rejection', () => out.includes('reject survived'));
      child.stdin.write('lost\n');
      await until('it died of a lost connection outside any query', () => out.includes('lost survived'));
      expect(err).toMatch(/unhandled promise rejection/);
      expect(err).toMatch(/database connection lost outside any query/);
      child.stdin.write('quit\n');
      await until('it did not close', () => !alive());
      expect(await exited).toBe(0);
      expect(out).toContain('closed');
    } finally {
      if (alive()) child.kill('SIGKILL');
    }
    const output = out + err;
    expect(output).not.toContain(PASSWORD);
    expect(output).not.toMatch(/postgres(ql)?:\/\/[^*]/);
    expect(output).not.toMatch(/connectionParameters|Client \{|"_connecting"|"_queryable"/);
    // The cuts are logged, once per connection, each on one line.
    expect(err).toMatch(/PostgreSQL connection/);
  }, 120_000);
});
