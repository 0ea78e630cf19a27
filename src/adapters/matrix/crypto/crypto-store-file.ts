import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { isIdbSnapshot, type IdbSnapshot } from './idb-snapshot.js';

const MAGIC = 'PLENARY-CRYPTO-STORE 1\n';

/** The file exists but cannot be read as a snapshot: refused rather than replaced by a new, empty store (a new device). */
export class CryptoStoreUnreadableError extends Error {
  constructor(
    readonly path: string,
    why: string,
  ) {
    super(
      `The Matrix crypto store ${path} cannot be read (${why}). Plenary will not start with an empty one: that would be a new device with new keys under the old device id, which the homeserver refuses. ` +
        `Restore the file from a backup, or reset it as README "Matrix end-to-end encryption" says (move the file away and give the bot a new access token/device).`,
    );
    this.name = 'CryptoStoreUnreadableError';
  }
}

/** What the writer does to the disk; a test swaps it to crash mid-write. */
export interface SnapshotWriteSteps {
  writeTemp(path: string, data: Buffer): Promise<void>;
  replace(tmp: string, path: string): Promise<void>;
}

/**
 * One snapshot on disk, replaced atomically: the new bytes go to a temporary
 * file beside it, are flushed (fsync), and only then renamed over the old
 * one, and the directory is flushed too. A crash at any point leaves either
 * the previous snapshot or the new one, never part of one; a checksum in the
 * header catches a file damaged some other way. Mode 0600: it holds the
 * device's private keys.
 */
export class CryptoStoreFile {
  constructor(
    readonly path: string,
    private readonly steps: SnapshotWriteSteps = fsyncedSteps,
  ) {}

  async read(): Promise<IdbSnapshot | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    return decode(this.path, bytes);
  }

  async write(snapshot: IdbSnapshot): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = join(dirname(this.path), `.${basename(this.path)}.${String(process.pid)}.tmp`);
    try {
      await this.steps.writeTemp(tmp, encode(snapshot));
      await this.steps.replace(tmp, this.path);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
  }
}

export function encode(snapshot: IdbSnapshot): Buffer {
  const payload = serialize(snapshot);
  const sum = createHash('sha256').update(payload).digest('hex');
  return Buffer.concat([Buffer.from(`${MAGIC}${sum}\n`, 'utf8'), payload]);
}

export function decode(path: string, bytes: Buffer): IdbSnapshot {
  const head = MAGIC.length + 65;
  if (bytes.length < head || bytes.subarray(0, MAGIC.length).toString('utf8') !== MAGIC) throw new CryptoStoreUnreadableError(path, 'not a Plenary crypto store');
  const sum = bytes.subarray(MAGIC.length, head - 1).toString('utf8');
  const payload = bytes.subarray(head);
  if (createHash('sha256').update(payload).digest('hex') !== sum) throw new CryptoStoreUnreadableError(path, 'checksum mismatch: the file is damaged');
  let value: unknown;
  try {
    value = deserialize(payload);
  } catch (e) {
    throw new CryptoStoreUnreadableError(path, `cannot decode: ${(e as Error).message}`);
  }
  if (!isIdbSnapshot(value)) throw new CryptoStoreUnreadableError(path, 'unexpected content');
  return value;
}

export const fsyncedSteps: SnapshotWriteSteps = {
  async writeTemp(tmp, data) {
    const f = await open(tmp, 'w', 0o600);
    try {
      await f.writeFile(data);
      await f.sync();
    } finally {
      await f.close();
    }
  },
  async replace(tmp, path) {
    await rename(tmp, path);
    // The rename itself is durable only once the directory is flushed.
    const d = await open(dirname(path), 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  },
};
