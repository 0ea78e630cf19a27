import { execFile, spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirInUseError, LOCK_FILE } from '../../../src/adapters/persistence/data-dir-lock.js';

const run = promisify(execFile);
const bin = resolve(import.meta.dirname, '../../../bin/plenary.js');
const dir = mkdtempSync(join(tmpdir(), 'plenary-lock-'));
const data = join(dir, 'data');
const env = { ...process.env, PLENARY_DATA_DIR: data, DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'warn', LOG_FORMAT: 'json' };
const started: ChildProcess[] = [];

afterEach(() => {
  for (const p of started.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function plenary(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const r = await run(process.execPath, [bin, ...args], { env, cwd: dir, timeout: 60_000 });
    return { ...r, code: 0 };
  } catch (e) {
    const x = e as { stdout: string; stderr: string; code: number };
    return { stdout: x.stdout, stderr: x.stderr, code: x.code };
  }
}

function script(name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** `plenary start` with no chat platform: the embedded store and the in-process queue, until a signal. */
async function startPlenary(): Promise<{ proc: ChildProcessWithoutNullStreams; exited: Promise<number | null> }> {
  const proc = spawn(process.execPath, [bin, 'start'], { env, cwd: dir });
  started.push(proc);
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  let out = '';
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`plenary start did not come up: ${out}`)), 60_000);
    const seen = (d: Buffer): void => {
      out += d.toString();
      if (out.includes('Plenary is running')) {
        clearTimeout(timer);
        ok();
      }
    };
    proc.stdout.on('data', seen);
    proc.stderr.on('data', seen);
    void exited.then(() => fail(new Error(`plenary start exited: ${out}`)));
  });
  return { proc, exited };
}

describe('GIVEN plenary start running on the embedded store', () => {
  it('WHEN a second process (console, doctor, audit) wants the same folder THEN it is refused naming the holder pid, and opens once the first stopped or died', async () => {
    const first = await startPlenary();
    const pid = first.proc.pid!;
    const join1 = script('join.txt', ['assembly setup "Lock Hall"', '/as ben', 'join']);

    const consoleRun = await plenary(['console', '--script', join1]);
    expect(consoleRun.code).not.toBe(0);
    expect(consoleRun.stderr).toContain(`in use by another Plenary process: pid ${pid} (plenary start`);
    expect(consoleRun.stderr).toContain('DATABASE_URL');
    expect(consoleRun.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace

    const doctor = await plenary(['doctor']);
    expect(doctor.stdout).toContain(`in use by pid ${pid}`);
    const audit = await plenary(['audit', 'verify']);
    expect(audit.code).not.toBe(0);
    expect(audit.stderr).toContain(`pid ${pid}`);

    // The first stops: the folder is free, and the data written now survives.
    first.proc.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const after = await plenary(['console', '--script', join1]);
    expect(after.stderr).not.toContain('in use');
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('Lock Hall');

    // A process killed outright leaves its lock behind: the next one takes it over.
    const second = await startPlenary();
    second.proc.kill('SIGKILL');
    await second.exited;
    const verify = await plenary(['audit', 'verify']);
    expect(verify.stderr).not.toContain('in use');
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('Lock Hall');
  }, 240_000);
});

describe('GIVEN a lock left by a dead process', () => {
  it('WHEN twelve openers race to take it over THEN exactly one gets it and the rest are refused naming it', async () => {
    const folder = mkdtempSync(join(dir, 'race-'));
    // pid 2^22+1 is above Linux's pid_max default: nobody runs under it.
    writeFileSync(join(folder, LOCK_FILE), JSON.stringify({ pid: 4_194_305, command: 'plenary start', host: (await import('node:os')).hostname(), since: '2026-01-01T00:00:00Z' }));
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => acquireDataDirLock(folder, `opener ${i}`)));
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(DataDirInUseError);
    const refusals = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as DataDirInUseError).holder.command] : []));
    const winner = won[0];
    expect(new Set(refusals)).toEqual(new Set([winner?.holder.command]));
    await winner?.release();
    const again = await acquireDataDirLock(folder, 'later');
    await again.release();
  });
});
