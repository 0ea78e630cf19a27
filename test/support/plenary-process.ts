import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const bin = resolve(import.meta.dirname, '../../bin/plenary.js');

/** A real `plenary …` process, its output collected line by line. */
export interface PlenaryProcess {
  readonly child: ChildProcess;
  readonly stdout: string[];
  /** JSON log lines (stderr), parsed; other stderr lines as `{ text }`. */
  readonly logs: Record<string, unknown>[];
  /** Resolves with the first log line `match` accepts; rejects after `timeoutMs` or when the process ends first. */
  waitForLog(match: (line: Record<string, unknown>) => boolean, what: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  readonly exited: Promise<number | string>;
}

/**
 * Spawns `node bin/plenary.js <args>` with only the environment given (plus
 * PATH and HOME), so nothing of the test runner's own configuration leaks in.
 */
export function spawnPlenary(args: readonly string[], env: Readonly<Record<string, string>>, cwd: string): PlenaryProcess {
  const child = spawn(process.execPath, [bin, ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, LOG_FORMAT: 'json', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  const lines = (stream: NodeJS.ReadableStream, each: (line: string) => void): void => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const p of parts) if (p.trim() !== '') each(p);
      for (const w of waiters) w();
    });
  };
  lines(child.stdout, (l) => stdout.push(l));
  lines(child.stderr, (l) => {
    try {
      logs.push(JSON.parse(l) as Record<string, unknown>);
    } catch {
      logs.push({ text: l });
    }
  });
  const exited = new Promise<number | string>((done) => child.on('exit', (code, signal) => done(code ?? signal ?? 'unknown')));
  let ended = false;
  void exited.then(() => {
    ended = true;
    for (const w of waiters) w();
  });
  const waitForLog = (match: (line: Record<string, unknown>) => boolean, what: string, timeoutMs = 45_000): Promise<Record<string, unknown>> =>
    new Promise((ok, fail) => {
      const timer = setTimeout(() => finish(new Error(`timed out waiting for ${what}; logs:\n${logs.map((l) => JSON.stringify(l)).join('\n')}`)), timeoutMs);
      const check = (): void => {
        const found = logs.find(match);
        if (found) finish(found);
        else if (ended) finish(new Error(`the process ended before ${what}; logs:\n${logs.map((l) => JSON.stringify(l)).join('\n')}\nstdout:\n${stdout.join('\n')}`));
      };
      function finish(r: Record<string, unknown> | Error): void {
        clearTimeout(timer);
        waiters.delete(check);
        if (r instanceof Error) fail(r);
        else ok(r);
      }
      waiters.add(check);
      check();
    });
  return { child, stdout, logs, waitForLog, exited };
}
