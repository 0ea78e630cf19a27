/*
 * For the crypto-store crash test: writes snapshots of generation 1, 2, 3, …
 * (each about 2 MB, so a kill lands mid-write often) to the file named in
 * argv[2] as fast as it can, printing `wrote <n>` after each, until killed.
 */
import { CryptoStoreFile } from '../../src/adapters/matrix/crypto/crypto-store-file.js';
import type { IdbSnapshot } from '../../src/adapters/matrix/crypto/idb-snapshot.js';

const file = new CryptoStoreFile(process.argv[2] ?? '');
const blob = new Uint8Array(2_000_000).map((_, i) => i % 251);
for (let n = 1; ; n++) {
  const snapshot: IdbSnapshot = { format: 'plenary-idb-snapshot', formatVersion: 1, databases: [{ name: 'gen', version: n, stores: [{ name: 's', keyPath: null, autoIncrement: false, indexes: [], keys: ['blob'], values: [blob] }] }] };
  await file.write(snapshot);
  process.stdout.write(`wrote ${String(n)}\n`);
}
