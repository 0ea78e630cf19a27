import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * A small JSON document on disk, written atomically (temporary file, then
 * rename) so a crash mid-write leaves the previous version, never half of one.
 * Writes are serialised; the latest value wins.
 */
export class JsonFile<T> {
  private chain: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  async read(): Promise<T | null> {
    try {
      return JSON.parse(await readFile(this.path, 'utf8')) as T;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  write(value: T): Promise<void> {
    const text = JSON.stringify(value);
    const next = this.chain.then(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      const tmp = `${this.path}.${String(process.pid)}.tmp`;
      await writeFile(tmp, text, 'utf8');
      await rename(tmp, this.path);
    });
    this.chain = next.catch(() => undefined);
    return next;
  }
}
