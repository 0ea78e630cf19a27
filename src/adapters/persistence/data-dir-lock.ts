import { randomBytes } from 'node:crypto';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * The embedded store (PGlite) is one database session in one process: a
 * second process opening the same folder writes over the first one's files
 * and loses data. The folder therefore holds a lock file naming its holder;
 * one process at a time opens it, and every other process is refused with
 * the holder's pid. A lock left by a process that died (SIGKILL, power loss)
 * is taken over.
 */
export const LOCK_FILE = 'plenary.lock';
const TAKEOVER_FILE = 'plenary.lock.takeover';

export interface LockHolder {
  readonly pid: number;
  /** What the holder runs (`plenary start`, `plenary console`…), for the refusal. */
  readonly command: string;
  readonly host: string;
  readonly since: string;
  /** The holder's start time from /proc (Linux), to tell its pid from a later process that reuses it. */
  readonly startTicks?: string | undefined;
}

/** Expected, not a bug: another live process has the folder. Its message says who and what to do. */
export class DataDirInUseError extends Error {
  readonly code = 'data-dir-in-use';
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another Plenary process: pid ${holder.pid} (${holder.command}, since ${holder.since}). ` +
        `The embedded database serves one process at a time, so this one did not open it. ` +
        `Stop that process first (Ctrl-C in its terminal, or kill ${holder.pid}) and run this again; ` +
        `to run several processes at once (for example plenary console next to plenary start), use PostgreSQL: set DATABASE_URL.`,
    );
    this.name = 'DataDirInUseError';
  }
}

export interface DataDirLock {
  readonly holder: LockHolder;
  /** Removes the lock file if it is still this process's. */
  release(): Promise<void>;
}

/** Process start time in clock ticks since boot (field 22 of /proc/<pid>/stat); undefined off Linux or for a gone pid. */
async function startTicksOf(pid: number): Promise<string | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** True while the holder runs: its pid answers signal 0 (EPERM: alive, another user's) and, where /proc tells, it is the same process. */
export async function isAlive(holder: LockHolder): Promise<boolean> {
  if (holder.host !== hostname()) return true; // A folder shared over the network: we cannot tell, so never take it.
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (holder.startTicks === undefined) return true;
  const ticks = await startTicksOf(holder.pid);
  return ticks === undefined || ticks === holder.startTicks;
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    const str = (x: unknown, otherwise: string): string => (typeof x === 'string' ? x : otherwise);
    if (typeof v.pid !== 'number' || !Number.isSafeInteger(v.pid) || v.pid <= 0) return undefined;
    return { pid: v.pid, command: str(v.command, 'plenary'), host: str(v.host, hostname()), since: str(v.since, '?'), startTicks: typeof v.startTicks === 'string' ? v.startTicks : undefined };
  } catch {
    return undefined;
  }
}

/** Who holds the folder now, if anyone alive does (read-only: `doctor` asks this instead of opening the store). */
export async function lockHolder(dataDir: string): Promise<LockHolder | undefined> {
  const text = await readFile(join(dataDir, LOCK_FILE), 'utf8').catch(() => undefined);
  const holder = text === undefined ? undefined : parseHolder(text);
  return holder && (await isAlive(holder)) ? holder : undefined;
}

const exists = (e: unknown): boolean => (e as NodeJS.ErrnoException).code === 'EEXIST';

/**
 * Takes the folder's lock or throws `DataDirInUseError`. The lock file is
 * written whole under a private name and linked into place, so no reader
 * ever sees it half-written, and `link` fails if a lock is there. A dead
 * holder's lock is replaced under a second, short-lived lock (the takeover
 * file), after re-reading it: two processes that both found it stale cannot
 * both take it.
 */
export async function acquireDataDirLock(dataDir: string, command: string): Promise<DataDirLock> {
  const path = join(dataDir, LOCK_FILE);
  const holder: LockHolder = { pid: process.pid, command, host: hostname(), since: new Date().toISOString(), startTicks: await startTicksOf(process.pid) };
  const text = JSON.stringify(holder);
  const mine = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(mine, text, { flag: 'wx' });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(mine, path);
        return ownLock(path, holder, text);
      } catch (e) {
        if (!exists(e)) throw e;
      }
      const found = await readFile(path, 'utf8').catch(() => undefined);
      if (found === undefined) continue; // Released meanwhile: try again.
      const current = parseHolder(found);
      if (current && (await isAlive(current))) throw new DataDirInUseError(dataDir, current);
      if (attempt >= 3) throw new Error(`could not take over the stale lock ${path}; remove it if no Plenary process uses ${dataDir}`);
      if (await takeOver(dataDir, path, found, mine)) return ownLock(path, holder, text);
    }
  } finally {
    await unlink(mine).catch(() => undefined);
  }
}

/** Replaces the lock whose text is `stale` with ours, holding the takeover file meanwhile; false if someone else is taking it over. */
async function takeOver(dataDir: string, path: string, stale: string, mine: string): Promise<boolean> {
  const mutex = join(dataDir, TAKEOVER_FILE);
  try {
    await writeFile(mutex, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }), { flag: 'wx' });
  } catch (e) {
    if (!exists(e)) throw e;
    const other = parseHolder(await readFile(mutex, 'utf8').catch(() => ''));
    // A takeover whose process died inside it (a window of a few system calls) is cleared; a live one is waited for.
    if (!other || !(await isAlive(other))) await unlink(mutex).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    return false;
  }
  try {
    // Under the takeover lock: the stale lock is replaced only if it is still the one we judged dead.
    if ((await readFile(path, 'utf8').catch(() => undefined)) !== stale) return false;
    // rename replaces it in one step: the folder is never without a lock for a third process to take.
    await rename(mine, path);
    return true;
  } finally {
    await unlink(mutex).catch(() => undefined);
  }
}

function ownLock(path: string, holder: LockHolder, text: string): DataDirLock {
  return {
    holder,
    async release() {
      // Only our own: after a takeover the file may name another process.
      if ((await readFile(path, 'utf8').catch(() => undefined)) === text) await unlink(path).catch(() => undefined);
    },
  };
}
