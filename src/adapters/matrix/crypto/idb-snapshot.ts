/**
 * A whole IndexedDB factory as one value and back, through the IndexedDB API
 * alone (no knowledge of the implementation's internals): every database
 * with its version, object stores, indexes, keys and values. Values and keys
 * are whatever IndexedDB can store (structured clones), so the file format is
 * node:v8's serializer, which speaks the structured-clone algorithm.
 *
 * Why: matrix-js-sdk's Rust crypto persists only to IndexedDB, which Node
 * lacks (matrix-org/matrix-js-sdk#4769). The bot runs it on fake-indexeddb
 * (in memory) and keeps a snapshot of it on disk (see CryptoStoreFile).
 */

/** The part of the IndexedDB API used here; fake-indexeddb implements it (the DOM types are not in this project's lib). */
export interface IdbFactoryLike {
  open(name: string, version?: number): IdbRequestLike<IdbDatabaseLike> & { onupgradeneeded: ((ev: unknown) => void) | null; onblocked: ((ev: unknown) => void) | null };
  databases(): Promise<readonly { name?: string; version?: number }[]>;
}
interface IdbRequestLike<T> {
  readonly result: T;
  readonly error: unknown;
  onsuccess: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}
interface IdbDatabaseLike {
  readonly version: number;
  readonly objectStoreNames: ArrayLike<string>;
  transaction(stores: string[], mode: 'readonly' | 'readwrite'): IdbTransactionLike;
  createObjectStore(name: string, o: { keyPath: string | string[] | null; autoIncrement: boolean }): IdbStoreLike;
  close(): void;
}
interface IdbTransactionLike {
  objectStore(name: string): IdbStoreLike;
  oncomplete: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onabort: ((ev: unknown) => void) | null;
  readonly error: unknown;
}
interface IdbStoreLike {
  readonly keyPath: string | string[] | null;
  readonly autoIncrement: boolean;
  readonly indexNames: ArrayLike<string>;
  index(name: string): { readonly keyPath: string | string[]; readonly unique: boolean; readonly multiEntry: boolean };
  createIndex(name: string, keyPath: string | string[], o: { unique: boolean; multiEntry: boolean }): unknown;
  getAll(): IdbRequestLike<unknown[]>;
  getAllKeys(): IdbRequestLike<unknown[]>;
  put(value: unknown, key?: unknown): IdbRequestLike<unknown>;
}

export interface StoreSnapshot {
  readonly name: string;
  readonly keyPath: string | string[] | null;
  readonly autoIncrement: boolean;
  readonly indexes: readonly { name: string; keyPath: string | string[]; unique: boolean; multiEntry: boolean }[];
  readonly keys: readonly unknown[];
  readonly values: readonly unknown[];
}
export interface DatabaseSnapshot {
  readonly name: string;
  readonly version: number;
  readonly stores: readonly StoreSnapshot[];
}
export interface IdbSnapshot {
  readonly format: 'plenary-idb-snapshot';
  readonly formatVersion: 1;
  readonly databases: readonly DatabaseSnapshot[];
}

const done = <T>(r: IdbRequestLike<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(toError(r.error));
  });

const finished = (t: IdbTransactionLike): Promise<void> =>
  new Promise((resolve, reject) => {
    t.oncomplete = () => resolve();
    t.onerror = () => reject(toError(t.error));
    t.onabort = () => reject(toError(t.error ?? 'transaction aborted'));
  });

const toError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));
const names = (l: ArrayLike<string>): string[] => Array.from(l);

/** Reads every database, each in one read-only transaction over all its stores (a consistent view). */
export async function takeSnapshot(factory: IdbFactoryLike): Promise<IdbSnapshot> {
  const databases: DatabaseSnapshot[] = [];
  for (const info of await factory.databases()) {
    if (!info.name) continue;
    const db = await done(factory.open(info.name));
    try {
      const storeNames = names(db.objectStoreNames);
      const stores: StoreSnapshot[] = [];
      if (storeNames.length > 0) {
        const t = db.transaction(storeNames, 'readonly');
        const end = finished(t);
        const reads = storeNames.map(async (name) => {
          const s = t.objectStore(name);
          const indexes = names(s.indexNames).map((i) => {
            const ix = s.index(i);
            return { name: i, keyPath: ix.keyPath, unique: ix.unique, multiEntry: ix.multiEntry };
          });
          // getAll and getAllKeys in one transaction walk the same records in the same (key) order.
          const [keys, values] = await Promise.all([done(s.getAllKeys()), done(s.getAll())]);
          return { name, keyPath: s.keyPath, autoIncrement: s.autoIncrement, indexes, keys, values };
        });
        stores.push(...(await Promise.all(reads)));
        await end;
      }
      databases.push({ name: info.name, version: db.version, stores });
    } finally {
      db.close();
    }
  }
  return { format: 'plenary-idb-snapshot', formatVersion: 1, databases };
}

/** Recreates the snapshot's databases (same versions, stores and indexes) in an empty factory. */
export async function restoreSnapshot(factory: IdbFactoryLike, snapshot: IdbSnapshot): Promise<void> {
  for (const d of snapshot.databases) {
    const request = factory.open(d.name, d.version);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (names(db.objectStoreNames).length > 0) throw new Error(`database ${d.name} already exists; restore into an empty factory`);
      for (const s of d.stores) {
        const store = db.createObjectStore(s.name, { keyPath: s.keyPath, autoIncrement: s.autoIncrement });
        for (const i of s.indexes) store.createIndex(i.name, i.keyPath, { unique: i.unique, multiEntry: i.multiEntry });
      }
    };
    const db = await done(request);
    try {
      if (d.stores.length === 0) continue;
      const t = db.transaction(
        d.stores.map((s) => s.name),
        'readwrite',
      );
      const end = finished(t);
      for (const s of d.stores) {
        const store = t.objectStore(s.name);
        s.values.forEach((v, i) => (s.keyPath === null ? store.put(v, s.keys[i]) : store.put(v)));
      }
      await end;
    } finally {
      db.close();
    }
  }
}

/** Whether a decoded value has the snapshot's shape (a file from elsewhere is refused, not half-loaded). */
export function isIdbSnapshot(v: unknown): v is IdbSnapshot {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Partial<IdbSnapshot>;
  return s.format === 'plenary-idb-snapshot' && s.formatVersion === 1 && Array.isArray(s.databases);
}
