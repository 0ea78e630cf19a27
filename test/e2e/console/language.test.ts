import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = resolve(import.meta.dirname, '../../../bin/plenary.js');
const dir = mkdtempSync(join(tmpdir(), 'plenary-console-lang-'));
const env = { ...process.env, PLENARY_DATA_DIR: join(dir, 'data'), DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'warn' };

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('GIVEN plenary console --script and an assembly that speaks Spanish', () => {
  it('THEN announcements, results and replies are in Spanish, a member may choose English, and a bad zone is refused (strict mode names the line)', async () => {
    const file = join(dir, 'es.txt');
    writeFileSync(
      file,
      [
        'assembly setup "Barrio"',
        'assembly policy language es',
        'assembly policy timezone Europe/Madrid',
        '/as ben',
        'join',
        'help vote',
        'motion propose "Huerto" --body "Un huerto en la plaza."',
        'vote 1 sí',
        '/as alice',
        'language en',
        'vote 1 abstain',
      ].join('\n') + '\n',
    );
    const { stdout } = await run(process.execPath, [bin, 'console', '--script', file, '--strict'], { env, cwd: dir });
    expect(stdout).toContain('Barrio · La moción n.º 1 está abierta a votación');
    expect(stdout).toMatch(/Cierra: dentro de \d+ días \(\S+ \d+ \S+,? \d\d:\d\d (CET|GMT\+1)\)/);
    expect(stdout).toContain('Voto registrado en la moción n.º 1');
    // Help too: the assembly's language for a member who chose none.
    expect(stdout).toContain('Emite tu voto; vota de nuevo para cambiarlo');
    expect(stdout).toContain('<choice>: tu voto — obligatorio');
    expect(stdout).toContain('Vote recorded on motion #1');
    expect(stdout).toContain('Barrio · Moción n.º 1 aprobada');
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, 'assembly policy timezone Mars/Olympus\n');
    const refused = await run(process.execPath, [bin, 'console', '--script', bad, '--strict'], { env, cwd: dir }).then(
      () => null,
      (e: unknown) => e as { stdout: string; stderr: string; code: number },
    );
    expect(refused?.code).not.toBe(0);
    expect(`${refused?.stdout ?? ''}${refused?.stderr ?? ''}`).toContain('is not a time zone');
  }, 120_000);
});
