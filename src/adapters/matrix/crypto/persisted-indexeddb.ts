import * as fake from 'fake-indexeddb';
import type { CryptoStoreFile } from './crypto-store-file.js';
import { restoreSnapshot, takeSnapshot, type IdbFactoryLike } from './idb-snapshot.js';

/** The IndexedDB classes the Rust crypto's IndexedDB store reaches for as globals (it checks `instanceof` and builds key ranges). */
const GLOBAL_CLASSES = ['IDBCursor', 'IDBCursorWithValue', 'IDBDatabase', 'IDBIndex', 'IDBKeyRange', 'IDBObjectStore', 'IDBOpenDBRequest', 'IDBRequest', 'IDBTransaction', 'IDBVersionChangeEvent', 'IDBFactory'] as const;

/**
 * An in-memory IndexedDB (fake-indexeddb) that lives on in a file: opened
 * from the last snapshot, written back by `persist()`. The caller says when:
 * after a sync's to-device messages were taken in (before the sync position
 * moves past them: the homeserver deletes them then) and after each
 * encryption (before the event leaves: a megolm message index must never be
 * used twice). Concurrent `persist()` calls share one write and at most one
 * queued after it, so a burst costs two snapshots, not one per call.
 *
 * Node has one `globalThis.indexedDB`: one crypto store per process, which
 * is also what "one process per bot account" asks for.
 */
export class PersistedIndexedDb {
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  /** Changes since the last snapshot was taken: an idle sync writes nothing. */
  private changes = 0;
  /** Snapshots written (for tests and logs). */
  written = 0;

  private constructor(
    readonly factory: IdbFactoryLike,
    private readonly file: CryptoStoreFile,
  ) {}

  /** Restores the file (if any) into a fresh factory and installs it as the global IndexedDB. */
  static async open(file: CryptoStoreFile): Promise<PersistedIndexedDb> {
    // fake-indexeddb types itself with the DOM's IndexedDB types, which this project's lib leaves out.
    const Factory = fake.IDBFactory as unknown as new () => IdbFactoryLike;
    const factory = new Factory();
    const snapshot = await file.read();
    if (snapshot) await restoreSnapshot(factory, snapshot);
    const g = globalThis as Record<string, unknown>;
    for (const name of GLOBAL_CLASSES) g[name] = fake[name];
    g.indexedDB = factory;
    const db = new PersistedIndexedDb(factory, file);
    watchWrites(() => db.changes++);
    return db;
  }

  get path(): string {
    return this.file.path;
  }

  /** Writes a snapshot if anything was written to the databases since the last one was taken. */
  persist(): Promise<void> {
    if (!this.running) return this.changes > 0 ? this.start() : Promise.resolve();
    // A snapshot under way may predate the caller's change: one more after it covers every caller waiting now.
    this.queued ??= this.running.catch(() => undefined).then(() => {
      this.queued = null;
      return this.changes > 0 ? this.start() : undefined;
    });
    return this.queued;
  }

  private start(): Promise<void> {
    const seen = this.changes;
    const run = (async () => {
      const snapshot = await takeSnapshot(this.factory);
      await this.file.write(snapshot);
      // Changes made while the snapshot was read may or may not be in it: only those before count as saved.
      this.changes -= seen;
      this.written++;
    })();
    this.running = run;
    void run.finally(() => {
      if (this.running === run) this.running = null;
    }).catch(() => undefined);
    return run;
  }
}

let onWrite: (() => void) | null = null;

/**
 * Counts read-write transactions on fake-indexeddb's databases (the class
 * is shared by every factory; one persisted store per process). Patched once;
 * the latest store opened is the one counted.
 */
function watchWrites(count: () => void): void {
  const proto = (fake.IDBDatabase as unknown as { prototype: { transaction: (this: unknown, ...a: unknown[]) => unknown; __plenaryWatched?: boolean } }).prototype;
  onWrite = count;
  if (proto.__plenaryWatched) return;
  const original = proto.transaction;
  proto.transaction = function (this: unknown, ...a: unknown[]) {
    if (a[1] === 'readwrite' || a[1] === 'versionchange') onWrite?.();
    return original.apply(this, a);
  };
  proto.__plenaryWatched = true;
}
