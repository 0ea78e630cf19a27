import { mkdir, open } from 'node:fs/promises';
import { resolve } from 'node:path';

/**
 * A file name a member's text cannot steer: the core derives attachment names
 * from assembly names, so anything but letters, digits, `.`, `_` and `-`
 * becomes `-`, no leading dot (no hidden or `..` file), and a bounded length.
 */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[^\w.-]+/g, '-').replace(/^[.-]+/, '').slice(-120);
  return cleaned === '' ? 'attachment' : cleaned;
}

/** `name`, then `name-1.ext`, `name-2.ext`…: the n-th name to try when the earlier ones exist. */
export function numberedName(name: string, n: number): string {
  if (n === 0) return name;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}-${n}${name.slice(dot)}` : `${name}-${n}`;
}

/**
 * Saves an attachment the console received (an `audit export`, a `motion blt`,
 * a CSV of results) in `dir`, never over an existing file: each name is
 * created exclusively (`wx`), so a file that exists, or appears meanwhile,
 * moves the save on to the next numbered name. Returns the path written.
 */
export async function saveAttachment(dir: string, filename: string, content: string): Promise<string> {
  const base = safeFileName(filename);
  await mkdir(dir, { recursive: true });
  for (let n = 0; n < 1000; n++) {
    const path = resolve(dir, numberedName(base, n));
    try {
      const file = await open(path, 'wx');
      try {
        await file.writeFile(content, 'utf8');
      } finally {
        await file.close();
      }
      return path;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  throw new Error(`${base} and its 999 numbered variants all exist in ${dir}`);
}
