import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startBanner } from '../../../src/bots/cli/start.js';

const run = promisify(execFile);
const bin = resolve(import.meta.dirname, '../../../bin/plenary.js');
const dir = mkdtempSync(join(tmpdir(), 'plenary-banner-'));
const env = { ...process.env, PLENARY_DATA_DIR: join(dir, 'data'), DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'warn', LOG_FORMAT: 'json' };
let proc: ChildProcessWithoutNullStreams | undefined;

afterAll(() => {
  if (proc && proc.exitCode === null) proc.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function plenary(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    return { ...(await run(process.execPath, [bin, ...args], { env, cwd: dir, timeout: 90_000 })), code: 0 };
  } catch (e) {
    const x = e as { stdout: string; stderr: string; code: number };
    return { stdout: x.stdout, stderr: x.stderr, code: x.code };
  }
}

/** The `npm run plenary -- …` commands a banner suggests, as argument lists. */
const suggested = (banner: string): string[][] => [...banner.matchAll(/npm run plenary -- ([^\n(]+)/g)].map((m) => (m[1] ?? '').trim().split(/\s+/));

describe('GIVEN the banner of plenary start with no chat platform', () => {
  it('THEN on PostgreSQL it suggests the console in another terminal, and on the embedded store it says to stop this process first', () => {
    const pg = startBanner({ PLENARY_DATA_DIR: './data', REDIS_URL: undefined }, 'postgres');
    expect(pg).toContain('in another terminal: npm run plenary -- console');
    const embedded = startBanner({ PLENARY_DATA_DIR: './data', REDIS_URL: undefined }, 'pglite');
    expect(embedded).not.toContain('another terminal');
    expect(embedded).toMatch(/stop this one first \(Ctrl-C\), then run/);
    // Only commands that run from a checkout as written: `plenary` alone is not on the PATH.
    expect(embedded).not.toMatch(/(^|[^-] )plenary (console|doctor)/m);
    expect(suggested(embedded)).toEqual([['console', '--script', 'docs/examples/demo.txt', '--strict'], ['console'], ['doctor']]);
  });

  it('THEN on the embedded store a console started next to it is refused and loses nothing, doctor names the holder, and once stopped the suggested console runs on the same data', async () => {
    const setup = join(dir, 'setup.txt');
    writeFileSync(setup, 'assembly setup "Banner Hall"\n/as ben\njoin\nmotion propose "Keep this"\n');
    expect((await plenary(['console', '--script', setup, '--strict'])).code).toBe(0);

    proc = spawn(process.execPath, [bin, 'start'], { env, cwd: dir });
    const p = proc;
    const exited = new Promise<number | null>((r) => p.on('exit', (code) => r(code)));
    let out = '';
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`plenary start did not come up: ${out}`)), 90_000);
      p.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Stop with Ctrl-C.')) {
          clearTimeout(timer);
          ok();
        }
      });
      void exited.then(() => fail(new Error(`plenary start exited: ${out}`)));
    });
    expect(out).toContain(startBanner({ PLENARY_DATA_DIR: join(dir, 'data'), REDIS_URL: undefined }, 'pglite'));

    const check = join(dir, 'check.txt');
    writeFileSync(check, 'results 1\n');
    const next = await plenary(['console', '--script', check, '--strict']);
    expect(next.code).toBe(3);
    expect(next.stderr).toContain(`in use by another Plenary process: pid ${String(p.pid)}`);
    const doctor = await plenary(['doctor']);
    expect(doctor.stdout).toContain(`in use by pid ${String(p.pid)}`);

    p.kill('SIGINT');
    expect(await exited).toBe(0);
    const after = await plenary(['console', '--script', check, '--strict']);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('Motion #1 is open');
  }, 300_000);
});
