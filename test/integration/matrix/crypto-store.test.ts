import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as rc from '@matrix-org/matrix-sdk-crypto-wasm';
import * as fake from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CryptoStoreFile, CryptoStoreUnreadableError, fsyncedSteps, type SnapshotWriteSteps } from '../../../src/adapters/matrix/crypto/crypto-store-file.js';
import { restoreSnapshot, takeSnapshot, type IdbFactoryLike, type IdbSnapshot } from '../../../src/adapters/matrix/crypto/idb-snapshot.js';
import { PersistedIndexedDb } from '../../../src/adapters/matrix/crypto/persisted-indexeddb.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plenary-crypto-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const Factory = fake.IDBFactory as unknown as new () => IdbFactoryLike;
type Db = { transaction(s: string[], m: string): { objectStore(n: string): Store; oncomplete: (() => void) | null }; close(): void; createObjectStore(n: string, o: object): Store };
type Store = { put(v: unknown, k?: unknown): Req; get(k: unknown): Req; index(n: string): { get(k: unknown): Req }; createIndex(n: string, p: string, o: object): void };
type Req = { result: unknown; onsuccess: (() => void) | null; onerror: (() => void) | null; error: unknown };
const req = <T>(r: Req): Promise<T> => new Promise((ok, ko) => ((r.onsuccess = () => ok(r.result as T)), (r.onerror = () => ko(new Error(String(r.error))))));
const openDb = (f: IdbFactoryLike, name: string, version?: number, upgrade?: (db: Db) => void): Promise<Db> => {
  const r = f.open(name, version) as unknown as Req & { onupgradeneeded: (() => void) | null };
  if (upgrade) r.onupgradeneeded = () => upgrade(r.result as Db);
  return req<Db>(r);
};
const gen = (s: IdbSnapshot | null): number => s?.databases[0]?.version ?? 0;
const snapshotOf = (n: number): IdbSnapshot => ({ format: 'plenary-idb-snapshot', formatVersion: 1, databases: [{ name: 'gen', version: n, stores: [] }] });

describe('GIVEN an IndexedDB with in-line and out-of-line keys, indexes, binary and compound keys', () => {
  it('THEN a snapshot restored into an empty factory has the same records, working indexes and key generator', async () => {
    const a = new Factory();
    const db = await openDb(a, 'crypto', 7, (d) => {
      const s = d.createObjectStore('sessions', { keyPath: 'id' });
      s.createIndex('by_room', 'room', { unique: false, multiEntry: false });
      d.createObjectStore('blobs', { keyPath: null, autoIncrement: false });
      d.createObjectStore('log', { keyPath: null, autoIncrement: true });
    });
    const t = db.transaction(['sessions', 'blobs', 'log'], 'readwrite');
    const done = new Promise<void>((ok) => (t.oncomplete = ok));
    t.objectStore('sessions').put({ id: 'S1', room: '!r:x', pickle: new Uint8Array([1, 2, 255]), at: new Date(5) });
    t.objectStore('blobs').put({ bytes: new Uint8Array([9, 8]) }, ['!r:x', new Uint8Array([0, 1]).buffer]);
    t.objectStore('log').put('first');
    t.objectStore('log').put('second');
    await done;
    db.close();

    const file = new CryptoStoreFile(join(dir, 'store.bin'));
    await file.write(await takeSnapshot(a));
    const b = new Factory();
    const read = await file.read();
    if (!read) throw new Error('no snapshot');
    await restoreSnapshot(b, read);

    const again = await openDb(b, 'crypto');
    const r = again.transaction(['sessions', 'blobs', 'log'], 'readwrite');
    const s = r.objectStore('sessions');
    expect(await req(s.get('S1'))).toEqual({ id: 'S1', room: '!r:x', pickle: new Uint8Array([1, 2, 255]), at: new Date(5) });
    expect(await req(s.index('by_room').get('!r:x'))).toMatchObject({ id: 'S1' });
    expect(await req(r.objectStore('blobs').get(['!r:x', new Uint8Array([0, 1]).buffer]))).toEqual({ bytes: new Uint8Array([9, 8]) });
    expect(await req(r.objectStore('log').put('third'))).toBe(3);
    again.close();
    expect(await b.databases()).toEqual([{ name: 'crypto', version: 7 }]);
  });
});

