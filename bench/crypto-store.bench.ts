/*
 * What a crypto-store snapshot costs as the store grows: the Matrix bot writes
 * one after each sync that changed its crypto store and before each encrypted
 * event leaves (PersistedIndexedDb). Fills fake-indexeddb with N records shaped
 * like inbound megolm sessions (~1 KB of bytes each, the bulk of a bot's store:
 * one per member device per room and rotation), then times persist() (snapshot
 * + fsynced atomic write). Run: bash scripts/with-node.sh tsx bench/crypto-store.bench.ts
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CryptoStoreFile } from '../src/adapters/matrix/crypto/crypto-store-file.js';
import { PersistedIndexedDb } from '../src/adapters/matrix/crypto/persisted-indexeddb.js';

type Req = { result: unknown; onsuccess: (() => void) | null; onupgradeneeded?: (() => void) | null };
type Db = { transaction(s: string[], m: string): { objectStore(n: string): { put(v: unknown, k: unknown): unknown }; oncomplete: (() => void) | null }; createObjectStore(n: string): unknown; close(): void };

const dir = await mkdtemp(join(tmpdir(), 'plenary-bench-crypto-'));
const rows: string[] = [];
try {
  let baseline = 0;
  for (const n of [100, 1_000, 10_000]) {
    const path = join(dir, `s-${String(n)}.bin`);
    const p = await PersistedIndexedDb.open(new CryptoStoreFile(path));
    const open = p.factory.open('bench', 1) as unknown as Req;
    open.onupgradeneeded = () => (open.result as Db).createObjectStore('inbound_group_sessions');
    const db = await new Promise<Db>((ok) => (open.onsuccess = () => ok(open.result as Db)));
    const t = db.transaction(['inbound_group_sessions'], 'readwrite');
    const done = new Promise<void>((ok) => (t.oncomplete = ok));
    for (let i = 0; i < n; i++) t.objectStore('inbound_group_sessions').put({ room: `!room${String(i % 50)}:x`, pickled: new Uint8Array(1024).fill(i % 256) }, `session-${String(i)}`);
    await done;
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
      const w = db.transaction(['inbound_group_sessions'], 'readwrite'); // one change, as a sync with a new key makes
      const wDone = new Promise<void>((ok) => (w.oncomplete = ok));
      w.objectStore('inbound_group_sessions').put({ pickled: new Uint8Array(8) }, 'touch');
      await wDone;
      const t0 = performance.now();
      await p.persist();
      times.push(performance.now() - t0);
    }
    db.close();
    times.sort((a, b) => a - b);
    const median = times[2] ?? 0;
    if (n === 100) baseline = median;
    const size = (await stat(path)).size;
    rows.push(`${String(n).padStart(6)} sessions  ${(size / 1e6).toFixed(2).padStart(6)} MB  persist median ${median.toFixed(1).padStart(7)} ms  (${(median / baseline).toFixed(1)}× the 100-session store)`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
console.log('crypto store snapshot (fake-indexeddb → v8 serialize → fsync + rename), 5 rounds each:');
for (const r of rows) console.log(r);
