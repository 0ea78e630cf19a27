import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = resolve(import.meta.dirname, '../../../bin/plenary.js');
const dir = mkdtempSync(join(tmpdir(), 'plenary-newcomer-'));
const { PLENARY_DATA_DIR: _d, REDIS_URL: _r, DATABASE_URL: _u, PLENARY_CONFIG: _c, ...clean } = process.env;
const env = { ...clean, LOG_FORMAT: 'json' };

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function plenary(args: string[], o: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    return { ...(await run(process.execPath, [bin, ...args], { env: o.env ?? env, cwd: o.cwd ?? dir, timeout: 120_000 })), code: 0 };
  } catch (e) {
    const x = e as { stdout: string; stderr: string; code: number };
    return { stdout: x.stdout, stderr: x.stderr, code: x.code };
  }
}

describe('GIVEN a newcomer at the command line', () => {
  it('THEN plenary --version (and -v) prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const r = await plenary([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  }, 120_000);

  it('THEN .env in the working directory is read (migrate uses its data folder, JSON log lines do not repeat the report), the environment wins over it, and doctor says which file it read', async () => {
    const project = join(dir, 'project');
    mkdirSync(project);
    writeFileSync(join(project, '.env'), '# mine\nPLENARY_DATA_DIR=./from-dotenv\nREDIS_URL=redis://127.0.0.1:1\n');

    const migrate = await plenary(['migrate'], { cwd: project });
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toContain('Migrating the embedded database in ./from-dotenv');
    expect(migrate.stdout).toMatch(/Applied \d+ migration\(s\)/);
    expect(existsSync(join(project, 'from-dotenv'))).toBe(true);
    expect(migrate.stderr).not.toContain('applied migration'); // the runner's info lines would repeat the report

    const fromFile = await plenary(['doctor'], { cwd: project });
    expect(fromFile.stdout).toContain(`read ${join(project, '.env')}: 2 variable(s) from the file (PLENARY_DATA_DIR, REDIS_URL)`);
    expect(fromFile.stdout).toContain('Redis');
    expect(fromFile.stdout).toContain('redis://127.0.0.1:1');

    const overridden = await plenary(['doctor'], { cwd: project, env: { ...env, REDIS_URL: '' } });
    expect(overridden.stdout).toContain('the environment wins for REDIS_URL');
    expect(overridden.stdout).toContain('in-process queue');
    expect(overridden.code).toBe(0);
  }, 300_000);

  it('THEN doctor piped into a reader that leaves early (doctor | head -1) finishes with its own exit code and no EPIPE', async () => {
    // Doctor's own answer, read in full (a new folder: start will migrate it, which is no failure).
    const own = await plenary(['doctor'], { env: { ...env, PLENARY_DATA_DIR: join(dir, 'pipe-data') } });
    const child = spawn(process.execPath, [bin, 'doctor'], { env: { ...env, PLENARY_DATA_DIR: join(dir, 'pipe-data') }, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    // The same answer whether anyone reads it to the end or not.
    expect(code).toBe(own.code);
    expect(err).not.toContain('EPIPE');
    expect(err).not.toContain('uncaught');
  }, 120_000);

  it('THEN files that console replies carry (audit export, motion blt) are saved in --out-dir, a second one beside the first, an existing file never overwritten', async () => {
    const out = join(dir, 'exports');
    mkdirSync(out);
    writeFileSync(join(out, 'Saving-Hall-record.jsonl'), 'mine\n');
    const script = join(dir, 'export.txt');
    writeFileSync(script, ['assembly setup "Saving Hall"', 'motion propose "Chair" --method ranked --option Ana --option Ben', 'vote 1 2>1', 'motion blt 1', 'audit export', 'audit export'].join('\n') + '\n');
    const r = await plenary(['console', '--script', script, '--strict', '--out-dir', out], { env: { ...env, PLENARY_DATA_DIR: join(dir, 'export-data') } });
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'Saving-Hall-record.jsonl'), 'utf8')).toBe('mine\n');
    expect(readdirSync(out).sort()).toEqual(['Saving-Hall-record-1.jsonl', 'Saving-Hall-record-2.jsonl', 'Saving-Hall-record.jsonl', 'motion-1.blt']);
    expect(r.stdout).toContain(`saved as ${join(out, 'motion-1.blt')}`);
    expect(r.stdout).toContain(`saved as ${join(out, 'Saving-Hall-record-2.jsonl')}`);
    expect(readFileSync(join(out, 'motion-1.blt'), 'utf8')).toMatch(/^2 1\n/);
    expect(readFileSync(join(out, 'Saving-Hall-record-1.jsonl'), 'utf8').split('\n')[0]).toContain('"name":"Saving Hall"');
  }, 180_000);
});