describe('GIVEN the Rust crypto machine on a persisted IndexedDB', () => {
  it('THEN a new "process" restoring the file is the same device with the same identity keys and nothing to upload again', async () => {
    const path = join(dir, 'crypto.bin');
    const first = await PersistedIndexedDb.open(new CryptoStoreFile(path));
    await rc.initAsync();
    const m1 = await rc.OlmMachine.initialize(new rc.UserId('@bot:test'), new rc.DeviceId('DEVICE1'), 'plenary-crypto');
    const identity = m1.identityKeys.curve25519.toBase64();
    const upload = (await m1.outgoingRequests()).find((x) => x instanceof rc.KeysUploadRequest);
    if (!upload) throw new Error('a new device uploads its keys');
    await m1.markRequestAsSent(upload.id, upload.type, JSON.stringify({ one_time_key_counts: { signed_curve25519: 50 } }));
    await first.persist();
    m1.close();

    await PersistedIndexedDb.open(new CryptoStoreFile(path)); // a fresh factory from the file, as after a restart
    const m2 = await rc.OlmMachine.initialize(new rc.UserId('@bot:test'), new rc.DeviceId('DEVICE1'), 'plenary-crypto');
    expect(m2.identityKeys.curve25519.toBase64()).toBe(identity);
    expect((await m2.outgoingRequests()).some((x) => x instanceof rc.KeysUploadRequest)).toBe(false);
    m2.close();

    // Without the file, the same device id would get new keys: what the file prevents.
    await PersistedIndexedDb.open(new CryptoStoreFile(join(dir, 'none.bin')));
    const m3 = await rc.OlmMachine.initialize(new rc.UserId('@bot:test'), new rc.DeviceId('DEVICE1'), 'plenary-crypto');
    expect(m3.identityKeys.curve25519.toBase64()).not.toBe(identity);
    m3.close();
  });

  it('THEN concurrent persist calls share writes (at most one queued), a persist with nothing changed writes nothing, and the last write holds the last change', async () => {
    let writes = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const slow: SnapshotWriteSteps = { writeTemp: async (tmp, data) => (writes++, await gate, fsyncedSteps.writeTemp(tmp, data)), replace: (tmp, to) => fsyncedSteps.replace(tmp, to) };
    const file = new CryptoStoreFile(join(dir, 'c.bin'), slow);
    const p = await PersistedIndexedDb.open(file);
    const db = await openDb(p.factory, 'n', 1, (d) => d.createObjectStore('kv', { keyPath: null }));
    const put = async (v: number): Promise<void> => {
      const t = db.transaction(['kv'], 'readwrite');
      const done = new Promise<void>((ok) => (t.oncomplete = ok));
      t.objectStore('kv').put(v, 'k');
      await done;
    };
    await put(1);
    const calls = [p.persist()];
    await new Promise((r) => setTimeout(r, 20)); // the first write has taken its snapshot and waits
    await put(2);
    for (let i = 0; i < 20; i++) calls.push(p.persist());
    release();
    await Promise.all(calls);
    expect(writes).toBe(2);
    // Nothing changed since: an idle sync's persist writes nothing.
    await p.persist();
    await p.persist();
    expect(writes).toBe(2);
    await put(3);
    await p.persist();
    expect(writes).toBe(3);
    db.close();
    const stored = await new CryptoStoreFile(join(dir, 'c.bin')).read();
    expect(stored?.databases[0]?.stores[0]?.values).toEqual([3]);
  });
});

describe('GIVEN a snapshot on disk', () => {
  it('WHEN a write fails after the temporary file is written THEN the previous snapshot is read and no temporary file is left', async () => {
    const path = join(dir, 's.bin');
    await new CryptoStoreFile(path).write(snapshotOf(1));
    const crashing: SnapshotWriteSteps = {
      writeTemp: async (tmp, data) => {
        await writeFile(tmp, data.subarray(0, data.length >> 1)); // half of it, then the "crash"
        throw new Error('disk full');
      },
      replace: (tmp, to) => fsyncedSteps.replace(tmp, to),
    };
    await expect(new CryptoStoreFile(path, crashing).write(snapshotOf(2))).rejects.toThrow('disk full');
    expect(gen(await new CryptoStoreFile(path).read())).toBe(1);
    expect(await readdir(dir)).toEqual(['s.bin']);
  });

  it('WHEN the writing process is killed (SIGKILL) mid-write, again and again THEN the file is always a whole snapshot, never older than the last one reported written', { timeout: 60_000 }, async () => {
    const path = join(dir, 'k.bin');
    let lastReported = 0;
    for (let round = 0; round < 8; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, '../../support/crypto-store-writer.ts'), path], { stdio: ['ignore', 'pipe', 'inherit'] });
      let reported = 0;
      child.stdout.on('data', (b: Buffer) => {
        const m = /wrote (\d+)\s*$/.exec(b.toString());
        if (m) reported = Number(m[1]);
      });
      // Kill at a different moment each round, once writes are under way.
      while (reported < 2) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 7 + round * 13));
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGKILL');
      await exited;
      const n = gen(await new CryptoStoreFile(path).read());
      expect(n).toBeGreaterThanOrEqual(reported);
      lastReported = Math.max(lastReported, reported);
    }
    expect(lastReported).toBeGreaterThan(1);
  });

  it('WHEN the file is damaged THEN it is refused with a message, not replaced by an empty store (a new device)', async () => {
    const path = join(dir, 'd.bin');
    await new CryptoStoreFile(path).write(snapshotOf(3));
    const bytes = await readFile(path);
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] ?? 0) ^ 0xff;
    await writeFile(path, bytes);
    await expect(new CryptoStoreFile(path).read()).rejects.toThrow(CryptoStoreUnreadableError);
    await expect(PersistedIndexedDb.open(new CryptoStoreFile(path))).rejects.toThrow(/will not start with an empty one/);
    await writeFile(path, 'not a store');
    await expect(new CryptoStoreFile(path).read()).rejects.toThrow(/not a Plenary crypto store/);
  });
});
